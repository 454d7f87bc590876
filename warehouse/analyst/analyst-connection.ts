/**
 * The connection analyst SQL runs on: the analyst snapshot opened READ_ONLY,
 * with external access disabled (no COPY … TO, ATTACH, read_csv/read_text of
 * arbitrary files, INSTALL) and the configuration locked so a query cannot
 * `SET` any of that back on. With `--scope`, the connection opens a snapshot
 * built for that ICS alone, in a temporary directory removed on close.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { AnalystQueryError, AnalystReadOnlyError } from "../../core/errors.js";
import { analystMessages as message } from "../../core/messages.js";
import type { AnalystScope } from "./analyst-scope.js";
import { buildScopedSnapshot, readSnapshotInfo, type SnapshotInfo } from "./analyst-snapshot.js";

export interface AnalystConnection {
  info: SnapshotInfo;
  connection: DuckDBConnection;
  close(): void;
}

/** The DuckDB settings that make a connection safe to hand to an analyst. */
export const analystDuckDbConfig: Readonly<Record<string, string>> = {
  access_mode: "READ_ONLY",
  enable_external_access: "false",
  autoinstall_known_extensions: "false",
  autoload_known_extensions: "false",
  lock_configuration: "true",
};

/** DuckDB's wording when a statement is refused by read-only mode, disabled external access or the lock. */
const refusal =
  /read-only mode|disabled by configuration|disabled through configuration|configuration has been locked|Permission Error|in-memory database in read-only/i;

/** Maps DuckDB's error to the analyst's typed error: refused (read-only) or failed (anything else). */
export function analystError(error: unknown): AnalystReadOnlyError | AnalystQueryError {
  const detail = (error instanceof Error ? error.message : String(error)).split("\n")[0] ?? "";
  if (refusal.test(detail))
    return new AnalystReadOnlyError(message.analystReadOnly(detail), { cause: error });
  return new AnalystQueryError("ANALYST_QUERY_FAILED", message.analystQueryFailed(detail), { cause: error });
}

/** A snapshot DuckDB cannot open, or without its info table, as a typed error that says how to rebuild it. */
function snapshotDamaged(path: string, error: unknown): AnalystQueryError {
  if (error instanceof AnalystQueryError) return error;
  const detail = (error instanceof Error ? error.message : String(error)).split("\n")[0] ?? "";
  return new AnalystQueryError("ANALYST_SNAPSHOT_DAMAGED", message.analystSnapshotDamaged(path, detail), {
    cause: error,
  });
}

export async function openAnalystConnection(
  snapshotPath: string,
  scope?: AnalystScope,
): Promise<AnalystConnection> {
  let scopedDirectory: string | undefined;
  let path = snapshotPath;
  if (scope) {
    scopedDirectory = mkdtempSync(join(tmpdir(), "ohwb-analyst-scope-"));
    path = join(scopedDirectory, `analyst-${scope.code}.duckdb`);
    try {
      await buildScopedSnapshot(snapshotPath, scope, path);
    } catch (error) {
      rmSync(scopedDirectory, { recursive: true, force: true });
      throw snapshotDamaged(snapshotPath, error);
    }
  }
  let instance: DuckDBInstance;
  let connection: DuckDBConnection;
  try {
    instance = await DuckDBInstance.create(path, { ...analystDuckDbConfig });
    connection = await instance.connect();
  } catch (error) {
    if (scopedDirectory) rmSync(scopedDirectory, { recursive: true, force: true });
    throw snapshotDamaged(snapshotPath, error);
  }
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    connection.closeSync();
    instance.closeSync();
    if (scopedDirectory) rmSync(scopedDirectory, { recursive: true, force: true });
  };
  try {
    const info = await readSnapshotInfo(connection, snapshotPath);
    return { info, connection, close };
  } catch (error) {
    close();
    throw snapshotDamaged(snapshotPath, error);
  }
}

export interface QueryResult {
  columns: string[];
  /** DuckDB type of each column, e.g. "INTEGER", "DECIMAL(18,2)", "VARCHAR". */
  types: string[];
  rows: Record<string, unknown>[];
}

const numericType =
  /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL)/;

/** Runs one analyst statement; numbers come back as JS numbers, everything else as DuckDB's JSON form. */
export async function runAnalystQuery(analyst: AnalystConnection, sql: string): Promise<QueryResult> {
  let reader: Awaited<ReturnType<DuckDBConnection["runAndReadAll"]>>;
  try {
    reader = await analyst.connection.runAndReadAll(sql);
  } catch (error) {
    throw analystError(error);
  }
  const columns = reader.columnNames();
  const types = reader.columnTypes().map((type) => type.toString());
  const numeric = types.map((type) => numericType.test(type));
  const rows = reader.getRowsJson().map((values) => {
    const row: Record<string, unknown> = {};
    columns.forEach((column, index) => {
      const value = values[index];
      row[column] = numeric[index] && value !== null && value !== undefined ? Number(value) : value;
    });
    return row;
  });
  return { columns, types, rows };
}
