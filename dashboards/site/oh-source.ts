/**
 * Reads what the OH and value charts show from the warehouse, per geography (level + code): monthly
 * referral waits and exposures, frontline flu uptake accumulated month by month through each season,
 * referrals by type and latest outcome per quarter, and quarterly value and ROI. Complete counts, as the
 * marts hold them: the charts apply disclosure control. The dashboard site reads every geography; a pack
 * reads its scope up to its quarter's end.
 *
 * Two series have no mart of their own and are aggregated here from the facts, grouped exactly as the
 * marts group (by dim_organisation_level, counts only, no staff identifier leaves the query): flu uptake
 * by month (mart_flu_uptake has season totals only; the numerator here is the same distinct frontline
 * staff per organisation and season, dated by their first flu vaccination of the season, so the last
 * month of a finished season equals the mart's numerator) and referrals by type and outcome
 * (mart_referral_outcomes carries long-term-absence adjustments and return to work, not these counts).
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

/**
 * Months of each season up to the last month any flu vaccination was recorded (no flat future months),
 * for seasons that start on or after the first recorded month (a season the data joins part-way through
 * would show a cumulative undercount).
 */
const FLU_SQL = `
  WITH first_dose AS (
    SELECT season_start_year, org_code, staff_id, min(administered_date) AS first_date
    FROM fct_immunisation
    WHERE vaccine = 'influenza' AND frontline_hcw AND season_start_year IS NOT NULL
    GROUP BY season_start_year, org_code, staff_id
  ),
  by_month AS (
    SELECT first_dose.season_start_year, org.level, org.code, last_day(first_dose.first_date) AS month_end,
      count(*) AS vaccinated
    FROM first_dose
    JOIN dim_organisation_level AS org ON org.org_code = first_dose.org_code
    GROUP BY ALL
  ),
  recorded AS (
    SELECT date_trunc('month', min(administered_date)) AS first_month, last_day(max(administered_date)) AS last_month
    FROM fct_immunisation WHERE vaccine = 'influenza'
  ),
  season_months AS (
    SELECT uptake.season, year(uptake.season_start) AS season_start_year, uptake.level, uptake.code,
      uptake.name, uptake.frontline_headcount, last_day(CAST(m.month_start AS DATE)) AS month_end
    FROM mart_flu_uptake AS uptake
    CROSS JOIN LATERAL (
      SELECT unnest(generate_series(uptake.season_start, uptake.season_end, INTERVAL 1 MONTH)) AS month_start
    ) AS m
  )
  SELECT season_months.season, strftime(season_months.month_end, '%Y-%m-%d') AS period_end,
    season_months.level, season_months.code, season_months.name,
    season_months.frontline_headcount::BIGINT AS frontline_headcount,
    sum(coalesce(by_month.vaccinated, 0)) OVER (
      PARTITION BY season_months.season, season_months.level, season_months.code
      ORDER BY season_months.month_end
    )::BIGINT AS cumulative_vaccinated
  FROM season_months
  CROSS JOIN recorded
  LEFT JOIN by_month
    ON by_month.season_start_year = season_months.season_start_year AND by_month.level = season_months.level
    AND by_month.code = season_months.code AND by_month.month_end = season_months.month_end
  WHERE season_months.month_end <= recorded.last_month
    AND make_date(season_months.season_start_year, 9, 1) >= recorded.first_month`;

const REFERRAL_CATEGORIES_SQL = `
  WITH received AS (
    SELECT period.period_end, org.level, org.code, org.name,
      coalesce(referral.referral_type, 'unknown') AS referral_type,
      coalesce(referral.outcome_fitness, 'none_yet') AS outcome_fitness
    FROM fct_referral AS referral
    JOIN dim_reporting_period AS period ON period.date = referral.received_date AND period.period_kind = 'quarter'
    JOIN dim_organisation_level AS org ON org.org_code = referral.org_code
  )
  SELECT strftime(period_end, '%Y-%m-%d') AS period_end, level, code, any_value(name) AS name,
      'type' AS breakdown, referral_type AS category, count(*)::BIGINT AS referrals
    FROM received GROUP BY period_end, level, code, referral_type
    UNION ALL
    SELECT strftime(period_end, '%Y-%m-%d') AS period_end, level, code, any_value(name) AS name,
      'outcome' AS breakdown, outcome_fitness AS category, count(*)::BIGINT AS referrals
    FROM received GROUP BY period_end, level, code, outcome_fitness`;

const VALUE_SQL = `
  SELECT strftime(period_end, '%Y-%m-%d') AS period_end, level, code,
    coalesce(value.name, cost.name) AS name,
    value.fte_days_available::DOUBLE AS fte_days_available,
    cost.cost_of_absence_gbp::DOUBLE AS cost_of_absence_gbp,
    value.days_saved::DOUBLE AS days_saved, value.benefit_gbp::DOUBLE AS benefit_gbp,
    value.service_cost_gbp::DOUBLE AS service_cost_gbp, value.roi::DOUBLE AS roi,
    value.benefit_cost_ratio::DOUBLE AS benefit_cost_ratio,
    coalesce(value.assumption_cost_per_fte_gbp, cost.assumption_cost_per_fte_gbp)::DOUBLE AS cost_per_fte_gbp,
    value.assumption_baseline_kind AS baseline_kind,
    value.assumption_baseline_rate_pct::DOUBLE AS baseline_rate_pct,
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
      days_saved: numOrNull(r.days_saved),
      benefit_gbp: numOrNull(r.benefit_gbp),
      service_cost_gbp: numOrNull(r.service_cost_gbp),
      roi: numOrNull(r.roi),
      benefit_cost_ratio: numOrNull(r.benefit_cost_ratio),
      cost_per_fte_gbp: numOrNull(r.cost_per_fte_gbp),
      baseline_kind: strOrNull(r.baseline_kind),
      baseline_rate_pct: numOrNull(r.baseline_rate_pct),
    });
    // Rows are in period order, so the last one's notes are the latest quarter's.
    entry.costSource = strOrNull(r.cost_source) ?? entry.costSource;
    entry.baselineSource = strOrNull(r.baseline_source) ?? entry.baselineSource;
  }
  return source;
}
