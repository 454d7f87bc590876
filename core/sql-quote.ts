/**
 * Quoting names and values into SQL text, for the statements whose identifiers are not known until run
 * time (model and landing table names, column names read from the catalogue). Values a caller has in
 * hand go in as bound parameters instead; these are for what DuckDB cannot bind (names, DDL).
 */

/** A DuckDB identifier: double quotes, with any double quote inside doubled. */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** A DuckDB string literal: single quotes, with any single quote inside doubled. */
export function quoteLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
