/**
 * The connection analyst SQL runs on: the analyst snapshot opened READ_ONLY,
 * with external access disabled (no COPY … TO, ATTACH, read_csv/read_text of
 * arbitrary files, INSTALL) and the configuration locked so a query cannot
 * `SET` any of that back on. With `--scope`, the connection opens a snapshot
 * built for that ICS alone, in a temporary directory removed on close.
 * Every statement has a time limit (DuckDB has no statement timeout, so the
 * connection is interrupted when it passes) and spilling to disk is capped,
 * so one runaway query cannot hold a core or fill the disk indefinitely.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { isDuckDbFile } from "../../core/duckdb.js";
import { AnalystQueryError, AnalystReadOnlyError } from "../warehouse-errors.js";
import { analystMessages as message } from "../warehouse-messages.js";
import type { AnalystScope } from "./analyst-scope.js";
import { buildScopedSnapshot, readSnapshotInfoIfRecorded, type SnapshotInfo } from "./analyst-snapshot.js";

export interface AnalystConnection {
  info: SnapshotInfo;
  connection: DuckDBConnection;
  /** Each statement's limit; 0 = none. */
  timeoutSeconds: number;
  close(): void;
}

export interface AnalystLimits {
  /** Seconds a statement may run before it is interrupted; 0 = no limit. */
  timeoutSeconds?: number;
  /** DuckDB size string for the most a query may spill to the temporary directory, e.g. "4GiB". */
  maxSpill?: string;
}

export const DEFAULT_ANALYST_TIMEOUT_SECONDS = 300;
export const DEFAULT_ANALYST_MAX_SPILL = "4GiB";

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
  if (/max_temp_directory_size|temporary directory/i.test(detail)) {
    return new AnalystQueryError("ANALYST_SPILL_LIMIT", message.analystSpillLimit(detail), { cause: error });
  }
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

/**
 * A file the user named with --snapshot that is not a snapshot: said so, without the damaged
 * snapshot's advice to rebuild it (--refresh rebuilds <warehouse>.analyst.duckdb, not this file,
 * and the file may be the warehouse itself).
 */
function notASnapshotFile(path: string, error: unknown): AnalystQueryError {
  if (error instanceof AnalystQueryError) return error;
  const detail = (error instanceof Error ? error.message : String(error)).split("\n")[0] ?? "";
  return new AnalystQueryError("ANALYST_NOT_A_SNAPSHOT", message.analystNotASnapshotFile(path, detail), {
    cause: error,
  });
}

export async function openAnalystConnection(
  snapshotPath: string,
  scope?: AnalystScope,
  limits: AnalystLimits = {},
  /** "named": the user named the file (--snapshot), so it may be anything, even the warehouse. */
  origin: "warehouse" | "named" = "warehouse",
): Promise<AnalystConnection> {
  const unreadable = origin === "named" ? notASnapshotFile : snapshotDamaged;
  if (origin === "named" && !isDuckDbFile(snapshotPath)) {
    throw notASnapshotFile(snapshotPath, new Error("it does not start with DuckDB's file header"));
  }
  const timeoutSeconds = limits.timeoutSeconds ?? DEFAULT_ANALYST_TIMEOUT_SECONDS;
  const maxSpill = limits.maxSpill ?? DEFAULT_ANALYST_MAX_SPILL;
  let scopedDirectory: string | undefined;
  let path = snapshotPath;
  if (scope) {
    scopedDirectory = mkdtempSync(join(tmpdir(), "ohwb-analyst-scope-"));
    path = join(scopedDirectory, `analyst-${scope.code}.duckdb`);
    try {
      await buildScopedSnapshot(snapshotPath, scope, path);
    } catch (error) {
      rmSync(scopedDirectory, { recursive: true, force: true });
      throw unreadable(snapshotPath, error);
    }
  }
  let instance: DuckDBInstance;
  let connection: DuckDBConnection;
  try {
    instance = await DuckDBInstance.create(path, {
      ...analystDuckDbConfig,
      max_temp_directory_size: maxSpill,
    });
    connection = await instance.connect();
  } catch (error) {
    if (scopedDirectory) rmSync(scopedDirectory, { recursive: true, force: true });
    throw unreadable(snapshotPath, error);
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
    const catalog = (await connection.runAndReadAll("SELECT current_database() AS db")).getRowObjectsJson()[0]
      ?.db;
    // no record: a DuckDB file that is no analyst snapshot (the warehouse itself, say)
    const info = await readSnapshotInfoIfRecorded(connection, String(catalog), snapshotPath);
    if (!info) {
      throw new AnalystQueryError(
        "ANALYST_NOT_A_SNAPSHOT",
        message.analystNotASnapshotDatabase(snapshotPath),
      );
    }
    return { info, connection, timeoutSeconds, close };
  } catch (error) {
    close();
    throw unreadable(snapshotPath, error);
  }
}

export interface QueryResult {
  /** Unique names, in the statement's order: a repeated name gets DuckDB's suffix (see uniqueColumnNames). */
  columns: string[];
  /** The columns whose name was repeated, as the statement named them and as the result names them. */
  renamed?: RenamedColumn[];
  /** DuckDB type of each column, e.g. "INTEGER", "DECIMAL(18,2)", "VARCHAR". */
  types: string[];
  rows: Record<string, unknown>[];
}

export interface RenamedColumn {
  from: string;
  to: string;
}

/**
 * Result rows are keyed by column name, so `SELECT 1 AS a, 2 AS a` (or a join selecting
 * `b.rate_pct, r.rate_pct`) would show one value twice. Repeated names get the suffixes DuckDB
 * itself gives them in CREATE TABLE AS (a, a_1, a_2 …), skipping any name already taken.
 */
export function uniqueColumnNames(names: readonly string[]): { columns: string[]; renamed: RenamedColumn[] } {
  const taken = new Set(names);
  const used = new Set<string>();
  const renamed: RenamedColumn[] = [];
  const columns = names.map((name) => {
    if (!used.has(name)) {
      used.add(name);
      return name;
    }
    let n = 1;
    while (taken.has(`${name}_${n}`)) n += 1;
    const to = `${name}_${n}`;
    taken.add(to);
    used.add(to);
    renamed.push({ from: name, to });
    return to;
  });
  return { columns, renamed };
}

/**
 * Whether `sql` holds anything but whitespace, semicolons and comments. DuckDB's extractStatements
 * throws a bare "Error in native callback" for zero statements rather than counting 0, so this is
 * checked first. It stops at the first other character, so it never has to read a string literal.
 */
export function hasStatement(sql: string): boolean {
  let i = 0;
  while (i < sql.length) {
    const c = sql[i] as string;
    if (c === ";" || /\s/.test(c)) i += 1;
    else if (sql.startsWith("--", i)) {
      const end = sql.indexOf("\n", i);
      i = end === -1 ? sql.length : end + 1;
    } else if (sql.startsWith("/*", i)) {
      const end = sql.indexOf("*/", i + 2);
      // an unclosed comment is DuckDB's to report
      if (end === -1) return true;
      i = end + 2;
    } else return true;
  }
  return false;
}

/** Scalar numeric types only: `INTEGER[]`, `STRUCT(…)` and `INTERVAL` are not numbers. */
const numericType =
  /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL\(\d+,\s*\d+\))$/;
const wideIntegerType = /^(BIGINT|HUGEINT|UBIGINT|UHUGEINT)$/;
const decimalType = /^DECIMAL\(\d+,\s*(\d+)\)$/;

export function isNumericType(type: string): boolean {
  return numericType.test(type);
}

/**
 * Whether DuckDB's text of a DECIMAL (exactly `scale` digits after the point) comes back from the
 * nearest JavaScript number: 0.10 does (0.1), 12345678901234567890.12 does not.
 */
export function decimalSurvivesNumber(text: string, scale: number): boolean {
  const n = Number(text);
  // toFixed switches to exponent notation from 1e21, which never matches DuckDB's text
  return Number.isFinite(n) && n.toFixed(scale) === text;
}

/**
 * A column value as JSON can carry it: numbers as numbers, except integers past 2^53 and DECIMALs
 * a double cannot hold exactly, kept exact as text.
 */
export function numberValue(type: string, value: unknown): unknown {
  if (value === null || value === undefined) return value;
  if (wideIntegerType.test(type) && !Number.isSafeInteger(Number(value))) return String(value);
  const decimal = decimalType.exec(type);
  if (decimal && !decimalSurvivesNumber(String(value), Number(decimal[1]))) return String(value);
  return Number(value);
}

/**
 * Runs `work` on the analyst's connection under its time limit: past it the connection is
 * interrupted and the statement fails with ANALYST_TIMEOUT; any other DuckDB error is mapped as
 * `analystError` maps it.
 */
export async function withStatementLimit<T>(analyst: AnalystConnection, work: () => Promise<T>): Promise<T> {
  let timedOut = false;
  const timer =
    analyst.timeoutSeconds > 0
      ? setTimeout(() => {
          timedOut = true;
          analyst.connection.interrupt();
        }, analyst.timeoutSeconds * 1000)
      : undefined;
  try {
    return await work();
  } catch (error) {
    if (timedOut) {
      throw new AnalystQueryError("ANALYST_TIMEOUT", message.analystTimeout(analyst.timeoutSeconds), {
        cause: error,
      });
    }
    throw error instanceof AnalystQueryError || error instanceof AnalystReadOnlyError
      ? error
      : analystError(error);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Runs one analyst statement; numbers come back as JS numbers (integers past 2^53 and DECIMALs a
 * double would round, as exact text), values are taken by position under unique column names,
 * intervals as DuckDB writes them ("3 days 01:00:00"), everything else in DuckDB's JSON form.
 */
export async function runAnalystQuery(analyst: AnalystConnection, sql: string): Promise<QueryResult> {
  const reader = await withStatementLimit(analyst, () => analyst.connection.runAndReadAll(sql));
  const { columns, renamed } = uniqueColumnNames(reader.columnNames());
  const types = reader.columnTypes().map((type) => type.toString());
  const numeric = types.map((type) => numericType.test(type));
  const interval = types.map((type) => type === "INTERVAL");
  const asText = interval.some(Boolean) ? reader.getRows() : undefined;
  const rows = reader.getRowsJson().map((values, r) => {
    const row: Record<string, unknown> = {};
    columns.forEach((column, index) => {
      const value = values[index];
      const type = types[index] as string;
      if (numeric[index]) row[column] = numberValue(type, value);
      else if (interval[index] && value !== null) row[column] = String(asText?.[r]?.[index]);
      else row[column] = value;
    });
    return row;
  });
  return { columns, renamed, types, rows };
}
