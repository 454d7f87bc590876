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
 * or to 4 significant digits below 1 so that a small value (0.0001234) does not read as 0, and in
 * exponent form below 1e-6 (-1e-300 would otherwise be 300 zeros); CSV and JSON keep every digit.
 */
const tableNumber = new Intl.NumberFormat("en-GB", { maximumFractionDigits: 4, useGrouping: false });
const smallTableNumber = new Intl.NumberFormat("en-GB", { maximumSignificantDigits: 4, useGrouping: false });
const EXPONENT_BELOW = 1e-6;

function tableNumberText(value: number): string {
  if (Math.abs(value) < EXPONENT_BELOW) return value.toExponential(3).replace(/\.?0+e/, "e");
  return (Math.abs(value) < 1 ? smallTableNumber : tableNumber).format(value);
}

/** Control characters shown escaped, so a newline or tab in a value cannot break the table's lines. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/g;
const ESCAPES: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

function tableCell(value: unknown): string {
  if (value === null) return "NULL";
  if (typeof value === "number" && !Number.isInteger(value) && Number.isFinite(value))
    return tableNumberText(value);
  return cellText(value).replace(
    CONTROL,
    (c) => ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** JSON has no NaN or Infinity: they are written as the strings "NaN", "Infinity", "-Infinity", never as null. */
function jsonValue(_key: string, value: unknown): unknown {
  return typeof value === "number" && !Number.isFinite(value) ? String(value) : value;
}

export function formatQueryResult(result: QueryResult, format: QueryFormat): string {
  if (format === "json") return `${JSON.stringify(result.rows, jsonValue, 2)}\n`;
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
