/**
 * Where and when the published figures come from, for every site page and pack: the data's "as of" date
 * (the last transform's), the NHS England publications the warehouse holds (benchmarking months, the
 * by-reason files) and that the OH and value figures are the organisations' own events. No build time:
 * packs and pages are byte-identical across rebuilds of the same warehouse, and say so.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { formatMonth } from "./charts/chart-text.js";
import { provenanceMessages } from "./dashboard-messages.js";

export interface Provenance {
  asOf: string | null;
  /** When the last transform run finished ('YYYY-MM-DD', UTC): the build date, taken from the warehouse. */
  transformedOn: string | null;
  benchmarkFrom: string | null;
  benchmarkTo: string | null;
  reasonFiles: string[];
}

async function one(connection: DuckDBConnection, sql: string): Promise<Record<string, unknown>> {
  return ((await connection.runAndReadAll(sql)).getRowObjectsJson()[0] ?? {}) as Record<string, unknown>;
}

export async function readProvenance(connection: DuckDBConnection): Promise<Provenance> {
  const run = await one(
    connection,
    `SELECT strftime(max_by(as_of, run_id), '%Y-%m-%d') AS as_of,
            strftime(max_by(finished_at, run_id) AT TIME ZONE 'UTC', '%Y-%m-%d') AS transformed_on
     FROM transform_runs WHERE finished_at IS NOT NULL`,
  );
  const published = await one(
    connection,
    "SELECT strftime(min(month_end), '%Y-%m-%d') AS first, strftime(max(month_end), '%Y-%m-%d') AS last FROM stg_absence_published",
  );
  const files = (
    await connection.runAndReadAll(
      "SELECT DISTINCT source_file FROM ref_nhs_absence_reason ORDER BY source_file",
    )
  )
    .getRowObjectsJson()
    .map((r) => String(r.source_file));
  const text = (v: unknown) => (v === null || v === undefined ? null : String(v));
  return {
    asOf: text(run.as_of),
    transformedOn: text(run.transformed_on),
    benchmarkFrom: text(published.first),
    benchmarkTo: text(published.last),
    reasonFiles: files,
  };
}

/** One sentence naming the as-of date and every source, for page headers and the pack's method. */
export function provenanceText(p: Provenance): string {
  return provenanceMessages.sources(
    p.asOf,
    p.benchmarkFrom && p.benchmarkTo
      ? `${formatMonth(p.benchmarkFrom)} to ${formatMonth(p.benchmarkTo)}`
      : null,
    p.reasonFiles,
  );
}
