/**
 * `ohwb import nhs-absence`: NHS England's sickness absence benchmarking CSVs
 * (one file per month) become workforce.absence.monthly events and load through
 * ingest's BatchLoader — the same contract validation, dedupe, dead-lettering
 * and landing tables as Kafka and file ingest.
 *
 * A whole file is parsed and mapped before anything loads: an unknown staff
 * group or a malformed row stops the import with file, line and value.
 * Blank measures are "not published" (suppressed), never zero. event_id is a
 * name-based UUID of organisation × staff group × month and the file's line
 * number is its offset, so importing the same file again loads nothing new.
 */
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import { canonicalStaffGroup, eventTypeInfo } from "../contracts/index.js";
import { CsvSyntaxError, parseCsv } from "../core/csv-records.js";
import { BatchLoader } from "../ingest/batch-loader.js";
import { contentDigest, fileTopic } from "../ingest/file-ingest.js";
import { Pseudonymiser } from "../ingest/pseudonymise.js";
import type { SourceMessage } from "../ingest/source-message.js";
import { uuidV5 } from "./deterministic-uuid.js";
import { NhsAbsenceImportError } from "./warehouse-errors.js";
import { warehouseMessages as message } from "./warehouse-messages.js";

export const NHS_BENCHMARK_HEADER = [
  "DATE",
  "NHSE_REGION_CODE",
  "NHSE_REGION_NAME",
  "ICS_CODE",
  "ICS_NAME",
  "ORG_CODE",
  "ORG_NAME",
  "CLUSTER_GROUP",
  "BENCHMARK_GROUP",
  "STAFF_GROUP",
  "FTE_DAYS_LOST",
  "FTE_DAYS_AVAILABLE",
  "SICKNESS_ABSENCE_RATE_PERCENT",
] as const;

const EVENT_TYPE = "workforce.absence.monthly";
/** NHS England's ODS code: the publisher emits these rows. */
export const NHS_ENGLAND_ODS = "X24";
export const NHS_BENCHMARK_SOURCE_SYSTEM = "nhse-sickness-benchmarking";

export interface AbsenceMonthlyEvent {
  event_id: string;
  event_type: typeof EVENT_TYPE;
  schema_version: 1;
  occurred_at: string;
  source_system: string;
  org_code: string;
  payload: {
    month_end: string;
    region_code: string;
    region_name: string;
    ics_code: string;
    ics_name: string;
    reporting_org_code: string;
    org_name: string;
    cluster_group: string;
    benchmark_group: string;
    staff_group: string;
    is_suppressed: boolean;
    fte_days_lost: number | null;
    fte_days_available: number | null;
    published_rate_pct: number | null;
  };
}

export interface MappedRow {
  line: number;
  event: AbsenceMonthlyEvent;
}

function isoMonthEnd(file: string, line: number, value: string): string {
  const match = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(value.trim());
  if (!match)
    throw new NhsAbsenceImportError(
      "IMPORT_BAD_ROW",
      message.importBadCsv(file, line, `DATE "${value}" is not dd/mm/yyyy`),
    );
  const [, day, month, year] = match;
  const iso = `${year}-${month}-${day}`;
  const parsed = new Date(`${iso}T00:00:00Z`);
  const lastDay = new Date(Date.UTC(Number(year), Number(month), 0)).getUTCDate();
  if (Number.isNaN(parsed.getTime()) || Number(day) !== lastDay) {
    throw new NhsAbsenceImportError(
      "IMPORT_BAD_ROW",
      message.importBadCsv(file, line, `DATE "${value}" is not a month end`),
    );
  }
  return iso;
}

function measure(file: string, line: number, column: string, value: string): number | null {
  const text = value.trim();
  if (text === "") return null; // blank = not published (suppressed), never zero
  const number = Number(text);
  if (!Number.isFinite(number)) {
    throw new NhsAbsenceImportError(
      "IMPORT_BAD_ROW",
      message.importBadCsv(file, line, `${column} "${value}" is not a number`),
    );
  }
  return number;
}

/**
 * The data rows of a published CSV whose header must be exactly `expected` (both NHS England imports);
 * a syntax error or another header is a typed error naming the file (and line).
 */
export function publishedCsvRows(
  file: string,
  text: string,
  expected: readonly string[],
  kind = "benchmarking",
): ReturnType<typeof parseCsv> {
  let records: ReturnType<typeof parseCsv>;
  try {
    records = parseCsv(text);
  } catch (error) {
    if (error instanceof CsvSyntaxError) {
      throw new NhsAbsenceImportError(
        "IMPORT_BAD_CSV",
        message.importBadCsv(file, error.line, error.message),
      );
    }
    throw error;
  }
  const [header, ...rows] = records;
  const found = header?.fields.map((f) => f.trim()).join(",") ?? "(empty file)";
  if (found !== expected.join(","))
    throw new NhsAbsenceImportError(
      "IMPORT_BAD_HEADER",
      message.importBadHeader(file, expected.join(","), found, kind),
    );
  return rows;
}

// The header is checked to be exactly NHS_BENCHMARK_HEADER, so a column's place is fixed.
const COLUMN_INDEX: ReadonlyMap<string, number> = new Map(NHS_BENCHMARK_HEADER.map((c, i) => [c, i]));

/** Parses one benchmarking CSV and maps every row to an event; throws on the first bad row. */
export function mapNhsBenchmarkCsv(file: string, text: string): MappedRow[] {
  const rows = publishedCsvRows(file, text, NHS_BENCHMARK_HEADER);
  return rows.map(({ line, fields }) => {
    if (fields.length !== NHS_BENCHMARK_HEADER.length) {
      throw new NhsAbsenceImportError(
        "IMPORT_BAD_ROW",
        message.importBadCsv(file, line, `${fields.length} fields, expected ${NHS_BENCHMARK_HEADER.length}`),
      );
    }
    const cell = (column: (typeof NHS_BENCHMARK_HEADER)[number]) =>
      (fields[COLUMN_INDEX.get(column) ?? -1] ?? "").trim();
    const label = cell("STAFF_GROUP");
    const staffGroup = canonicalStaffGroup(label);
    if (!staffGroup) {
      throw new NhsAbsenceImportError(
        "IMPORT_UNKNOWN_STAFF_GROUP",
        message.importUnknownStaffGroup(file, line, label),
        {
          file,
          line,
          label,
        },
      );
    }
    const monthEnd = isoMonthEnd(file, line, cell("DATE"));
    const lost = measure(file, line, "FTE_DAYS_LOST", cell("FTE_DAYS_LOST"));
    const available = measure(file, line, "FTE_DAYS_AVAILABLE", cell("FTE_DAYS_AVAILABLE"));
    const rate = measure(file, line, "SICKNESS_ABSENCE_RATE_PERCENT", cell("SICKNESS_ABSENCE_RATE_PERCENT"));
    const blanks = [lost, available, rate].filter((value) => value === null).length;
    if (blanks !== 0 && blanks !== 3) {
      // The publisher blanks all three together; a partial blank means a damaged file.
      throw new NhsAbsenceImportError(
        "IMPORT_BAD_ROW",
        message.importBadCsv(file, line, "some but not all of the three measures are blank"),
      );
    }
    const orgCode = cell("ORG_CODE");
    return {
      line,
      event: {
        event_id: uuidV5(`${EVENT_TYPE}|${orgCode}|${staffGroup}|${monthEnd}`),
        event_type: EVENT_TYPE,
        schema_version: 1,
        // The month end stands for the fact's time; it must not vary between imports (content hash).
        occurred_at: `${monthEnd}T00:00:00Z`,
        source_system: NHS_BENCHMARK_SOURCE_SYSTEM,
        org_code: NHS_ENGLAND_ODS,
        payload: {
          month_end: monthEnd,
          region_code: cell("NHSE_REGION_CODE"),
          region_name: cell("NHSE_REGION_NAME"),
          ics_code: cell("ICS_CODE"),
          ics_name: cell("ICS_NAME"),
          reporting_org_code: orgCode,
          org_name: cell("ORG_NAME"),
          cluster_group: cell("CLUSTER_GROUP"),
          benchmark_group: cell("BENCHMARK_GROUP"),
          staff_group: staffGroup,
          is_suppressed: blanks === 3,
          fte_days_lost: lost,
          fte_days_available: available,
          published_rate_pct: rate,
        },
      },
    };
  });
}

export interface ImportFileResult {
  file: string;
  rows: number;
  loaded: number;
  duplicates: number;
  skipped: number;
}

/**
 * Loads the files into an open warehouse. Every file is parsed and mapped before
 * the first one loads, so a bad file stops the import with nothing half-loaded.
 */
export async function importNhsAbsenceFiles(
  connection: DuckDBConnection,
  files: string[],
): Promise<ImportFileResult[]> {
  const info = eventTypeInfo(EVENT_TYPE);
  if (!info) throw new NhsAbsenceImportError("IMPORT_NO_CONTRACT", `no contract for ${EVENT_TYPE}`);
  // Published aggregates carry no staff identifiers, so there is nothing to pseudonymise and the
  // key is irrelevant; refuse if the contract ever gains an identifier field.
  if (info.identifierFields.length > 0) {
    throw new NhsAbsenceImportError("IMPORT_NEEDS_PSEUDONYM_KEY", `${EVENT_TYPE} now has identifier fields`);
  }
  const mapped = files.map((file) => {
    const path = resolve(file);
    if (!existsSync(path))
      throw new NhsAbsenceImportError("IMPORT_FILE_MISSING", message.importFileMissing(path));
    const bytes = readFileSync(path);
    return { path, digest: contentDigest(bytes), rows: mapNhsBenchmarkCsv(path, bytes.toString("utf8")) };
  });

  const loader = await BatchLoader.open(connection, new Pseudonymiser(randomBytes(32).toString("hex")));
  const results: ImportFileResult[] = [];
  for (const { path, digest, rows } of mapped) {
    const topic = fileTopic(digest);
    const messages: SourceMessage[] = rows.map(({ line, event }) => ({
      topic,
      partition: 0,
      offset: BigInt(line),
      key: Buffer.from(event.payload.reporting_org_code),
      headers: undefined,
      value: Buffer.from(JSON.stringify(event)),
    }));
    const outcome = await loader.load(messages);
    const first = outcome.deadLetters[0];
    if (first) {
      const issue = first.issues[0];
      throw new NhsAbsenceImportError(
        "IMPORT_REJECTED",
        message.importRejected(
          path,
          outcome.deadLetters.length,
          `${first.reason} ${issue?.path ?? ""} ${issue?.message ?? ""}`,
        ),
      );
    }
    results.push({
      file: path,
      rows: rows.length,
      loaded: outcome.loaded,
      duplicates: outcome.duplicates,
      skipped: outcome.skipped,
    });
  }
  return results;
}
