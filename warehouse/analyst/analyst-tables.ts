/**
 * Which tables and columns analysts see: every mart_* and dim_* table the
 * transforms built, minus any column that could identify a person. Marts are
 * aggregates already; the column filter is a second line of defence should a
 * future model carry an identifier through.
 */
import type { DuckDBConnection } from "@duckdb/node-api";

export interface AnalystTable {
  name: string;
  columns: string[];
}

/** Column names that could hold a raw or pseudonymised person identifier. */
const identifierColumn =
  /pseudo|staff_id|person_id|employee|nhs_number|ni_number|assignment|event_id|payload/i;

export function isIdentifierColumn(column: string): boolean {
  return identifierColumn.test(column);
}

export async function listAnalystTables(
  connection: DuckDBConnection,
  catalog: string,
): Promise<AnalystTable[]> {
  const reader = await connection.runAndReadAll(
    `SELECT table_name, list(column_name ORDER BY ordinal_position) AS columns
     FROM information_schema.columns
     WHERE table_catalog = $catalog AND table_schema = 'main'
       AND (table_name LIKE 'mart\\_%' ESCAPE '\\' OR table_name LIKE 'dim\\_%' ESCAPE '\\')
     GROUP BY table_name ORDER BY table_name`,
    { catalog },
  );
  return reader.getRowObjectsJson().map((row) => ({
    name: String(row.table_name),
    columns: (row.columns as string[]).filter((column) => !isIdentifierColumn(column)),
  }));
}
