/**
 * Reads what the OH and value charts show from the warehouse, per geography (level + code): monthly
 * referral waits and exposures, frontline flu uptake accumulated month by month through each season,
 * referrals by type and latest outcome per quarter, and quarterly value and ROI. Complete counts, as the
 * marts hold them: the charts apply disclosure control. The dashboard site reads every geography; a pack
 * reads its scope up to its quarter's end.
 *
 * Every series comes from a mart: mart_referral_waits, mart_exposure_pep, mart_flu_uptake_by_month (the
 * season's uptake month by month), mart_referral_mix (referrals by type and outcome), mart_value_roi and
 * mart_sickness_cost.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import type {
  ExposureMonthRow,
  FluCumulativeRow,
  ReferralBreakdown,
  ReferralCategoryRow,
  ReferralWaitsMonthRow,
  ValueQuarterRow,
} from "../charts/oh-chart-rows.js";
import type { GeographyLevel } from "../mart-rows.js";

export interface OhGeographySeries {
  level: GeographyLevel;
  code: string;
  name: string;
  referralWaits: ReferralWaitsMonthRow[];
  exposures: ExposureMonthRow[];
  flu: FluCumulativeRow[];
  referralCategories: ReferralCategoryRow[];
  value: ValueQuarterRow[];
  /** The value model's own notes on where its cost per FTE and baseline come from, when it has them. */
  costSource: string | null;
  baselineSource: string | null;
}

/** Keyed by `${level}|${code}`. */
export type OhSource = Map<string, OhGeographySeries>;

export interface OhSourceFilter {
  level: GeographyLevel;
  code: string;
  /** Last day to include ('YYYY-MM-DD'), e.g. a pack's quarter end. */
  upTo: string;
}

export function ohKey(level: GeographyLevel, code: string): string {
  return `${level}|${code}`;
}

type Row = Record<string, unknown>;

function num(value: unknown): number {
  return typeof value === "bigint" ? Number(value) : Number(value ?? 0);
}

function numOrNull(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  const n = typeof value === "bigint" ? Number(value) : Number(value);
  return Number.isFinite(n) ? n : null;
}

function strOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}

const REFERRAL_WAITS_SQL = `
  SELECT strftime(period_end, '%Y-%m-%d') AS period_end, level, code, name,
    first_appointment_referrals::BIGINT AS first_appointment_referrals,
    first_appointment_within_10_wd::BIGINT AS first_appointment_within_10_wd,
    reports_issued::BIGINT AS reports_issued, reports_within_2_wd::BIGINT AS reports_within_2_wd
  FROM mart_referral_waits
  WHERE period_kind = 'month'`;

const EXPOSURES_SQL = `
  SELECT strftime(period_end, '%Y-%m-%d') AS period_end, level, code, name,
    exposures::BIGINT AS exposures, high_risk_exposures::BIGINT AS high_risk_exposures,
    pep_within_60_minutes::BIGINT AS pep_within_60_minutes
  FROM mart_exposure_pep
  WHERE period_kind = 'month'`;

const FLU_SQL = `
  SELECT season, strftime(month_end, '%Y-%m-%d') AS period_end, level, code, name,
    frontline_headcount::BIGINT AS frontline_headcount, cumulative_vaccinated::BIGINT AS cumulative_vaccinated
  FROM mart_flu_uptake_by_month`;

const REFERRAL_CATEGORIES_SQL = `
  SELECT strftime(period_end, '%Y-%m-%d') AS period_end, level, code, name, breakdown, category,
    referrals::BIGINT AS referrals
  FROM mart_referral_mix
  WHERE period_kind = 'quarter'`;

const VALUE_SQL = `
  SELECT strftime(period_end, '%Y-%m-%d') AS period_end, level, code,
    coalesce(value.name, cost.name) AS name,
    value.fte_days_available::DOUBLE AS fte_days_available,
    cost.cost_of_absence_gbp::DOUBLE AS cost_of_absence_gbp,
    coalesce(cost.org_months_not_costed, 0)::INTEGER AS org_months_not_costed,
    value.days_saved::DOUBLE AS days_saved, value.benefit_gbp::DOUBLE AS benefit_gbp,
    value.service_cost_gbp::DOUBLE AS service_cost_gbp, value.roi::DOUBLE AS roi,
    value.benefit_cost_ratio::DOUBLE AS benefit_cost_ratio,
    coalesce(value.assumption_cost_per_fte_gbp, cost.assumption_cost_per_fte_gbp)::DOUBLE AS cost_per_fte_gbp,
    value.assumption_baseline_kind AS baseline_kind,
    value.assumption_baseline_rate_pct::DOUBLE AS baseline_rate_pct,
    value.roi_status,
    coalesce(value.assumptions_json, cost.assumptions_json) -> 'annual_cost_per_fte_gbp' ->> 'source' AS cost_source,
    coalesce(value.assumptions_json, cost.assumptions_json) -> 'baseline' ->> 'source' AS baseline_source
  FROM (SELECT * FROM mart_value_roi WHERE period_kind = 'quarter') AS value
  FULL OUTER JOIN (
    SELECT * FROM mart_sickness_cost WHERE period_kind = 'quarter' AND staff_group = 'All staff groups'
  ) AS cost USING (period_kind, period_end, level, code)`;

async function query(
  connection: DuckDBConnection,
  sql: string,
  filter: OhSourceFilter | undefined,
  orderBy = "level, code, period_end",
): Promise<Row[]> {
  // Every query returns level, code and period_end ('YYYY-MM-DD' text, so ISO order is date order).
  const where = filter ? "WHERE level = $level AND code = $code AND period_end <= $upTo" : "";
  const text = `SELECT * FROM (${sql}) AS q ${where} ORDER BY ${orderBy}`;
  const reader = filter
    ? await connection.runAndReadAll(text, { level: filter.level, code: filter.code, upTo: filter.upTo })
    : await connection.runAndReadAll(text);
  return reader.getRowObjects() as Row[];
}

export async function readOhSource(connection: DuckDBConnection, filter?: OhSourceFilter): Promise<OhSource> {
  const source: OhSource = new Map();
  const series = (row: Row): OhGeographySeries => {
    const level = String(row.level) as GeographyLevel;
    const code = String(row.code);
    const key = ohKey(level, code);
    let entry = source.get(key);
    if (!entry) {
      entry = {
        level,
        code,
        name: String(row.name ?? code),
        referralWaits: [],
        exposures: [],
        flu: [],
        referralCategories: [],
        value: [],
        costSource: null,
        baselineSource: null,
      };
      source.set(key, entry);
    }
    return entry;
  };
  for (const r of await query(connection, REFERRAL_WAITS_SQL, filter)) {
    series(r).referralWaits.push({
      month_end: String(r.period_end),
      first_appointment_referrals: num(r.first_appointment_referrals),
      first_appointment_within_10_wd: num(r.first_appointment_within_10_wd),
      reports_issued: num(r.reports_issued),
      reports_within_2_wd: num(r.reports_within_2_wd),
    });
  }
  for (const r of await query(connection, EXPOSURES_SQL, filter)) {
    series(r).exposures.push({
      month_end: String(r.period_end),
      exposures: num(r.exposures),
      high_risk_exposures: num(r.high_risk_exposures),
      pep_within_60_minutes: num(r.pep_within_60_minutes),
    });
  }
  for (const r of await query(connection, FLU_SQL, filter)) {
    series(r).flu.push({
      season: String(r.season),
      month_end: String(r.period_end),
      cumulative_vaccinated: num(r.cumulative_vaccinated),
      frontline_headcount: numOrNull(r.frontline_headcount),
    });
  }
  for (const r of await query(
    connection,
    REFERRAL_CATEGORIES_SQL,
    filter,
    "level, code, period_end, breakdown, category",
  )) {
    series(r).referralCategories.push({
      quarter_end: String(r.period_end),
      breakdown: String(r.breakdown) as ReferralBreakdown,
      category: String(r.category),
      referrals: num(r.referrals),
    });
  }
  for (const r of await query(connection, VALUE_SQL, filter)) {
    const entry = series(r);
    entry.value.push({
      quarter_end: String(r.period_end),
      fte_days_available: numOrNull(r.fte_days_available),
      cost_of_absence_gbp: numOrNull(r.cost_of_absence_gbp),
      org_months_not_costed: Number(r.org_months_not_costed ?? 0),
      days_saved: numOrNull(r.days_saved),
      benefit_gbp: numOrNull(r.benefit_gbp),
      service_cost_gbp: numOrNull(r.service_cost_gbp),
      roi: numOrNull(r.roi),
      benefit_cost_ratio: numOrNull(r.benefit_cost_ratio),
      cost_per_fte_gbp: numOrNull(r.cost_per_fte_gbp),
      baseline_kind: strOrNull(r.baseline_kind),
      baseline_rate_pct: numOrNull(r.baseline_rate_pct),
      roi_status: strOrNull(r.roi_status),
    });
    // Rows are in period order, so the last one's notes are the latest quarter's.
    entry.costSource = strOrNull(r.cost_source) ?? entry.costSource;
    entry.baselineSource = strOrNull(r.baseline_source) ?? entry.baselineSource;
  }
  return source;
}
