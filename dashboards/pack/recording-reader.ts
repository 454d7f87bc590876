/**
 * Every read a pack makes goes through one recording connection, so the manifest's list of tables read
 * comes from the reads themselves, never from a hand-kept list (which went stale as marts arrived). The
 * tables a query reads are taken from DuckDB's own parser (`json_serialize_sql`: every BASE_TABLE of the
 * statement, CTEs and subqueries included) and kept when they name a table or view of the warehouse
 * (a CTE's name is not one). The data-test gate is not recorded: it checks the whole warehouse and is
 * stated in the manifest as its counts.
 */
import type { DuckDBConnection } from "@duckdb/node-api";

export interface RecordingReader {
  /** Use it wherever a DuckDBConnection is read: every query it runs is recorded. */
  connection: DuckDBConnection;
  /** Tables (and views) read so far, sorted. */
  tablesRead(): string[];
}

/** Query methods of DuckDBConnection whose first argument is the SQL text. */
const QUERY_METHODS = new Set([
  "run",
  "runAndRead",
  "runAndReadAll",
  "runAndReadUntil",
  "stream",
  "streamAndRead",
  "streamAndReadAll",
  "streamAndReadUntil",
  "start",
  "startStream",
  "prepare",
]);

function baseTables(node: unknown, into: Set<string>): void {
  if (Array.isArray(node)) {
    for (const child of node) baseTables(child, into);
    return;
  }
  if (node === null || typeof node !== "object") return;
  const record = node as Record<string, unknown>;
  if (record.type === "BASE_TABLE" && typeof record.table_name === "string") into.add(record.table_name);
  for (const value of Object.values(record)) baseTables(value, into);
}

async function catalogNames(connection: DuckDBConnection): Promise<Set<string>> {
  const reader = await connection.runAndReadAll(
    `SELECT table_name AS name FROM duckdb_tables() WHERE NOT internal
     UNION SELECT view_name FROM duckdb_views() WHERE NOT internal`,
  );
  return new Set(reader.getRowObjectsJson().map((r) => String(r.name).toLowerCase()));
}

/** Tables a SELECT reads, by DuckDB's parser; none for a statement that is not a SELECT. */
async function tablesOf(connection: DuckDBConnection, sql: string): Promise<string[]> {
  const reader = await connection.runAndReadAll("SELECT json_serialize_sql($sql::VARCHAR) AS tree", { sql });
  const tree = JSON.parse(String(reader.getRowObjectsJson()[0]?.tree ?? "{}")) as { error?: boolean };
  if (tree.error) return [];
  const names = new Set<string>();
  baseTables(tree, names);
  return [...names].map((n) => n.toLowerCase());
}

export function recordingReader(connection: DuckDBConnection): RecordingReader {
  const read = new Set<string>();
  let catalog: Promise<Set<string>> | undefined;
  const record = async (sql: string) => {
    catalog ??= catalogNames(connection);
    const known = await catalog;
    for (const table of await tablesOf(connection, sql)) if (known.has(table)) read.add(table);
  };
  const proxy = new Proxy(connection, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== "function") return value;
      if (typeof property === "string" && QUERY_METHODS.has(property)) {
        return async (sql: string, ...rest: unknown[]) => {
          await record(sql);
          return (value as (...args: unknown[]) => unknown).call(target, sql, ...rest);
        };
      }
      return (value as (...args: unknown[]) => unknown).bind(target);
    },
  });
  return { connection: proxy, tablesRead: () => [...read].sort() };
}
