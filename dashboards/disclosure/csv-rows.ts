/**
 * Minimal RFC 4180 CSV reader for the output checker: quoted fields, doubled quotes, CRLF or LF.
 * The checker reads what the pipeline wrote, so it must not depend on the writer's own helpers.
 */
export interface CsvTable {
  header: string[];
  /** Data rows with their 1-based line number in the file (of the row's first line). */
  rows: { line: number; values: string[] }[];
}

export function parseCsv(text: string): CsvTable {
  const records: { line: number; values: string[] }[] = [];
  let field = "";
  let record: string[] = [];
  let inQuotes = false;
  let line = 1;
  let recordLine = 1;
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i] as string;
    if (inQuotes) {
      if (ch === '"' && src[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') inQuotes = false;
      else {
        if (ch === "\n") line++;
        field += ch;
      }
      continue;
    }
    if (ch === '"') inQuotes = true;
    else if (ch === ",") {
      record.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && src[i + 1] === "\n") i++;
      record.push(field);
      records.push({ line: recordLine, values: record });
      record = [];
      field = "";
      line++;
      recordLine = line;
    } else field += ch;
  }
  if (field !== "" || record.length > 0) {
    record.push(field);
    records.push({ line: recordLine, values: record });
  }
  const nonEmpty = records.filter((r) => !(r.values.length === 1 && r.values[0] === ""));
  const [head, ...rows] = nonEmpty;
  return { header: head?.values ?? [], rows };
}
