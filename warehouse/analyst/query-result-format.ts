/** Rendering a query result for the terminal (aligned table), CSV (RFC 4180, formula-safe) or JSON (array of objects). */
import { toCsv } from "../../core/csv-writer.js";
import { isNumericType, type QueryResult } from "./analyst-connection.js";

export const queryFormats = ["table", "csv", "json"] as const;
export type QueryFormat = (typeof queryFormats)[number];

function cellText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/**
 * Tables are for reading: binary floating-point noise (29947.800000000003) rounds away, to 4 decimals,
 * or to 4 significant digits below 1 so that a small value (1e-9) does not read as 0; CSV and JSON
 * keep every digit.
 */
const tableNumber = new Intl.NumberFormat("en-GB", { maximumFractionDigits: 4, useGrouping: false });
const smallTableNumber = new Intl.NumberFormat("en-GB", { maximumSignificantDigits: 4, useGrouping: false });

function tableCell(value: unknown): string {
  if (value === null) return "NULL";
  if (typeof value === "number" && !Number.isInteger(value) && Number.isFinite(value))
    return (Math.abs(value) < 1 ? smallTableNumber : tableNumber).format(value);
  return cellText(value);
}

export function formatQueryResult(result: QueryResult, format: QueryFormat): string {
  if (format === "json") return `${JSON.stringify(result.rows, null, 2)}\n`;
  if (format === "csv") {
    const rows = result.rows.map((row) => result.columns.map((c) => row[c]));
    return toCsv(result.columns, rows, "\r\n");
  }
  const numeric = result.types.map(isNumericType);
  const cells = result.rows.map((row) => result.columns.map((c) => tableCell(row[c])));
  // A loop, not Math.max(...cells): spreading 100,000 rows overflows the call stack.
  const widths = result.columns.map((column) => column.length);
  for (const line of cells) {
    line.forEach((text, index) => {
      widths[index] = Math.max(widths[index] ?? 0, text.length);
    });
  }
  const render = (line: string[]) =>
    line
      .map((text, index) =>
        numeric[index] ? text.padStart(widths[index] ?? 0) : text.padEnd(widths[index] ?? 0),
      )
      .join("  ")
      .trimEnd();
  const rule = widths.map((width) => "-".repeat(width)).join("  ");
  const footer = `(${result.rows.length} ${result.rows.length === 1 ? "row" : "rows"})`;
  return `${[render(result.columns), rule, ...cells.map(render), footer].join("\n")}\n`;
}
