/**
 * Packs and the dashboard site are evidence, so they are only published from a warehouse that passes
 * `ohwb check`: the data tests run first (against the last transform's as-of date) and any failure stops
 * the build with a typed error naming the failing tests.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { type DataTest, runDataTests } from "../transforms/data-tests.js";
import { lastTransformAsOf } from "../transforms/run-transforms.js";
import { DataTestsFailedError, NoTransformRunError } from "./dashboard-errors.js";
import { packMessages } from "./dashboard-messages.js";

export interface DataTestOutcome {
  asOf: string;
  passed: number;
  failed: number;
}

export async function assertWarehousePasses(
  connection: DuckDBConnection,
  warehouseLabel: string,
  options: {
    freshnessMonths?: number;
    tests?: DataTest[];
    /** What is refused, for the message: "an evidence pack" (default) or "the dashboard site". */
    publication?: string;
  } = {},
): Promise<DataTestOutcome> {
  const asOf = await lastTransformAsOf(connection);
  if (!asOf) throw new NoTransformRunError(packMessages.packNoTransformRun(warehouseLabel));
  const results = await runDataTests(
    connection,
    { asOf, freshnessMonths: options.freshnessMonths ?? 3 },
    options.tests,
  );
  const failing = results.filter((r) => !r.passed).map((r) => r.name);
  if (failing.length > 0) {
    throw new DataTestsFailedError(
      packMessages.publishDataTestsFailed(options.publication ?? "an evidence pack", warehouseLabel, failing),
      failing,
    );
  }
  return { asOf, passed: results.length, failed: 0 };
}

/** The data tests' outcome without the gate (for reporting); `failing` names the failed tests. */
export async function dataTestOutcome(
  connection: DuckDBConnection,
  asOf: string,
  freshnessMonths = 3,
): Promise<DataTestOutcome & { failing: string[] }> {
  const results = await runDataTests(connection, { asOf, freshnessMonths });
  const failing = results.filter((r) => !r.passed).map((r) => r.name);
  return { asOf, passed: results.length - failing.length, failed: failing.length, failing };
}
