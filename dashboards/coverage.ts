/**
 * Coverage of the project's own event feeds (transforms' `mart_coverage`): how many of an area's
 * expected organisations a figure built from those feeds comes from. Every such figure above
 * organisation level carries "n of N organisations reporting"; below the coverage threshold it is
 * labelled "reporting organisations only" and totals (cost, days) are not presented as the area's.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { coverageMessages } from "./dashboard-messages.js";
import type { GeographyLevel } from "./mart-rows.js";

export type CoverageSource = "esr" | "oh_case_management" | "immunisation" | "exposure" | "service_cost";

export interface CoverageRow {
  month_end: string;
  level: GeographyLevel;
  code: string;
  source: CoverageSource;
  organisations_reporting: number;
  organisations_expected: number;
  expected_reporting: number;
  /** null when the reference list expects no organisation in the area. */
  coverage_pct: number | null;
}

/** Below this share of expected organisations reporting, a figure describes the reporting ones only. */
export const DEFAULT_COVERAGE_THRESHOLD_PCT = 80;

/** Latest coverage row per area and source, keyed by coverageKey. */
export type Coverage = Map<string, CoverageRow>;

export function coverageKey(level: string, code: string, source: CoverageSource): string {
  return `${level}|${code}|${source}`;
}

/** The latest month on or before `upTo` (all months without it) of every area and source. */
export async function readCoverage(connection: DuckDBConnection, upTo?: string): Promise<Coverage> {
  const reader = await connection.runAndReadAll(
    `SELECT strftime(month_end, '%Y-%m-%d') AS month_end, level, code, source,
            organisations_reporting::INTEGER AS organisations_reporting,
            organisations_expected::INTEGER AS organisations_expected,
            expected_reporting::INTEGER AS expected_reporting, coverage_pct::DOUBLE AS coverage_pct
     FROM mart_coverage
     WHERE organisations_reporting > 0 ${upTo ? "AND month_end <= $upTo::DATE" : ""}
     QUALIFY row_number() OVER (PARTITION BY level, code, source ORDER BY month_end DESC) = 1`,
    upTo ? { upTo } : {},
  );
  const coverage: Coverage = new Map();
  for (const r of reader.getRowObjectsJson()) {
    const row: CoverageRow = {
      month_end: String(r.month_end),
      level: String(r.level) as GeographyLevel,
      code: String(r.code),
      source: String(r.source) as CoverageSource,
      organisations_reporting: Number(r.organisations_reporting),
      organisations_expected: Number(r.organisations_expected),
      expected_reporting: Number(r.expected_reporting),
      coverage_pct: r.coverage_pct === null ? null : Number(r.coverage_pct),
    };
    coverage.set(coverageKey(row.level, row.code, row.source), row);
  }
  return coverage;
}

/** The figure describes only some of the area's organisations (or the area's list is unknown). */
export function isPartialCoverage(
  row: CoverageRow | undefined,
  threshold = DEFAULT_COVERAGE_THRESHOLD_PCT,
): boolean {
  if (!row || row.level === "organisation") return false;
  return row.coverage_pct === null || row.coverage_pct < threshold;
}

/**
 * "n of N organisations reporting (Mon YYYY)", plus "reporting organisations only" below the threshold;
 * null at organisation level or without coverage data.
 */
export function coverageLabel(
  row: CoverageRow | undefined,
  threshold = DEFAULT_COVERAGE_THRESHOLD_PCT,
): string | null {
  if (!row || row.level === "organisation") return null;
  return coverageMessages.label(
    row.expected_reporting,
    row.organisations_expected,
    row.organisations_reporting,
    row.month_end,
    isPartialCoverage(row, threshold),
  );
}
