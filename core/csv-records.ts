/**
 * A strict RFC 4180 CSV reader: quoted fields may hold commas, doubled quotes
 * and line breaks; CRLF or LF line ends. Each record carries the line it starts
 * on, so errors can point at the file line an analyst would open.
 */
export interface CsvRecord {
  line: number;
  fields: string[];
}

export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    detail: string,
  ) {
    super(detail);
  }
}

export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text; // drop a UTF-8 BOM
  let fields: string[] = [];
  let field = "";
  let line = 1;
  let recordLine = 1;
  let inQuotes = false;
  let quotedField = false;
  const endField = () => {
    fields.push(field);
    field = "";
    quotedField = false;
  };
  const endRecord = () => {
    endField();
    // a completely empty line is not a record
    if (!(fields.length === 1 && fields[0] === "")) records.push({ line: recordLine, fields });
    fields = [];
  };
  for (let i = 0; i < input.length; i++) {
    const char = input[i];
    if (inQuotes) {
      if (char === '"') {
        if (input[i + 1] === '"') {
          field += '"';
          i++;
        } else inQuotes = false;
      } else {
        if (char === "\n") line++;
        field += char;
      }
      continue;
    }
    if (char === '"') {
      if (field.length > 0 || quotedField) throw new CsvSyntaxError(line, "a quote inside an unquoted field");
      inQuotes = true;
      quotedField = true;
    } else if (char === ",") {
      endField();
    } else if (char === "\r" && input[i + 1] === "\n") {
      // handled with the \n
    } else if (char === "\n") {
      endRecord();
      line++;
      recordLine = line;
    } else {
      if (quotedField) throw new CsvSyntaxError(line, "text after a closing quote");
      field += char;
    }
  }
  if (inQuotes) throw new CsvSyntaxError(recordLine, "a quoted field is never closed");
  if (field.length > 0 || fields.length > 0 || quotedField) endRecord();
  return records;
}

/** The records after the header row as objects keyed by the header's names (missing cells ""). */
export function parseCsvObjects(text: string): Record<string, string>[] {
  const [header, ...records] = parseCsv(text);
  const names = header?.fields ?? [];
  return records.map((record) => Object.fromEntries(names.map((name, i) => [name, record.fields[i] ?? ""])));
}
