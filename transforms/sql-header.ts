/**
 * Reads the metadata header of a model or data-test .sql file: the leading
 * `-- key: value` comment lines (a line starting `--   ` continues the previous
 * key). Keys: description, depends, reads, column (repeatable: name | unit | meaning),
 * incremental (how an incremental build refreshes the model, see incremental-transforms.ts and incremental/):
 *   `append`            rows are only ever added: insert what the new landing rows give;
 *   `compare`           rebuilt whole, and only the rows that differ from the last build go downstream;
 *   `key COL [; MODEL via COL2]...`  rows belong to one value of COL: rebuild the values
 *                       new rows touch (MODEL's changes map to COL through this table's COL2);
 *   `periods [by MODEL.COL, ...]`  rows belong to (period_kind, period_end) of
 *                       dim_reporting_period: rebuild the periods whose dates the upstream changes
 *                       touch (only the listed date columns when `by` is given, else every date).
 *   `sum COL[, COL...] [over KEY]`  the model is a GROUP BY whose listed columns are sums or counts:
 *                       add what the upstream changes add and subtract what they take away (with
 *                       `over KEY`, upstream rows of one KEY value combine, e.g. a join on it).
 *   test (repeatable): a data test of the model (see data-test-declarations.ts);
 *   severity: warn|error, for a custom data-test file.
 */
import {
  type DataTestSeverity,
  type DeclaredTest,
  parseTestDeclaration,
  testDeclarationForms,
} from "./data-test-declarations.js";

export interface ColumnDoc {
  name: string;
  unit: string;
  meaning: string;
}

export type IncrementalSpec =
  | { kind: "append" }
  | { kind: "compare" }
  | { kind: "key"; column: string; via: { model: string; column: string }[] }
  | { kind: "periods"; by: { model: string; column: string }[] }
  | { kind: "sum"; measures: string[]; over?: string };

export interface SqlHeader {
  description: string;
  depends: string[];
  reads: string[];
  columns: ColumnDoc[];
  /** Absent: an incremental build rebuilds the whole model when an input changed. */
  incremental?: IncrementalSpec;
  /** The data tests a model declares (`-- test:` lines, data-test-declarations.ts). */
  tests: DeclaredTest[];
  /** A custom data-test file's severity (`-- severity: warn|error`); error when absent. */
  severity?: DataTestSeverity;
}

const IDENTIFIER = "[a-z_][a-z0-9_]*";

function parseIncremental(value: string): IncrementalSpec | undefined {
  const text = value.trim();
  if (text === "append") return { kind: "append" };
  if (text === "compare") return { kind: "compare" };
  const periods = /^periods(?: by (.+))?$/.exec(text);
  if (periods) {
    const by: { model: string; column: string }[] = [];
    for (const part of (periods[1] ?? "").split(",").filter((p) => p.trim())) {
      const match = new RegExp(`^(${IDENTIFIER})\\.(${IDENTIFIER})$`).exec(part.trim());
      if (!match?.[1] || !match[2]) return undefined;
      by.push({ model: match[1], column: match[2] });
    }
    return { kind: "periods", by };
  }
  const sum = new RegExp(`^sum (${IDENTIFIER}(?:, *${IDENTIFIER})*)(?: over (${IDENTIFIER}))?$`).exec(text);
  if (sum?.[1]) {
    const measures = sum[1].split(",").map((measure) => measure.trim());
    return sum[2] ? { kind: "sum", measures, over: sum[2] } : { kind: "sum", measures };
  }
  const [first, ...rest] = text.split(";").map((part) => part.trim());
  const key = new RegExp(`^key (${IDENTIFIER})$`).exec(first ?? "");
  if (!key?.[1]) return undefined;
  const via: { model: string; column: string }[] = [];
  for (const part of rest) {
    const match = new RegExp(`^(${IDENTIFIER}) via (${IDENTIFIER})$`).exec(part);
    if (!match?.[1] || !match[2]) return undefined;
    via.push({ model: match[1], column: match[2] });
  }
  return { kind: "key", column: key[1], via };
}

export interface SqlHeaderProblem {
  line: number;
  problem: string;
}

export function parseSqlHeader(sql: string): { header: SqlHeader; problems: SqlHeaderProblem[] } {
  const header: SqlHeader = { description: "", depends: [], reads: [], columns: [], tests: [] };
  const problems: SqlHeaderProblem[] = [];
  const entries: { key: string; value: string; line: number }[] = [];
  const lines = sql.split("\n");
  for (const [index, raw] of lines.entries()) {
    const line = raw.trimEnd();
    if (!line.startsWith("--")) break;
    const continuation = /^--\s{2,}(\S.*)$/.exec(line);
    const entry = /^--\s?([a-z_]+):\s*(.*)$/.exec(line);
    const last = entries.at(-1);
    if (continuation?.[1] && last) last.value = `${last.value} ${continuation[1]}`;
    else if (entry?.[1] !== undefined)
      entries.push({ key: entry[1], value: entry[2] ?? "", line: index + 1 });
  }
  const list = (value: string) =>
    value
      .split(",")
      .map((name) => name.trim())
      .filter((name) => name.length > 0);
  for (const { key, value, line } of entries) {
    if (key === "description") header.description = value.trim();
    else if (key === "depends") header.depends.push(...list(value));
    else if (key === "reads") header.reads.push(...list(value));
    else if (key === "column") {
      const [name, unit, ...meaning] = value.split("|").map((part) => part.trim());
      if (!name || !unit || meaning.length === 0)
        problems.push({ line, problem: `column doc needs "name | unit | meaning": ${value}` });
      else header.columns.push({ name, unit, meaning: meaning.join(" | ") });
    } else if (key === "incremental") {
      const spec = parseIncremental(value);
      if (spec) header.incremental = spec;
      else
        problems.push({
          line,
          problem: `incremental must be "append", "compare", "periods [by MODEL.COL, ...]", "key COL[; MODEL via COL]..." or "sum COL[, COL...] [over KEY]": ${value}`,
        });
    } else if (key === "test") {
      const test = parseTestDeclaration(value);
      if (test) header.tests.push(test);
      else problems.push({ line, problem: `test must be ${testDeclarationForms}: ${value}` });
    } else if (key === "severity") {
      const severity = value.trim();
      if (severity === "warn" || severity === "error") header.severity = severity;
      else problems.push({ line, problem: `severity must be "warn" or "error": ${value}` });
    } else problems.push({ line, problem: `unknown header key "${key}"` });
  }
  return { header, problems };
}
