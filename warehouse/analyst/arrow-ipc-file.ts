/**
 * Writes one query result as an Arrow IPC file (the "Feather v2" format that
 * pandas, polars, R arrow and Power BI's Python step read) with apache-arrow,
 * mapping DuckDB column types to Arrow types so dates stay dates and numbers
 * stay numbers. Types with no mapping here are written as text.
 *
 * A value the column's Arrow type cannot hold exactly is refused, naming the
 * column, rather than written wrong: a HUGEINT past Int64 (UHUGEINT past
 * Uint64), a DECIMAL a double would round, an infinite or out-of-range date or
 * timestamp. (HUGEINT stays Int64 because sum() of an INTEGER column is one.)
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
  Uint64,
  Utf8,
  type Vector,
  vectorFromArray,
} from "apache-arrow";
import { AnalystQueryError } from "../warehouse-errors.js";
import { analystMessages as message } from "../warehouse-messages.js";
import { decimalSurvivesNumber, type RenamedColumn, uniqueColumnNames } from "./analyst-connection.js";

type Cell = string | number | boolean | null | unknown[] | Record<string, unknown>;

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

function arrowColumn(column: string, duckdbType: string, values: readonly Cell[]): Vector {
  const present = <T>(convert: (value: Cell) => T) => values.map((v) => (v === null ? null : convert(v)));
  const vector = (type: DataType, data: unknown[]) =>
    vectorFromArray(data as never[], type as never) as Vector;
  const refuse = (value: Cell, arrowType: string): never => {
    throw new AnalystQueryError(
      "ANALYST_ARROW_UNREPRESENTABLE",
      message.analystArrowUnrepresentable(column, duckdbType, String(value), arrowType),
    );
  };
  const integer = (min: bigint, max: bigint, arrowType: string) => (v: Cell) => {
    const n = BigInt(String(v));
    return n < min || n > max ? refuse(v, arrowType) : n;
  };
  if (duckdbType === "BOOLEAN") return vector(new Bool(), present(Boolean));
  if (/^(TINYINT|SMALLINT|INTEGER|UTINYINT|USMALLINT)$/.test(duckdbType))
    return vector(new Int32(), present(Number));
  if (/^(BIGINT|HUGEINT|UINTEGER)$/.test(duckdbType))
    return vector(new Int64(), present(integer(INT64_MIN, INT64_MAX, "Int64")));
  if (/^(UBIGINT|UHUGEINT)$/.test(duckdbType))
    return vector(new Uint64(), present(integer(0n, UINT64_MAX, "Uint64")));
  const decimal = /^DECIMAL\(\d+,\s*(\d+)\)$/.exec(duckdbType);
  if (decimal) {
    const scale = Number(decimal[1]);
    return vector(
      new Float64(),
      present((v) => (decimalSurvivesNumber(String(v), scale) ? Number(v) : refuse(v, "Float64"))),
    );
  }
  if (/^(FLOAT|DOUBLE)$/.test(duckdbType)) return vector(new Float64(), present(Number));
  if (duckdbType === "DATE") {
    // DuckDB writes infinity as its sentinel date (5881580-07-11), which no JS Date holds; nor BC dates
    return vector(
      new DateDay(),
      present((v) => {
        const date = new Date(`${String(v)}T00:00:00Z`);
        return Number.isNaN(date.getTime()) ? refuse(v, "Date") : date;
      }),
    );
  }
  if (/^TIMESTAMP/.test(duckdbType)) {
    for (const v of values) if (v === "infinity" || v === "-infinity") refuse(v, "a timestamp");
  }
  return vector(
    new Utf8(),
    present((v) => (typeof v === "string" ? v : JSON.stringify(v))),
  );
}

export interface ArrowWritten {
  rows: number;
  renamed: RenamedColumn[];
}

/** Runs `sql` on `connection` and writes the result to `path`; returns the row count and any renamed columns. */
export async function writeArrowIpcFile(
  connection: DuckDBConnection,
  sql: string,
  path: string,
): Promise<ArrowWritten> {
  const reader = await connection.runAndReadAll(sql);
  // by position: a Record keyed by a repeated name would keep only the last column of that name
  const { columns: names, renamed } = uniqueColumnNames(reader.columnNames());
  const types = reader.columnTypes().map((type) => type.toString());
  const columns = reader.getColumnsJson();
  const vectors: Record<string, Vector> = {};
  names.forEach((name, index) => {
    vectors[name] = arrowColumn(name, types[index] ?? "VARCHAR", (columns[index] ?? []) as Cell[]);
  });
  const table = new Table(vectors);
  writeFileSync(path, tableToIPC(table, "file"));
  return { rows: reader.currentRowCount, renamed };
}
