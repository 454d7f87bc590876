/**
 * The high-water marks of incremental builds: per landing table, the highest ingested_at already
 * built, kept in transform_state (migration 0003) with a hash of the build settings. Ingest stamps
 * ingested_at when a batch commits, so rows committed later have a later ingested_at.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { quoteIdentifier, quoteLiteral } from "../../core/sql-quote.js";
import { rawTableNames } from "../../ingest/landing-schema.js";

/** Each landing table's mark of the last build, as text. */
export type Marks = Map<string, string>;

/**
 * Rows of a landing table above its high-water mark. The mark is a literal, not a subquery, so
 * DuckDB can skip the row groups whose ingested_at range lies below it (rows land in
 * ingested_at order) instead of reading the whole column.
 */
export function newRowsOf(marks: Marks, table: string): string {
  return `ingested_at > TIMESTAMPTZ ${quoteLiteral(marks.get(table) ?? "-infinity")}`;
}

export async function readMarks(connection: DuckDBConnection): Promise<Marks> {
  const rows = (
    await connection.runAndReadAll(
      "SELECT raw_table, CAST(high_water_ingested_at AS VARCHAR) AS mark FROM transform_state WHERE high_water_ingested_at IS NOT NULL",
    )
  ).getRowObjectsJson();
  return new Map(rows.map((row) => [String(row.raw_table), String(row.mark)]));
}

/** Captures each landing table's current max(ingested_at), before building, into a temp table. */
export async function captureMarks(connection: DuckDBConnection): Promise<void> {
  const marks = rawTableNames()
    .map(
      (table) =>
        `SELECT ${quoteLiteral(table)} AS raw_table, max(ingested_at) AS mark FROM ${quoteIdentifier(table)}`,
    )
    .join(" UNION ALL ");
  await connection.run(`CREATE OR REPLACE TEMP TABLE captured_marks AS ${marks}`);
}

/** Makes the captured marks the state the next incremental build starts from. */
export async function saveMarks(connection: DuckDBConnection, asOf: string, hash: string): Promise<void> {
  await connection.run("DELETE FROM transform_state");
  await connection.run(
    `INSERT INTO transform_state SELECT raw_table, mark, $as_of::DATE, $hash, current_timestamp FROM captured_marks`,
    { as_of: asOf, hash },
  );
  await dropCapturedMarks(connection);
}

export async function dropCapturedMarks(connection: DuckDBConnection): Promise<void> {
  await connection.run("DROP TABLE IF EXISTS temp.main.captured_marks");
}
