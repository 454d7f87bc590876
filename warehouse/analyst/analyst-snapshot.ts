/**
 * The analyst snapshot: a separate DuckDB file holding copies of the analyst
 * tables only (no raw_*, stg_*, fct_* tables, no identifiers). DuckDB has no
 * GRANTs, so this file *is* the access boundary: analyst queries open it, never
 * the warehouse. It is written to a temporary name and renamed into place, so
 * a query that already has the old snapshot open keeps reading it and ingest
 * never waits for analysts (issue 7 item 3).
 *
 * A scoped snapshot (one ICS) is built the same way from the full snapshot into
 * a temporary file, so a scoped query sees nothing outside its ICS even if it
 * names a table by its full path.
 */
import { existsSync, renameSync, rmSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { quoteIdentifier, quoteLiteral } from "../../core/sql-quote.js";
import { AnalystQueryError } from "../warehouse-errors.js";
import { analystMessages as message } from "../warehouse-messages.js";
import { type AnalystScope, scopeFilter } from "./analyst-scope.js";
import { listAnalystTables } from "./analyst-tables.js";

export interface SnapshotInfo {
  path: string;
  builtAt: string;
  transformAsOf: string | null;
  scope: string | null;
  tables: number;
}

/** Where the analyst snapshot of a warehouse lives: next to it, `<name>.analyst.duckdb`. */
export function analystSnapshotPath(warehousePath: string): string {
  const name = basename(warehousePath).replace(/\.duckdb$/, "");
  return join(dirname(warehousePath), `${name}.analyst.duckdb`);
}

const buildCatalog = "analyst_snapshot_build";

async function currentCatalog(connection: DuckDBConnection): Promise<string> {
  const reader = await connection.runAndReadAll("SELECT current_database() AS name");
  return String(reader.getRowObjectsJson()[0]?.name);
}

async function hasTable(connection: DuckDBConnection, catalog: string, table: string): Promise<boolean> {
  const reader = await connection.runAndReadAll(
    "SELECT count(*) AS n FROM duckdb_tables() WHERE database_name = $catalog AND schema_name = 'main' AND table_name = $table",
    { catalog, table },
  );
  return Number(reader.getRowObjectsJson()[0]?.n) > 0;
}

async function latestTransformAsOf(connection: DuckDBConnection, catalog: string): Promise<string | null> {
  if (await hasTable(connection, catalog, "transform_runs")) {
    const reader = await connection.runAndReadAll(
      `SELECT strftime(as_of, '%Y-%m-%d') AS as_of FROM ${quoteIdentifier(catalog)}.main.transform_runs
       WHERE finished_at IS NOT NULL ORDER BY run_id DESC LIMIT 1`,
    );
    const value = reader.getRowObjectsJson()[0]?.as_of;
    return typeof value === "string" ? value : null;
  }
  if (await hasTable(connection, catalog, "analyst_snapshot_info")) {
    const reader = await connection.runAndReadAll(
      `SELECT transform_as_of FROM ${quoteIdentifier(catalog)}.main.analyst_snapshot_info LIMIT 1`,
    );
    const value = reader.getRowObjectsJson()[0]?.transform_as_of;
    return typeof value === "string" ? value : null;
  }
  return null;
}

/**
 * Copies the analyst tables of `sourceCatalog` (optionally restricted to a scope)
 * into a new file at `target`, via `target.building-<pid>` and an atomic rename.
 * `connection` must be allowed to write files (the writer's, not an analyst's).
 */
async function copyAnalystTables(
  connection: DuckDBConnection,
  sourceCatalog: string,
  sourceLabel: string,
  target: string,
  scope: AnalystScope | undefined,
): Promise<SnapshotInfo> {
  const tables = await listAnalystTables(connection, sourceCatalog);
  if (tables.length === 0)
    throw new AnalystQueryError("ANALYST_NO_MARTS", message.analystNoMarts(sourceLabel));
  if (scope) {
    const reader = await connection.runAndReadAll(
      `SELECT count(*) AS n FROM ${quoteIdentifier(sourceCatalog)}.main.dim_organisation WHERE ics_code = $code`,
      { code: scope.code },
    );
    if (Number(reader.getRowObjectsJson()[0]?.n) === 0) {
      throw new AnalystQueryError("ANALYST_UNKNOWN_SCOPE", message.analystUnknownScope(scope.code));
    }
  }
  const transformAsOf = await latestTransformAsOf(connection, sourceCatalog);
  const building = `${target}.building-${process.pid}`;
  rmSync(building, { force: true });
  rmSync(`${building}.wal`, { force: true });
  await connection.run(`ATTACH ${quoteLiteral(building)} AS ${buildCatalog}`);
  let builtAt: string;
  try {
    for (const table of tables) {
      const columns = table.columns.map(quoteIdentifier).join(", ");
      const where = scope ? scopeFilter(scope, sourceCatalog, table.columns) : "true";
      await connection.run(
        `CREATE TABLE ${buildCatalog}.main.${quoteIdentifier(table.name)} AS
         SELECT ${columns} FROM ${quoteIdentifier(sourceCatalog)}.main.${quoteIdentifier(table.name)} WHERE ${where}`,
      );
    }
    await connection.run(
      `CREATE TABLE ${buildCatalog}.main.analyst_snapshot_info AS
       SELECT current_timestamp AS built_at, $asOf::VARCHAR AS transform_as_of, $scope::VARCHAR AS scope, $tables::INTEGER AS tables`,
      { asOf: transformAsOf, scope: scope ? `ics:${scope.code}` : null, tables: tables.length },
    );
    const reader = await connection.runAndReadAll(
      `SELECT strftime(built_at, '%Y-%m-%dT%H:%M:%SZ') AS built_at FROM ${buildCatalog}.main.analyst_snapshot_info`,
    );
    builtAt = String(reader.getRowObjectsJson()[0]?.built_at);
    await connection.run(`CHECKPOINT ${buildCatalog}`);
  } finally {
    await connection.run(`DETACH ${buildCatalog}`);
  }
  // rename is atomic on one file system: readers see the old file or the new one, never half of either
  renameSync(building, target);
  return {
    path: target,
    builtAt,
    transformAsOf,
    scope: scope ? `ics:${scope.code}` : null,
    tables: tables.length,
  };
}

/**
 * The writer's step after each transform: publishes the analyst snapshot of the
 * warehouse open on `connection` (a writable warehouse connection).
 */
export async function publishAnalystSnapshot(
  connection: DuckDBConnection,
  warehousePath: string,
  target = analystSnapshotPath(warehousePath),
): Promise<SnapshotInfo> {
  return copyAnalystTables(connection, await currentCatalog(connection), warehousePath, target, undefined);
}

/**
 * Builds a snapshot restricted to one ICS from a full snapshot, into `target`,
 * on a short-lived in-memory instance of its own (the analyst connection cannot
 * write files).
 */
export async function buildScopedSnapshot(
  snapshotPath: string,
  scope: AnalystScope,
  target: string,
): Promise<SnapshotInfo> {
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  try {
    await connection.run(`ATTACH ${quoteLiteral(snapshotPath)} AS analyst_source (READ_ONLY)`);
    // the warehouse has mart_* tables too: without this a scoped query would read it as a snapshot
    if (!(await hasTable(connection, "analyst_source", "analyst_snapshot_info"))) {
      throw new AnalystQueryError(
        "ANALYST_NOT_A_SNAPSHOT",
        message.analystNotASnapshotDatabase(snapshotPath),
      );
    }
    return await copyAnalystTables(connection, "analyst_source", snapshotPath, target, scope);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** The snapshot's own record of when it was built and from which transform run. */
export async function readSnapshotInfo(connection: DuckDBConnection, path: string): Promise<SnapshotInfo> {
  const reader = await connection.runAndReadAll(
    `SELECT strftime(built_at, '%Y-%m-%dT%H:%M:%SZ') AS built_at, transform_as_of, scope, tables FROM analyst_snapshot_info`,
  );
  const row = reader.getRowObjectsJson()[0] ?? {};
  return {
    path,
    builtAt: String(row.built_at),
    transformAsOf: typeof row.transform_as_of === "string" ? row.transform_as_of : null,
    scope: typeof row.scope === "string" ? row.scope : null,
    tables: Number(row.tables),
  };
}

/** The snapshot's record, or null for a database that carries none (one not built by `ohwb transform`). */
export async function readSnapshotInfoIfRecorded(
  connection: DuckDBConnection,
  catalog: string,
  path: string,
): Promise<SnapshotInfo | null> {
  if (!(await hasTable(connection, catalog, "analyst_snapshot_info"))) return null;
  return readSnapshotInfo(connection, path);
}

export function snapshotExists(path: string): boolean {
  return existsSync(path);
}
