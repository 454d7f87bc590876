/** Rendering a query result for the terminal (aligned table), CSV (RFC 4180, formula-safe) or JSON (array of objects). */
import { toCsv } from "../../core/csv-writer.js";
import type { QueryResult } from "./analyst-connection.js";

export const queryFormats = ["table", "csv", "json"] as const;
export type QueryFormat = (typeof queryFormats)[number];

function cellText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

export function formatQueryResult(result: QueryResult, format: QueryFormat): string {
  if (format === "json") return `${JSON.stringify(result.rows, null, 2)}\n`;
  if (format === "csv") {
    const rows = result.rows.map((row) => result.columns.map((c) => row[c]));
    return toCsv(result.columns, rows, "\r\n");
  }
  const numeric = result.types.map((type) => /INT|FLOAT|DOUBLE|DECIMAL/.test(type));
  const cells = result.rows.map((row) =>
    result.columns.map((c) => (row[c] === null ? "NULL" : cellText(row[c]))),
  );
  const widths = result.columns.map((column, index) =>
    Math.max(column.length, ...cells.map((line) => (line[index] ?? "").length)),
  );
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
