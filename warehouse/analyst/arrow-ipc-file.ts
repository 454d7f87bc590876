/**
 * Writes one query result as an Arrow IPC file (the "Feather v2" format that
 * pandas, polars, R arrow and Power BI's Python step read) with apache-arrow,
 * mapping DuckDB column types to Arrow types so dates stay dates and numbers
 * stay numbers. Types with no mapping here are written as text.
 */
import { writeFileSync } from "node:fs";
import type { DuckDBConnection } from "@duckdb/node-api";
import {
  Bool,
  type DataType,
  DateDay,
  Float64,
  Int32,
  Int64,
  Table,
  tableToIPC,
  Utf8,
  type Vector,
  vectorFromArray,
} from "apache-arrow";

type Cell = string | number | boolean | null | unknown[] | Record<string, unknown>;

function arrowColumn(duckdbType: string, values: readonly Cell[]): Vector {
  const present = <T>(convert: (value: Cell) => T) => values.map((v) => (v === null ? null : convert(v)));
  const vector = (type: DataType, data: unknown[]) =>
    vectorFromArray(data as never[], type as never) as Vector;
  if (duckdbType === "BOOLEAN") return vector(new Bool(), present(Boolean));
  if (/^(TINYINT|SMALLINT|INTEGER|UTINYINT|USMALLINT)$/.test(duckdbType))
    return vector(new Int32(), present(Number));
  if (/^(BIGINT|HUGEINT|UINTEGER|UBIGINT|UHUGEINT)$/.test(duckdbType)) {
    return vector(
      new Int64(),
      present((v) => BigInt(String(v))),
    );
  }
  if (/^(FLOAT|DOUBLE|DECIMAL)/.test(duckdbType)) return vector(new Float64(), present(Number));
  if (duckdbType === "DATE")
    return vector(
      new DateDay(),
      present((v) => new Date(`${String(v)}T00:00:00Z`)),
    );
  return vector(
    new Utf8(),
    present((v) => (typeof v === "string" ? v : JSON.stringify(v))),
  );
}

/** Runs `sql` on `connection` and writes the result to `path`; returns the row count. */
export async function writeArrowIpcFile(
  connection: DuckDBConnection,
  sql: string,
  path: string,
): Promise<number> {
  const reader = await connection.runAndReadAll(sql);
  const names = reader.columnNames();
  const types = reader.columnTypes().map((type) => type.toString());
  const columns = reader.getColumnsJson();
  const vectors: Record<string, Vector> = {};
  names.forEach((name, index) => {
    vectors[name] = arrowColumn(types[index] ?? "VARCHAR", (columns[index] ?? []) as Cell[]);
  });
  const table = new Table(vectors);
  writeFileSync(path, tableToIPC(table, "file"));
  return reader.currentRowCount;
}
