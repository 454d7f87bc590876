/**
 * `ohwb import nhs-reasons`: NHS England's national sickness absence by reason (the CSVs the project ships
 * in reference/nhs-sickness-absence/reasons: DATE, STAFF_GROUP, REASON, FTE_DAYS_LOST) into the
 * reference table ref_nhs_absence_reason (migration 0005). These are published national aggregates,
 * not events about people, so they go to a reference table rather than through ingest.
 *
 * Every file is parsed before anything loads, so a malformed row stops the import with file, line and
 * value and nothing half-loaded. Files load in name order and a month published again in a later file
 * replaces the earlier figures ("12 months to" files overlap by eleven months), so re-importing the
 * same files changes nothing.
 */
import { existsSync, readFileSync } from "node:fs";
import { basename, resolve } from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import { canonicalStaffGroup } from "../contracts/index.js";
import { isCalendarDate } from "../core/calendar-date.js";
import { publishedCsvRows } from "./nhs-absence-import.js";
import { NhsAbsenceImportError } from "./warehouse-errors.js";
import { warehouseMessages as message } from "./warehouse-messages.js";

export const NHS_REASONS_HEADER = ["DATE", "STAFF_GROUP", "REASON", "FTE_DAYS_LOST"] as const;

export interface PublishedReasonRow {
  month_end: string;
  staff_group: string;
  reason_code: string;
  reason_label: string;
  fte_days_lost: number;
}

export interface ReasonsFileResult {
  file: string;
  rows: number;
}

function bad(file: string, line: number, detail: string): NhsAbsenceImportError {
  return new NhsAbsenceImportError("IMPORT_BAD_ROW", message.importBadCsv(file, line, detail));
}

/** Parses one by-reason CSV; throws on the first bad row. */
export function parseNhsReasonsCsv(file: string, text: string): PublishedReasonRow[] {
  const rows = publishedCsvRows(file, text, NHS_REASONS_HEADER, "by-reason");
  return rows.map(({ line, fields }) => {
    const [date = "", group = "", reason = "", lost = ""] = fields.map((f) => f.trim());
    if (!isCalendarDate(date)) throw bad(file, line, `DATE "${date}" is not YYYY-MM-DD`);
    const match = /^(S\d{2})\s+(.+)$/.exec(reason);
    if (!match) throw bad(file, line, `REASON "${reason}" does not start with an ESR reason code (S10–S99)`);
    const days = Number(lost);
    if (lost === "" || !Number.isFinite(days) || days < 0)
      throw bad(file, line, `FTE_DAYS_LOST "${lost}" is not a non-negative number`);
    const staffGroup = group === "All staff groups" ? group : canonicalStaffGroup(group);
    if (!staffGroup) throw bad(file, line, `STAFF_GROUP "${group}" is not a known staff group`);
    return {
      month_end: date,
      staff_group: staffGroup,
      reason_code: match[1] as string,
      reason_label: match[2] as string,
      fte_days_lost: days,
    };
  });
}

/** Loads the files (in name order, later months replacing earlier) in one transaction. */
export async function importNhsReasonFiles(
  connection: DuckDBConnection,
  files: readonly string[],
): Promise<ReasonsFileResult[]> {
  const parsed = [...files]
    .map((f) => resolve(f))
    .sort((a, b) => basename(a).localeCompare(basename(b)))
    .map((path) => {
      if (!existsSync(path))
        throw new NhsAbsenceImportError("IMPORT_FILE_MISSING", message.importFileMissing(path));
      return { path, rows: parseNhsReasonsCsv(path, readFileSync(path, "utf8")) };
    });
  await connection.run("BEGIN TRANSACTION");
  try {
    // one statement per file: the rows travel as one JSON parameter
    for (const { path, rows } of parsed) {
      await connection.run(
        `INSERT OR REPLACE INTO ref_nhs_absence_reason
           (month_end, staff_group, reason_code, reason_label, fte_days_lost, source_file)
         SELECT CAST(r ->> 'month_end' AS DATE), r ->> 'staff_group', r ->> 'reason_code', r ->> 'reason_label',
                CAST(r ->> 'fte_days_lost' AS DOUBLE), $source_file
         FROM (SELECT unnest(from_json($rows, '["JSON"]')) AS r)`,
        { rows: JSON.stringify(rows), source_file: basename(path) },
      );
    }
    await connection.run("COMMIT");
  } catch (error) {
    await connection.run("ROLLBACK");
    throw error;
  }
  return parsed.map(({ path, rows }) => ({ file: path, rows: rows.length }));
}
