/**
 * The one CSV writer for everything the project hands to a spreadsheet: pack
 * data files, `ohwb export --format csv` and `ohwb query --format csv`.
 * RFC 4180 (fields quoted only when they must be, quotes doubled), null as an
 * empty field (NaN and ±Infinity as `NaN`, `Infinity`, `-Infinity`), and
 * OWASP's defence against CSV (formula) injection: a text cell starting with
 * = + - @ tab or CR is prefixed with a single quote and quoted, so Excel,
 * LibreOffice and Sheets show it as text instead of running it. Numbers, and
 * text that is a plain number ("-1.5"), are left as they are.
 */
export type CsvLineEnd = "\n" | "\r\n";

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const MUST_QUOTE = /[",\r\n]/;

function text(value: unknown): string {
  if (value === null || value === undefined) return "";
  // NaN and ±Infinity as text, as `ohwb export` writes them: never blank, which reads as null.
  if (typeof value === "number") return String(value);
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/** One field: formula-neutralised text, quoted when RFC 4180 requires it. */
export function csvField(value: unknown): string {
  let out = text(value);
  const neutralise = typeof value !== "number" && FORMULA_START.test(out) && !PLAIN_NUMBER.test(out);
  if (neutralise) out = `'${out}`;
  return neutralise || MUST_QUOTE.test(out) ? `"${out.replaceAll('"', '""')}"` : out;
}

/** One record, without its line end. */
export function csvRecord(values: readonly unknown[]): string {
  return values.map(csvField).join(",");
}

/** A whole file: header, rows, each ended by `lineEnd` (LF by default). */
export function toCsv(
  header: readonly string[],
  rows: readonly (readonly unknown[])[],
  lineEnd: CsvLineEnd = "\n",
): string {
  return [header, ...rows].map((row) => `${csvRecord(row)}${lineEnd}`).join("");
}
