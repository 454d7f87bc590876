-- description: Days saved against a baseline, their value, and the OH service's return on investment
--   (domain notes section 4), by month, quarter and rolling 12 months at organisation, ICB, region and England level, all
--   staff groups. Per organisation and month: days saved = (baseline rate − observed rate)/100 × ΣFTE days
--   available (unrounded rates); benefit = days saved × cost per calendar FTE-day, where that cost is the
--   organisation's days-lost-weighted average of the staff groups' annual cost ÷ 365 (mart_sickness_cost's
--   cost of absence ÷ days lost: the same price as the cost headline; the FTE-days-available-weighted
--   average in a month without days lost). The baseline is
--   configured (seed_value_model): 'pre_period' = the organisation's own rate over the pre-period;
--   'before_first_cost' = its own rate over the N months before its first recorded OH service cost (each
--   organisation its own); 'benchmark_peer' = the published rate of the organisation's NHS England
--   benchmark group that month (unsuppressed published organisation rows, all staff groups). Months that
--   are the baseline, or come before it, are not counted as savings or costs: they are listed with roi_status
--   'baseline_period' or 'before_baseline' and null measures. Organisations without a baseline contribute no days saved.
--   Sensitivity: benefit × cost-per-FTE factor × share attributed to OH, low / central / high
--   (seed_value_model; 1 when not configured); days_saved, benefit, ROI and ratio are the central case. Service cost (fct_service_cost) is matched to
--   the organisation by the OH service's ODS code, i.e. an in-house OH service is assumed to serve its own
--   trust. Higher levels sum the organisations; ROI = (benefit − service cost) ÷ service cost and
--   benefit-cost ratio = benefit ÷ service cost, both null without service cost; roi_status says why.
-- depends: mart_absence_rate, mart_sickness_cost, fct_fte_days_available, fct_service_cost, seed_value_model_cost, seed_value_model, stg_absence_published, dim_organisation, dim_reporting_period, dim_organisation_level
-- column: period_kind | text | 'month', 'quarter' or 'rolling12' (dim_reporting_period)
-- column: period_end | date | last day of the month, the quarter, or the last month of the 12-month window
-- column: level | text | 'england', 'region', 'ics' or 'organisation'
-- column: code | code | ODS code, ICB code, region code or 'ENG'
-- column: name | text | name of the organisation, ICB, region, or 'England'
-- column: fte_days_lost | FTE days | Σ FTE days lost
-- column: fte_days_available | FTE days | Σ FTE days available
-- column: observed_rate_pct | percent | Σ lost ÷ Σ available × 100 (unrounded)
-- column: baseline_fte_days_available | FTE days | Σ FTE days available of the organisations that have a baseline
-- column: days_saved | FTE days | Σ (baseline rate − observed rate)/100 × FTE days available × central share attributed to OH; negative when absence rose
-- column: benefit_gbp | GBP | Σ days saved × cost per calendar FTE-day × central cost factor
-- column: service_cost_gbp | GBP | OH service cost in the period
-- column: roi | ratio | (benefit − service cost) ÷ service cost
-- column: benefit_cost_ratio | ratio | benefit ÷ service cost ("£X per £1")
-- column: benefit_low_gbp | GBP | benefit under the low cost factor and attributed share (the smaller of the two cases when days were lost)
-- column: benefit_high_gbp | GBP | benefit under the high cost factor and attributed share
-- column: roi_low | ratio | ROI with the low benefit
-- column: roi_high | ratio | ROI with the high benefit
-- column: benefit_cost_ratio_low | ratio | benefit-cost ratio with the low benefit
-- column: benefit_cost_ratio_high | ratio | benefit-cost ratio with the high benefit
-- column: roi_status | code | 'computed'; else why not: 'no_absence_data', 'before_baseline' (every month comes before the baseline), 'baseline_period' (every month is the baseline), 'no_service_cost', 'no_baseline'
-- column: first_service_cost_month | date | earliest month with OH service cost among the organisations (before_first_cost baselines start from it)
-- column: assumption_cost_per_fte_gbp | GBP per FTE-year | days-lost-weighted annual cost per FTE used for the benefit (equals mart_sickness_cost's for the same period and area)
-- column: assumption_baseline_kind | code | 'pre_period', 'before_first_cost' or 'benchmark_peer'
-- column: assumption_baseline_rate_pct | percent | FTE-days-available-weighted baseline rate of the organisations with one
-- column: assumptions_json | JSON | the value-model configuration used
-- test: unique period_kind, period_end, level, code
-- test: not_null period_kind, period_end, level, code, name
-- test: accepted_values level in england, region, ics, organisation
-- test: expect (code = 'ENG') = (level = 'england')
WITH observed AS (
  SELECT month_end, code AS org_code, fte_days_lost, fte_days_available
  FROM mart_absence_rate
  WHERE level = 'organisation' AND staff_group = 'All staff groups'
),
-- One price per FTE day with mart_sickness_cost: the days saved are days lost avoided, so they are priced
-- at the organisation's days-lost-weighted cost that month (cost of absence ÷ days lost, the price the
-- cost headline uses). A month without days lost falls back to the FTE-days-available-weighted cost.
available_price AS (
  SELECT
    available.month_end, available.org_code,
    sum(available.fte_days_available * coalesce(cost.cost_per_calendar_fte_day_gbp, model.default_cost_per_fte_gbp / 365))
      / nullif(sum(available.fte_days_available), 0) AS cost_per_calendar_fte_day_gbp
  FROM fct_fte_days_available AS available
  CROSS JOIN seed_value_model AS model
  LEFT JOIN seed_value_model_cost AS cost USING (staff_group)
  GROUP BY available.month_end, available.org_code
),
lost_price AS (
  SELECT period_end AS month_end, code AS org_code,
    cost_of_absence_gbp / nullif(fte_days_lost, 0) AS cost_per_calendar_fte_day_gbp
  FROM mart_sickness_cost
  WHERE period_kind = 'month' AND level = 'organisation' AND staff_group = 'All staff groups'
),
cost_per_day AS (
  SELECT month_end, org_code,
    coalesce(lost_price.cost_per_calendar_fte_day_gbp, available_price.cost_per_calendar_fte_day_gbp)
      AS cost_per_calendar_fte_day_gbp
  FROM available_price
  FULL OUTER JOIN lost_price USING (month_end, org_code)
),
first_cost AS (
  SELECT org_code, min(month_end) AS first_cost_month
  FROM fct_service_cost
  WHERE cost_gbp > 0
  GROUP BY org_code
),
-- each organisation's baseline window: [from, to] months; months up to `to` are the baseline, not savings
baseline_window AS (
  SELECT organisations.org_code,
    CASE model.baseline_kind
      WHEN 'pre_period' THEN model.pre_period_start
      WHEN 'before_first_cost' THEN first_cost.first_cost_month - to_months(model.baseline_months)
    END AS window_from,
    CASE model.baseline_kind
      WHEN 'pre_period' THEN last_day(model.pre_period_end)
      WHEN 'before_first_cost' THEN last_day(first_cost.first_cost_month - INTERVAL 1 MONTH)
    END AS window_to
  FROM (SELECT DISTINCT org_code FROM observed UNION SELECT org_code FROM first_cost) AS organisations
  CROSS JOIN seed_value_model AS model
  LEFT JOIN first_cost USING (org_code)
),
own_baseline_rate AS (
  SELECT observed.org_code, sum(fte_days_lost) / nullif(sum(fte_days_available), 0) * 100 AS baseline_rate_pct
  FROM observed
  JOIN baseline_window AS bw USING (org_code)
  WHERE observed.month_end BETWEEN bw.window_from AND bw.window_to
  GROUP BY observed.org_code
),
peer_rate AS (
  SELECT month_end, benchmark_group,
    sum(fte_days_lost) / nullif(sum(fte_days_available), 0) * 100 AS baseline_rate_pct
  FROM stg_absence_published
  WHERE staff_group = 'All staff groups' AND NOT is_suppressed AND benchmark_group IS NOT NULL
  GROUP BY month_end, benchmark_group
),
org_month AS (
  SELECT
    observed.month_end, observed.org_code, observed.fte_days_lost, observed.fte_days_available,
    CASE model.baseline_kind
      WHEN 'benchmark_peer' THEN peer_rate.baseline_rate_pct
      ELSE own_baseline_rate.baseline_rate_pct
    END AS baseline_rate_pct,
    cost_per_day.cost_per_calendar_fte_day_gbp
  FROM observed
  CROSS JOIN seed_value_model AS model
  LEFT JOIN cost_per_day USING (month_end, org_code)
  LEFT JOIN own_baseline_rate USING (org_code)
  LEFT JOIN dim_organisation AS organisation USING (org_code)
  LEFT JOIN peer_rate
    ON peer_rate.month_end = observed.month_end AND peer_rate.benchmark_group = organisation.benchmark_group
),
org_month_value AS (
  SELECT
    org_month.*,
    (baseline_rate_pct - fte_days_lost / nullif(fte_days_available, 0) * 100) / 100 * fte_days_available
      AS raw_days_saved
  FROM org_month
),
service_cost AS (
  SELECT month_end, org_code, sum(cost_gbp) AS service_cost_gbp
  FROM fct_service_cost
  GROUP BY month_end, org_code
),
combined AS (
  SELECT
    coalesce(value.month_end, cost.month_end) AS month_end,
    coalesce(value.org_code, cost.org_code) AS org_code,
    -- the baseline's own months are neither savings nor costs
    coalesce(value.month_end, cost.month_end) <= coalesce(bw.window_to, DATE '0001-01-01') AS in_baseline,
    -- months before the baseline are not compared with it either, and are not the baseline
    coalesce(value.month_end, cost.month_end) < coalesce(bw.window_from, DATE '0001-01-01') AS before_baseline,
    value.fte_days_lost, value.fte_days_available, value.baseline_rate_pct,
    value.raw_days_saved * model.attributed_share_central AS days_saved,
    value.cost_per_calendar_fte_day_gbp,
    value.raw_days_saved * value.cost_per_calendar_fte_day_gbp AS raw_benefit_gbp,
    cost.service_cost_gbp
  FROM org_month_value AS value
  FULL OUTER JOIN service_cost AS cost USING (month_end, org_code)
  CROSS JOIN seed_value_model AS model
  LEFT JOIN baseline_window AS bw ON bw.org_code = coalesce(value.org_code, cost.org_code)
),
rolled AS (
  SELECT
    period.period_kind, period.period_end, org.level, org.code, any_value(org.name) AS name,
    bool_and(combined.in_baseline) AS all_baseline,
    bool_and(combined.before_baseline) AS all_before_baseline,
    sum(combined.fte_days_lost) FILTER (WHERE NOT combined.in_baseline) AS fte_days_lost,
    sum(combined.fte_days_available) FILTER (WHERE NOT combined.in_baseline) AS fte_days_available,
    sum(combined.fte_days_available)
      FILTER (WHERE NOT combined.in_baseline AND combined.baseline_rate_pct IS NOT NULL)
      AS baseline_fte_days_available,
    sum(combined.baseline_rate_pct * combined.fte_days_available) FILTER (WHERE NOT combined.in_baseline)
      AS baseline_weighted,
    sum(combined.days_saved) FILTER (WHERE NOT combined.in_baseline) AS days_saved,
    sum(combined.raw_benefit_gbp) FILTER (WHERE NOT combined.in_baseline) AS raw_benefit_gbp,
    sum(combined.service_cost_gbp) FILTER (WHERE NOT combined.in_baseline) AS service_cost_gbp,
    sum(combined.cost_per_calendar_fte_day_gbp * combined.fte_days_lost)
      FILTER (WHERE NOT combined.in_baseline) AS cost_weighted,
    min(first_cost.first_cost_month) AS first_service_cost_month
  FROM combined
  JOIN dim_reporting_period AS period ON period.date = combined.month_end
  JOIN dim_organisation_level AS org ON org.org_code = combined.org_code
  LEFT JOIN first_cost ON first_cost.org_code = combined.org_code
  GROUP BY period.period_kind, period.period_end, org.level, org.code
),
valued AS (
  SELECT
    rolled.*,
    rolled.raw_benefit_gbp * model.cost_factor_central * model.attributed_share_central AS benefit_gbp,
    least(
      rolled.raw_benefit_gbp * model.cost_factor_low * model.attributed_share_low,
      rolled.raw_benefit_gbp * model.cost_factor_high * model.attributed_share_high
    ) AS benefit_low_gbp,
    greatest(
      rolled.raw_benefit_gbp * model.cost_factor_low * model.attributed_share_low,
      rolled.raw_benefit_gbp * model.cost_factor_high * model.attributed_share_high
    ) AS benefit_high_gbp,
    model.cost_factor_central
  FROM rolled
  CROSS JOIN seed_value_model AS model
)
SELECT
  valued.period_kind, valued.period_end, valued.level, valued.code, valued.name,
  valued.fte_days_lost, valued.fte_days_available,
  valued.fte_days_lost / nullif(valued.fte_days_available, 0) * 100 AS observed_rate_pct,
  valued.baseline_fte_days_available,
  valued.days_saved,
  valued.benefit_gbp,
  valued.service_cost_gbp,
  (valued.benefit_gbp - valued.service_cost_gbp) / nullif(valued.service_cost_gbp, 0) AS roi,
  valued.benefit_gbp / nullif(valued.service_cost_gbp, 0) AS benefit_cost_ratio,
  valued.benefit_low_gbp,
  valued.benefit_high_gbp,
  (valued.benefit_low_gbp - valued.service_cost_gbp) / nullif(valued.service_cost_gbp, 0) AS roi_low,
  (valued.benefit_high_gbp - valued.service_cost_gbp) / nullif(valued.service_cost_gbp, 0) AS roi_high,
  valued.benefit_low_gbp / nullif(valued.service_cost_gbp, 0) AS benefit_cost_ratio_low,
  valued.benefit_high_gbp / nullif(valued.service_cost_gbp, 0) AS benefit_cost_ratio_high,
  CASE
    WHEN valued.all_before_baseline THEN 'before_baseline'
    WHEN valued.all_baseline THEN 'baseline_period'
    WHEN valued.fte_days_available IS NULL OR valued.fte_days_available = 0 THEN 'no_absence_data'
    WHEN coalesce(valued.service_cost_gbp, 0) = 0 THEN 'no_service_cost'
    WHEN valued.baseline_fte_days_available IS NULL THEN 'no_baseline'
    ELSE 'computed'
  END AS roi_status,
  valued.first_service_cost_month,
  valued.cost_weighted / nullif(valued.fte_days_lost, 0) * 365 * valued.cost_factor_central
    AS assumption_cost_per_fte_gbp,
  model.baseline_kind AS assumption_baseline_kind,
  valued.baseline_weighted / nullif(valued.baseline_fte_days_available, 0) AS assumption_baseline_rate_pct,
  model.assumptions_json
FROM valued
CROSS JOIN seed_value_model AS model
ORDER BY period_kind, period_end, level, code
