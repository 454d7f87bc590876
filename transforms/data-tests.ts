/**
 * Data tests, declared beside the models they check:
 * - in a model's header, one `-- test:` line each (unique and not-null keys, accepted values,
 *   relationships, row conditions: data-test-declarations.ts), turned into SQL here;
 * - custom SQL tests, a `<name>.test.sql` file beside the model it chiefly checks: a SELECT returning
 *   the rows that break a rule, with `-- description:`, `-- depends:` (every model it reads, checked
 *   against its FROM and JOIN clauses like a model's) and optionally `-- severity: warn`.
 * Each returns the rows that break its rule (zero rows = pass). `ohwb check` runs them all against a
 * built warehouse and records the outcome in data_test_results; the data dictionary lists the same tests.
 */
import { join } from "node:path";
import { type DuckDBConnection, DuckDBTimestampTZValue } from "@duckdb/node-api";
import { quoteIdentifier as id, quoteLiteral } from "../core/sql-quote.js";
import type { DataTestSeverity, DeclaredTest } from "./data-test-declarations.js";
import { loadModels, type Model, modelLayers, modelsDirectory } from "./model-catalogue.js";
import { checkLineage } from "./model-lineage.js";
import { readSqlFiles } from "./sql-files.js";
import { renderSql, type SqlParameters } from "./sql-parameters.js";
import { DataTestDefinitionError } from "./transform-errors.js";

export interface DataTest {
  name: string;
  description: string;
  severity: DataTestSeverity;
  /** The models it checks: the one declaring it, or a custom test's `-- depends:`. */
  models: string[];
  /** The model file declaring it, or the custom test file. */
  path: string;
  sql: string;
}

export interface DataTestResult {
  name: string;
  description: string;
  severity: DataTestSeverity;
  /** "warn": a `warn` test found rows breaking its rule; "fail": an `error` test did, or a test could not run. */
  status: "pass" | "warn" | "fail";
  /** Whether the test lets `ohwb check` pass (status is not "fail"). */
  passed: boolean;
  failingRows: number;
  /** Up to five failing rows, for the report. */
  sample: Record<string, unknown>[];
  /** Set when the test could not run at all (e.g. a model was never built); counts as a failure. */
  error?: string;
}

const customTestSuffix = ".test";

/** Every model's declared tests, then the custom test files beside the models. */
export function loadDataTests(
  models: readonly Model[] = loadModels(),
  directory = modelsDirectory(),
): DataTest[] {
  const byName = new Map(models.map((model) => [model.name, model]));
  const declared = models.flatMap((model) => model.tests.map((test) => declaredTest(model, test, byName)));
  const custom = modelLayers.flatMap((layer) =>
    readSqlFiles(join(directory, layer))
      .filter((file) => file.name.endsWith(customTestSuffix))
      .map(({ name, path, sql, header }) => ({
        name: name.slice(0, -customTestSuffix.length),
        description: header.description,
        severity: header.severity ?? "error",
        models: header.depends,
        path,
        sql,
      })),
  );
  for (const test of custom)
    for (const model of test.models)
      if (!byName.has(model))
        throw new DataTestDefinitionError(test.path, `depends on "${model}", which is not a model`);
  checkLineage(
    custom.map((test) => ({ ...test, depends: test.models, reads: [] })),
    models.map((model) => model.name),
  );
  return [...declared, ...custom];
}

function declaredTest(model: Model, test: DeclaredTest, models: ReadonlyMap<string, Model>): DataTest {
  const documented = new Set(model.columns.map((column) => column.name));
  const where = `${model.path} (-- test: ${test.text})`;
  const columns =
    test.kind === "unique" || test.kind === "not_null"
      ? test.columns
      : test.kind === "accepted_values" || test.kind === "relationship"
        ? [test.column]
        : [];
  const unknown = columns.find((column) => !documented.has(column));
  if (unknown) throw new DataTestDefinitionError(where, `"${unknown}" is not a column of ${model.name}`);
  const table = id(model.name);
  let sql: string;
  let description: string;
  if (test.kind === "unique") {
    const list = test.columns.map(id).join(", ");
    sql = `SELECT ${list}, count(*) AS copies FROM ${table} GROUP BY ALL HAVING count(*) > 1`;
    description = `no two rows of ${model.name} share ${test.columns.join(", ")}`;
  } else if (test.kind === "not_null") {
    sql = `SELECT * FROM ${table} WHERE ${test.columns.map((column) => `${id(column)} IS NULL`).join(" OR ")}`;
    description = `${test.columns.join(", ")} of ${model.name} ${test.columns.length === 1 ? "is" : "are"} never null`;
  } else if (test.kind === "accepted_values") {
    const column = id(test.column);
    sql = `SELECT ${column} AS value, count(*) AS rows FROM ${table}
      WHERE ${column} IS NOT NULL AND CAST(${column} AS VARCHAR) NOT IN (${test.values.map(quoteLiteral).join(", ")})
      GROUP BY ALL`;
    description = `${test.column} of ${model.name} is one of ${test.values.join(", ")}`;
  } else if (test.kind === "relationship") {
    const target = models.get(test.model);
    if (!target) throw new DataTestDefinitionError(where, `"${test.model}" is not a model`);
    if (!target.columns.some((column) => column.name === test.to))
      throw new DataTestDefinitionError(where, `"${test.to}" is not a column of ${test.model}`);
    const column = id(test.column);
    sql = `SELECT ${column} AS value, count(*) AS rows FROM ${table}
      WHERE ${column} IS NOT NULL${test.where ? ` AND (${test.where})` : ""}
        AND ${column} NOT IN (SELECT ${id(test.to)} FROM ${id(test.model)} WHERE ${id(test.to)} IS NOT NULL)
      GROUP BY ALL`;
    description = `every ${test.column} of ${model.name}${test.where ? ` where ${test.where}` : ""} is a ${test.to} of ${test.model}`;
  } else {
    sql = `SELECT * FROM ${table} WHERE NOT (${test.condition})`;
    description = `every row of ${model.name} has ${test.condition}`;
  }
  return {
    name: `${model.name}: ${test.text}`,
    description,
    severity: test.severity,
    models: test.kind === "relationship" ? [model.name, test.model] : [model.name],
    path: model.path,
    sql,
  };
}

export async function runDataTests(
  connection: DuckDBConnection,
  parameters: SqlParameters,
  tests: DataTest[] = loadDataTests(),
): Promise<DataTestResult[]> {
  const results: DataTestResult[] = [];
  for (const test of tests) {
    const description = renderSql(test.description, parameters, test.path);
    const outcome = { name: test.name, description, severity: test.severity };
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
      const status = failingRows === 0 ? "pass" : test.severity === "warn" ? "warn" : "fail";
      results.push({ ...outcome, status, passed: status !== "fail", failingRows, sample });
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      results.push({ ...outcome, status: "fail", passed: false, failingRows: 0, sample: [], error: detail });
    }
  }
  const appender = await connection.createAppender("data_test_results");
  const checkedAt = new DuckDBTimestampTZValue(BigInt(Date.now()) * 1000n);
  for (const result of results) {
    appender.appendTimestampTZ(checkedAt);
    appender.appendVarchar(result.name);
    appender.appendBoolean(result.status === "pass");
    appender.appendBigInt(BigInt(result.failingRows));
    appender.endRow();
  }
  appender.closeSync();
  return results;
}
