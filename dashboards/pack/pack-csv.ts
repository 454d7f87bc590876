/**
 * RFC 4180 CSV for the pack's data files: LF line ends, fields quoted only when they must be, numbers
 * written as JavaScript prints them (shortest round-trip form), null as an empty field. No locale, no
 * timestamps: the same rows always give the same bytes.
 */
import type { Cell } from "./pack-content.js";

function field(value: Cell): string {
  if (value === null) return "";
  const text = typeof value === "number" ? (Number.isFinite(value) ? String(value) : "") : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(header: readonly string[], rows: readonly Cell[][]): string {
  return [header, ...rows]
    .map((row) => row.map(field).join(","))
    .join("\n")
    .concat("\n");
}
