/**
 * The publish gate, as `dbt build` has it: the data tests run after a build,
 * and only error-severity failures stop publishing. Freshness has two
 * thresholds: data older than `warnMonths` is a warning, older than
 * `errorMonths` an error.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { type DataTest, type DataTestResult, loadDataTests, runDataTests } from "../transforms/data-tests.js";
import { jobMessages as message } from "./job-messages.js";

export interface FreshnessThresholds {
  /** Months behind the as-of date before freshness warns (default 1). */
  warnMonths: number;
  /** Months behind the as-of date before freshness fails the gate (default 3, as `ohwb check`). */
  errorMonths: number;
}

export const defaultFreshness: FreshnessThresholds = { warnMonths: 1, errorMonths: 3 };

export interface GateResult {
  results: DataTestResult[];
  /** Failures that stop publishing. */
  errors: DataTestResult[];
  /** Failures reported but published anyway. */
  warnings: DataTestResult[];
  passed: boolean;
}

export function gateOf(results: DataTestResult[]): GateResult {
  // status "fail": an error-severity test broke (or could not run); "warn": a warn-severity one broke
  const errors = results.filter((r) => r.status === "fail");
  return {
    results,
    errors,
    warnings: results.filter((r) => r.status === "warn"),
    passed: errors.length === 0,
  };
}

export async function runDataTestGate(
  connection: DuckDBConnection,
  asOf: string,
  freshness: FreshnessThresholds = defaultFreshness,
  tests: DataTest[] = loadDataTests(),
): Promise<GateResult> {
  const results = await runDataTests(connection, { asOf, freshnessMonths: freshness.errorMonths }, tests);
  const freshnessTest = tests.find((t) => t.name === "freshness");
  const freshAtError = results.find((r) => r.name === "freshness")?.passed;
  if (freshnessTest && freshAtError && freshness.warnMonths < freshness.errorMonths) {
    const [warn] = await runDataTests(connection, { asOf, freshnessMonths: freshness.warnMonths }, [
      { ...freshnessTest, name: "freshness_warn", severity: "warn" },
    ]);
    if (warn) results.push(warn);
  }
  return gateOf(results);
}

/** The failed tests as readable sentences (which test, which rows), errors first. */
export function gateReport(gate: GateResult): string[] {
  const lines: string[] = [];
  for (const test of [...gate.errors, ...gate.warnings]) {
    lines.push(message.testFailed(test));
    for (const row of test.sample) lines.push(message.testSampleRow(row));
  }
  return lines;
}

/**
 * For a build that runs only some tests (`--select`): the error-severity tests left out whose latest
 * recorded result (data_test_results) failed. They still hold the snapshot back, so a partial build
 * cannot publish past a failure it did not re-check.
 */
export async function earlierFailures(
  connection: DuckDBConnection,
  notRun: readonly DataTest[],
): Promise<DataTestResult[]> {
  const errorTests = new Map(notRun.filter((t) => t.severity === "error").map((t) => [t.name, t]));
  if (errorTests.size === 0) return [];
  const latest = (
    await connection.runAndReadAll(
      `SELECT test_name, arg_max(passed, checked_at) AS passed, arg_max(failing_rows, checked_at) AS failing_rows
       FROM data_test_results GROUP BY test_name`,
    )
  ).getRowObjectsJson();
  const failed: DataTestResult[] = [];
  for (const row of latest) {
    const test = errorTests.get(String(row.test_name));
    if (!test || row.passed !== false) continue;
    failed.push({
      name: message.earlierTestFailure(test.name),
      description: test.description,
      severity: "error",
      status: "fail",
      passed: false,
      failingRows: Number(row.failing_rows ?? 0),
      sample: [],
    });
  }
  return failed.sort((a, b) => a.name.localeCompare(b.name));
}
