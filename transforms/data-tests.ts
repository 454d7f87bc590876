/**
 * Data tests: transforms/tests/<name>.sql, each a SELECT returning the rows
 * that break a rule (zero rows = pass), with a `-- description:` header.
 * `ohwb check` runs them all against a built warehouse and records the outcome
 * in data_test_results.
 */
import { readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { type DuckDBConnection, DuckDBTimestampTZValue } from "@duckdb/node-api";
import { projectRoot } from "../core/project-root.js";
import { ModelDefinitionError } from "./model-catalogue.js";
import { parseSqlHeader } from "./sql-header.js";
import { renderSql, type SqlParameters } from "./sql-parameters.js";

/** `error` failures stop publishing; `warn` failures are reported and published anyway. */
export type DataTestSeverity = "warn" | "error";

export interface DataTest {
  name: string;
  severity?: DataTestSeverity;
  description: string;
  path: string;
  sql: string;
}

export interface DataTestResult {
  name: string;
  description: string;
  severity: DataTestSeverity;
  passed: boolean;
  failingRows: number;
  /** Up to five failing rows, for the report. */
  sample: Record<string, unknown>[];
  /** Set when the test could not run at all (e.g. a model was never built); counts as a failure. */
  error?: string;
}

export function dataTestsDirectory(): string {
  return join(projectRoot(), "transforms", "tests");
}

export function loadDataTests(directory = dataTestsDirectory()): DataTest[] {
  return readdirSync(directory)
    .filter((file) => file.endsWith(".sql"))
    .sort()
    .map((file) => {
      const path = join(directory, file);
      const sql = readFileSync(path, "utf8");
      const { header, problems } = parseSqlHeader(sql);
      const first = problems[0];
      if (first) throw new ModelDefinitionError(`${path}:${first.line}: ${first.problem}`, { path });
      if (!header.description) throw new ModelDefinitionError(`${path}: missing "-- description:"`, { path });
      return { name: basename(file, ".sql"), description: header.description, path, sql };
    });
}

export async function runDataTests(
  connection: DuckDBConnection,
  parameters: SqlParameters,
  tests: DataTest[] = loadDataTests(),
): Promise<DataTestResult[]> {
  const results: DataTestResult[] = [];
  for (const test of tests) {
    const description = renderSql(test.description, parameters, test.path);
    const severity = test.severity ?? "error";
    try {
      const select = renderSql(test.sql, parameters, test.path);
      const counted = await connection.runAndReadAll(`SELECT count(*) AS n FROM (${select}\n) AS failing`);
      const failingRows = Number(counted.getRowObjectsJson()[0]?.n ?? 0);
      const sample =
        failingRows === 0
          ? []
          : (
              await connection.runAndReadAll(`SELECT * FROM (${select}\n) AS failing LIMIT 5`)
            ).getRowObjectsJson();
      results.push({
        name: test.name,
        description,
        severity,
        passed: failingRows === 0,
        failingRows,
        sample,
      });
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      results.push({
        name: test.name,
        description,
        severity,
        passed: false,
        failingRows: 0,
        sample: [],
        error: detail,
      });
    }
  }
  const appender = await connection.createAppender("data_test_results");
  const checkedAt = new DuckDBTimestampTZValue(BigInt(Date.now()) * 1000n);
  for (const result of results) {
    appender.appendTimestampTZ(checkedAt);
    appender.appendVarchar(result.name);
    appender.appendBoolean(result.passed);
    appender.appendBigInt(BigInt(result.failingRows));
    appender.endRow();
  }
  appender.closeSync();
  return results;
}
