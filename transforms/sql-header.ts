/**
 * Reads the metadata header of a model or data-test .sql file: the leading
 * `-- key: value` comment lines (a line starting `--   ` continues the previous
 * key). Keys: description, depends, reads, column (repeatable: name | unit | meaning).
 */
export interface ColumnDoc {
  name: string;
  unit: string;
  meaning: string;
}

export interface SqlHeader {
  description: string;
  depends: string[];
  reads: string[];
  columns: ColumnDoc[];
}

export interface SqlHeaderProblem {
  line: number;
  problem: string;
}

export function parseSqlHeader(sql: string): { header: SqlHeader; problems: SqlHeaderProblem[] } {
  const header: SqlHeader = { description: "", depends: [], reads: [], columns: [] };
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
    } else problems.push({ line, problem: `unknown header key "${key}"` });
  }
  return { header, problems };
}
