/**
 * What a pack reads from the warehouse, once: the absence benchmark (every geography, month and staff
 * group) is read once and shared by every pack built from the same warehouse (the national set builds
 * 50); the quarter rows of the OH and value marts, the OH chart series, coverage, the published reasons
 * and the provenance are read per pack, for its scope only. Callers pass the recording connection
 * (recording-reader.ts), so the manifest lists exactly the tables these reads touched; sections then
 * compose from what was read and never query.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { type Coverage, readCoverage } from "../coverage.js";
import { type Provenance, readProvenance } from "../provenance.js";
import { type BenchmarkSource, readAbsenceSource, readBenchmarkSource } from "../site/benchmark-source.js";
import { type OhGeographySeries, ohKey, readOhSource } from "../site/oh-source.js";
import type { PackScope } from "./pack-scope.js";

export type MartRecord = Record<string, string | number | boolean | null>;

/** Quarter rows of one mart for the scope, keyed by quarter end ('YYYY-MM-DD'). */
export type QuarterRows = Map<string, MartRecord[]>;

export interface ScopeMarts {
  reasonShare: QuarterRows;
  sicknessCost: QuarterRows;
  valueRoi: QuarterRows;
  referralWaits: QuarterRows;
  appointmentDna: QuarterRows;
  exposurePep: QuarterRows;
  /** The scope's OH chart series (months and quarters up to the pack's quarter end); undefined without OH data. */
  oh?: OhGeographySeries;
  /** How much of each area the event feeds cover, latest month up to the pack's quarter end. */
  coverage?: Coverage;
  /** NHS England's published national reasons: the quarter's months, else the latest 12 before it, else the first 12 after. */
  publishedReasons?: PublishedReasons;
  /** The data's as-of date and the publications the warehouse holds. */
  provenance: Provenance;
}

export interface PublishedReasons {
  /** How the months relate to the pack's quarter: its own, the latest 12 before it, or (none earlier) the first 12 after. */
  period: "quarter" | "earlier" | "later";
  from: string;
  to: string;
  sourceFiles: string[];
  rows: { reason_code: string; reason_label: string; fte_days_lost: number; share_pct: number }[];
}

/** The published national by-reason figures for the quarter ending `quarterEnd`, else the nearest 12 months (see `period`). */
async function readPublishedReasons(
  connection: DuckDBConnection,
  quarterEnd: string,
): Promise<PublishedReasons | undefined> {
  const months = (
    await connection.runAndReadAll(
      `SELECT DISTINCT strftime(month_end, '%Y-%m-%d') AS m FROM mart_published_absence_reason
       WHERE staff_group = 'All staff groups' ORDER BY m`,
    )
  )
    .getRowObjectsJson()
    .map((r) => String(r.m));
  const quarterStart = `${quarterEnd.slice(0, 5)}${String(Number(quarterEnd.slice(5, 7)) - 2).padStart(2, "0")}-01`;
  const inQuarter = months.filter((m) => m >= quarterStart && m <= quarterEnd);
  // never a period after the quarter while an earlier one is published
  const earlier = months.filter((m) => m < quarterStart).slice(-12);
  const period = inQuarter.length > 0 ? "quarter" : earlier.length > 0 ? "earlier" : "later";
  const chosen = period === "quarter" ? inQuarter : period === "earlier" ? earlier : months.slice(0, 12);
  if (chosen.length === 0) return undefined;
  const reader = await connection.runAndReadAll(
    `SELECT reason_code, any_value(reason_label) AS reason_label, sum(fte_days_lost)::DOUBLE AS lost,
            string_agg(DISTINCT source_file, ', ' ORDER BY source_file) AS files
     FROM mart_published_absence_reason
     WHERE staff_group = 'All staff groups' AND month_end BETWEEN $from::DATE AND $to::DATE
     GROUP BY reason_code ORDER BY reason_code`,
    { from: chosen[0] as string, to: chosen[chosen.length - 1] as string },
  );
  const raw = reader.getRowObjectsJson();
  const total = raw.reduce((sum, r) => sum + Number(r.lost), 0);
  return {
    period,
    from: chosen[0] as string,
    to: chosen[chosen.length - 1] as string,
    sourceFiles: [...new Set(raw.flatMap((r) => String(r.files).split(", ")))].sort(),
    rows: raw.map((r) => ({
      reason_code: String(r.reason_code),
      reason_label: String(r.reason_label),
      fte_days_lost: Number(r.lost),
      share_pct: total > 0 ? (Number(r.lost) / total) * 100 : 0,
    })),
  };
}

export interface MartQuery {
  key: Exclude<keyof ScopeMarts, "oh" | "coverage" | "publishedReasons" | "provenance">;
  table: string;
  columns: string;
  /** Extra condition, e.g. the 'All staff groups' row of a per-staff-group mart. */
  where?: string;
  orderBy?: string;
}

/** Columns are listed (not SELECT *) so the CSVs and manifest keep a fixed shape as marts grow. */
export const SCOPE_MART_QUERIES: readonly MartQuery[] = [
  {
    key: "reasonShare",
    table: "mart_sickness_reason_share",
    columns:
      "reason_code, reason_label, fte_days_lost::DOUBLE AS fte_days_lost, fte_days_lost_all_reasons::DOUBLE AS fte_days_lost_all_reasons, reason_share_pct::DOUBLE AS reason_share_pct",
    orderBy: "reason_code",
  },
  {
    key: "sicknessCost",
    table: "mart_sickness_cost",
    columns:
      "staff_group, fte_days_lost::DOUBLE AS fte_days_lost, cost_of_absence_gbp::DOUBLE AS cost_of_absence_gbp, assumption_cost_per_fte_gbp::DOUBLE AS assumption_cost_per_fte_gbp, assumptions_json, org_months_not_costed::INTEGER AS org_months_not_costed",
    where: "staff_group = 'All staff groups'",
    orderBy: "staff_group",
  },
  {
    key: "valueRoi",
    table: "mart_value_roi",
    columns:
      "fte_days_lost::DOUBLE AS fte_days_lost, fte_days_available::DOUBLE AS fte_days_available, observed_rate_pct::DOUBLE AS observed_rate_pct, days_saved::DOUBLE AS days_saved, benefit_gbp::DOUBLE AS benefit_gbp, service_cost_gbp::DOUBLE AS service_cost_gbp, roi::DOUBLE AS roi, benefit_cost_ratio::DOUBLE AS benefit_cost_ratio, roi_low::DOUBLE AS roi_low, roi_high::DOUBLE AS roi_high, benefit_cost_ratio_low::DOUBLE AS benefit_cost_ratio_low, benefit_cost_ratio_high::DOUBLE AS benefit_cost_ratio_high, roi_status, assumption_cost_per_fte_gbp::DOUBLE AS assumption_cost_per_fte_gbp, assumption_baseline_kind, assumption_baseline_rate_pct::DOUBLE AS assumption_baseline_rate_pct, assumptions_json",
  },
  {
    key: "referralWaits",
    table: "mart_referral_waits",
    columns:
      "referrals_received::BIGINT AS referrals_received, first_appointment_referrals::BIGINT AS first_appointment_referrals, first_appointment_within_10_wd::BIGINT AS first_appointment_within_10_wd, median_working_days_to_first_appointment::DOUBLE AS median_working_days_to_first_appointment, reports_issued::BIGINT AS reports_issued, reports_within_2_wd::BIGINT AS reports_within_2_wd, median_working_days_to_report::DOUBLE AS median_working_days_to_report",
  },
  {
    key: "appointmentDna",
    table: "mart_appointment_dna",
    columns:
      "appointments_booked::BIGINT AS appointments_booked, appointments_attended::BIGINT AS appointments_attended, appointments_dna::BIGINT AS appointments_dna",
  },
  {
    key: "exposurePep",
    table: "mart_exposure_pep",
    columns:
      "exposures::BIGINT AS exposures, high_risk_exposures::BIGINT AS high_risk_exposures, pep_within_60_minutes::BIGINT AS pep_within_60_minutes",
  },
];

function plain(value: unknown): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "bigint") return Number(value);
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "string") return value;
  return String(value);
}

export async function readScopeMarts(
  connection: DuckDBConnection,
  scope: PackScope,
  quarterEnds: readonly string[],
): Promise<ScopeMarts> {
  const result = {} as ScopeMarts;
  const ends = quarterEnds.map((d) => `DATE '${d}'`).join(", ");
  for (const query of SCOPE_MART_QUERIES) {
    const where = query.where ? ` AND ${query.where}` : "";
    const reader = await connection.runAndReadAll(
      `SELECT strftime(period_end, '%Y-%m-%d') AS period_end, ${query.columns}
       FROM ${query.table}
       WHERE period_kind = 'quarter' AND level = $level AND code = $code AND period_end IN (${ends})${where}
       ORDER BY period_end${query.orderBy ? `, ${query.orderBy}` : ""}`,
      { level: scope.level, code: scope.code },
    );
    const byQuarter: QuarterRows = new Map();
    for (const row of reader.getRowObjects()) {
      const record: MartRecord = {};
      for (const [k, v] of Object.entries(row)) record[k] = plain(v);
      const end = String(record.period_end);
      byQuarter.set(end, [...(byQuarter.get(end) ?? []), record]);
    }
    result[query.key] = byQuarter;
  }
  const upTo = [...quarterEnds].sort().at(-1);
  if (upTo) {
    const oh = await readOhSource(connection, { level: scope.level, code: scope.code, upTo });
    const series = oh.get(ohKey(scope.level, scope.code));
    if (series) result.oh = series;
    result.coverage = await readCoverage(connection, upTo);
    const published = await readPublishedReasons(connection, upTo);
    if (published) result.publishedReasons = published;
  }
  result.provenance = await readProvenance(connection);
  return result;
}

/**
 * The warehouse's own absence (mart_absence_rate, from ingested ESR episodes and FTE) in the benchmark's
 * shape, with the organisation hierarchy from dim_organisation: the pack's absence source for a scope and
 * quarter that NHS England's published benchmark does not cover (e.g. months after the latest release).
 */
export function readOwnAbsenceSource(connection: DuckDBConnection): Promise<BenchmarkSource> {
  return readAbsenceSource(
    connection,
    "mart_absence_rate",
    "SELECT org_code, ics_code, region_code, cluster_group FROM dim_organisation ORDER BY org_code",
  );
}

export type { BenchmarkSource };
export { readBenchmarkSource };
