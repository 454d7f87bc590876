/**
 * `ohwb export`: extracts of the analyst tables for Power BI and Excel.
 * Parquet: one directory per mart, Hive-partitioned by month (month=YYYY-MM),
 * dimensions as one file each. CSV: one file per table, written by the
 * project's one CSV writer (core/csv-writer.ts: formula-safe for Excel), not
 * by DuckDB's COPY, which writes "=…" cells verbatim. Arrow: one Arrow IPC
 * file per table, written by apache-arrow (arrow-ipc-file.ts). DuckDB (with
 * --scope only): one snapshot file holding only that ICS's rows, the unit to
 * hand an ICS under file permissions (mode 0640), since `--scope` on a shared
 * snapshot is a convenience and not access control.
 *
 * The COPY runs on a short-lived in-memory DuckDB instance owned by this code,
 * with file access allowed, that ATTACHes the snapshot READ_ONLY. Analyst SQL
 * never runs on it: the analyst connection (analyst-connection.ts) has file
 * access disabled and cannot COPY at all.
 */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { toCsv } from "../../core/csv-writer.js";
import { UsageError } from "../../core/errors.js";
import { quoteIdentifier, quoteLiteral } from "../../core/sql-quote.js";
import { analystMessages as message } from "../warehouse-messages.js";
import type { AnalystScope } from "./analyst-scope.js";
import { buildScopedSnapshot, readSnapshotInfoIfRecorded } from "./analyst-snapshot.js";
import { writeArrowIpcFile } from "./arrow-ipc-file.js";

export const exportFormats = ["parquet", "csv", "arrow", "duckdb"] as const;
export type ExportFormat = (typeof exportFormats)[number];

export interface ExportedTable {
  table: string;
  rows: number;
  /** The file, or for a partitioned mart its directory. */
  path: string;
  partitioned: boolean;
}

/** `--format duckdb`: one snapshot file, which holds tables; its row count is theirs, not its own. */
export interface ExportedSnapshotFile {
  /** The scope the file holds, e.g. "ics:QE1". */
  snapshot: string;
  tables: number;
  path: string;
}

/**
 * DIR/export-info.json: the dates and sources an extract carries with it, since a CSV or Parquet file on
 * its own says nothing about how current it is or where its numbers came from.
 */
export interface ExportInfo {
  /** When this export was written (UTC). */
  exportedAt: string;
  /** When the analyst snapshot it was taken from was built (UTC); null when that database carries no build record. */
  snapshotBuiltAt: string | null;
  /** The data as-of date of the transform run behind the snapshot. */
  dataAsOf: string | null;
  scope: string | null;
  format: ExportFormat;
  sources: { name: string; months: string | null; published: string | null; note: string }[];
  tables: { table: string; rows: number; path: string }[];
}

export const EXPORT_INFO_FILE = "export-info.json";

/** The date column a table's month partition comes from, in order of preference. */
const monthColumns = ["month_end", "period_end", "season_end"];

/** Owner read-write, group read: hand the file to an ICS's group, nobody else. */
const SCOPED_SNAPSHOT_MODE = 0o640;

/** `--format duckdb --scope ics:CODE`: DIR/analyst-ics-<CODE>.duckdb, that ICS's rows only, replaced whole. */
export async function exportScopedSnapshotFile(
  snapshotPath: string,
  outDirectory: string,
  scope: AnalystScope,
): Promise<ExportedSnapshotFile> {
  mkdirSync(outDirectory, { recursive: true });
  const path = join(outDirectory, `analyst-ics-${scope.code}.duckdb`);
  const temp = `${path}.${process.pid}.tmp`;
  try {
    const info = await buildScopedSnapshot(snapshotPath, scope, temp);
    chmodSync(temp, SCOPED_SNAPSHOT_MODE);
    renameSync(temp, path);
    return { snapshot: `ics:${scope.code}`, tables: info.tables, path };
  } finally {
    rmSync(temp, { force: true });
    rmSync(`${temp}.wal`, { force: true });
  }
}

export async function exportAnalystTables(
  snapshotPath: string,
  outDirectory: string,
  format: "duckdb",
  scope?: AnalystScope,
): Promise<ExportedSnapshotFile[]>;
export async function exportAnalystTables(
  snapshotPath: string,
  outDirectory: string,
  format: Exclude<ExportFormat, "duckdb">,
  scope?: AnalystScope,
): Promise<ExportedTable[]>;
export async function exportAnalystTables(
  snapshotPath: string,
  outDirectory: string,
  format: ExportFormat,
  scope?: AnalystScope,
): Promise<ExportedTable[] | ExportedSnapshotFile[]>;
export async function exportAnalystTables(
  snapshotPath: string,
  outDirectory: string,
  format: ExportFormat,
  scope?: AnalystScope,
): Promise<ExportedTable[] | ExportedSnapshotFile[]> {
  if (format === "duckdb") {
    if (!scope)
      throw new UsageError(message.analystDuckDbNeedsScope(), { code: "ANALYST_DUCKDB_NEEDS_SCOPE" });
    return [await exportScopedSnapshotFile(snapshotPath, outDirectory, scope)];
  }
  let scopedDirectory: string | undefined;
  let source = snapshotPath;
  if (scope) {
    scopedDirectory = mkdtempSync(join(tmpdir(), "ohwb-export-scope-"));
    source = join(scopedDirectory, `analyst-${scope.code}.duckdb`);
  }
  // Every file is written into a staging folder inside DIR (same file system, so the moves are
  // renames) and moved into place only when all of them are: an export that fails midway leaves
  // the previous export, and its export-info.json, as they were.
  const madeFolder = mkdirSync(outDirectory, { recursive: true });
  const staging = mkdtempSync(join(outDirectory, ".ohwb-export-"));
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  let done = false;
  try {
    if (scope) await buildScopedSnapshot(snapshotPath, scope, source);
    await connection.run(`ATTACH ${quoteLiteral(source)} AS snapshot (READ_ONLY)`);
    const staged = await writeTables(connection, staging, format);
    const exported = staged.map((table) => moveIntoPlace(table, outDirectory));
    await writeExportInfo(connection, outDirectory, format, exported);
    done = true;
    return exported;
  } finally {
    connection.closeSync();
    instance.closeSync();
    if (scopedDirectory) rmSync(scopedDirectory, { recursive: true, force: true });
    rmSync(staging, { recursive: true, force: true });
    if (!done && madeFolder) rmSync(madeFolder, { recursive: true, force: true });
  }
}

/** Writes every mart_* and dim_* table of the attached snapshot into `directory`. */
async function writeTables(
  connection: DuckDBConnection,
  directory: string,
  format: Exclude<ExportFormat, "duckdb">,
): Promise<ExportedTable[]> {
  const listing = await connection.runAndReadAll(
    `SELECT table_name, list(column_name) AS columns FROM information_schema.columns
     WHERE table_catalog = 'snapshot' AND table_schema = 'main'
       AND (table_name LIKE 'mart\\_%' ESCAPE '\\' OR table_name LIKE 'dim\\_%' ESCAPE '\\')
     GROUP BY table_name ORDER BY table_name`,
  );
  const written: ExportedTable[] = [];
  for (const row of listing.getRowObjectsJson()) {
    const table = String(row.table_name);
    const columns = row.columns as string[];
    const qualified = `snapshot.main.${quoteIdentifier(table)}`;
    const count = await connection.runAndReadAll(`SELECT count(*) AS n FROM ${qualified}`);
    const rows = Number(count.getRowObjectsJson()[0]?.n);
    const monthColumn = monthColumns.find((column) => columns.includes(column));
    if (format === "arrow") {
      const path = join(directory, `${table}.arrow`);
      await writeArrowIpcFile(connection, `SELECT * FROM ${qualified}`, path);
      written.push({ table, rows, path, partitioned: false });
    } else if (format === "csv") {
      const path = join(directory, `${table}.csv`);
      const reader = await connection.runAndReadAll(`SELECT * FROM ${qualified}`);
      writeFileSync(path, toCsv(reader.columnNames(), reader.getRowsJson()));
      written.push({ table, rows, path, partitioned: false });
    } else if (table.startsWith("mart_") && monthColumn && rows > 0) {
      const path = join(directory, table);
      await connection.run(
        `COPY (SELECT *, strftime(${quoteIdentifier(monthColumn)}, '%Y-%m') AS month FROM ${qualified})
         TO ${quoteLiteral(path)} (FORMAT parquet, PARTITION_BY (month))`,
      );
      written.push({ table, rows, path, partitioned: true });
    } else {
      const path = join(directory, `${table}.parquet`);
      await connection.run(`COPY ${qualified} TO ${quoteLiteral(path)} (FORMAT parquet)`);
      written.push({ table, rows, path, partitioned: false });
    }
  }
  return written;
}

/** Moves a staged file or partition folder over its namesake in DIR (a stale partition folder goes whole). */
function moveIntoPlace(table: ExportedTable, outDirectory: string): ExportedTable {
  const path = join(outDirectory, basename(table.path));
  rmSync(path, { recursive: true, force: true });
  renameSync(table.path, path);
  return { ...table, path };
}

/** Writes DIR/export-info.json (temporary name, then renamed) from the attached snapshot's own record. */
async function writeExportInfo(
  connection: DuckDBConnection,
  outDirectory: string,
  format: ExportFormat,
  exported: readonly ExportedTable[],
): Promise<void> {
  await connection.run("USE snapshot");
  const snapshot = await readSnapshotInfoIfRecorded(connection, "snapshot", "snapshot");
  const published = exported.some((t) => t.table === "mart_absence_benchmark")
    ? (
        await connection.runAndReadAll(
          `SELECT strftime(min(month_end), '%Y-%m') AS first, strftime(max(month_end), '%Y-%m') AS last
           FROM mart_absence_benchmark`,
        )
      ).getRowObjectsJson()[0]
    : undefined;
  const months = published?.first ? `${published.first} to ${published.last}` : null;
  const info: ExportInfo = {
    exportedAt: new Date().toISOString().replace(/\.\d{3}Z$/, "Z"),
    snapshotBuiltAt: snapshot?.builtAt ?? null,
    dataAsOf: snapshot?.transformAsOf ?? null,
    scope: snapshot?.scope ?? null,
    format,
    sources: [
      {
        name: message.exportSourcePublished(),
        months,
        published: null,
        note: message.exportPublicationDateNotRecorded(),
      },
      { name: message.exportSourceEvents(), months: null, published: null, note: message.exportEventsNote() },
    ],
    tables: exported.map(({ table, rows, path }) => ({ table, rows, path })),
  };
  const path = join(outDirectory, EXPORT_INFO_FILE);
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(info, null, 2)}\n`);
  renameSync(temp, path);
}

/** The export-info.json of an export directory. */
export function readExportInfo(outDirectory: string): ExportInfo {
  return JSON.parse(readFileSync(join(outDirectory, EXPORT_INFO_FILE), "utf8")) as ExportInfo;
}
