-- description: Days saved against a baseline, their value, and the OH service's return on investment
--   (domain notes section 4), by month, quarter and rolling 12 months at organisation, ICB, region and England level, all
--   staff groups. Per organisation and month: days saved = (baseline rate − observed rate)/100 × ΣFTE days
--   available (unrounded rates); benefit = days saved × cost per calendar FTE-day, where that cost is the
--   organisation's FTE-days-available-weighted average of the staff groups' annual cost ÷ 365. The baseline is
--   configured (seed_value_model): 'pre_period' = the organisation's own rate over the pre-period (only months
--   after the pre-period are reported); 'benchmark_peer' = the published rate of the organisation's NHS
--   England benchmark group that month (unsuppressed published organisation rows, all staff groups).
--   Organisations without a baseline contribute no days saved. Service cost (fct_service_cost) is matched to
--   the organisation by the OH service's ODS code, i.e. an in-house OH service is assumed to serve its own
--   trust. Higher levels sum the organisations; ROI = (benefit − service cost) ÷ service cost and
--   benefit-cost ratio = benefit ÷ service cost, both null without service cost.
-- depends: mart_absence_rate, fct_fte_days_available, fct_service_cost, seed_value_model_cost, seed_value_model, stg_absence_published, dim_organisation, dim_reporting_period, dim_organisation_level
-- column: period_kind | text | 'month', 'quarter' or 'rolling12' (dim_reporting_period)
-- column: period_end | date | last day of the month, the quarter, or the last month of the 12-month window
-- column: level | text | 'england', 'region', 'ics' or 'organisation'
-- column: code | code | ODS code, ICB code, region code or 'ENG'
-- column: name | text | name of the organisation, ICB, region, or 'England'
-- column: fte_days_lost | FTE days | Σ FTE days lost
-- column: fte_days_available | FTE days | Σ FTE days available
-- column: observed_rate_pct | percent | Σ lost ÷ Σ available × 100 (unrounded)
-- column: baseline_fte_days_available | FTE days | Σ FTE days available of the organisations that have a baseline
-- column: days_saved | FTE days | Σ (baseline rate − observed rate)/100 × FTE days available; negative when absence rose
-- column: benefit_gbp | GBP | Σ days saved × cost per calendar FTE-day
-- column: service_cost_gbp | GBP | OH service cost in the period
-- column: roi | ratio | (benefit − service cost) ÷ service cost
-- column: benefit_cost_ratio | ratio | benefit ÷ service cost ("£X per £1")
-- column: assumption_cost_per_fte_gbp | GBP per FTE-year | FTE-days-available-weighted annual cost per FTE used for the benefit
-- column: assumption_baseline_kind | code | 'pre_period' or 'benchmark_peer'
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
cost_per_day AS (
  SELECT
    available.month_end, available.org_code,
    sum(available.fte_days_available * coalesce(cost.cost_per_calendar_fte_day_gbp, model.default_cost_per_fte_gbp / 365))
      / nullif(sum(available.fte_days_available), 0) AS cost_per_calendar_fte_day_gbp
  FROM fct_fte_days_available AS available
  CROSS JOIN seed_value_model AS model
  LEFT JOIN seed_value_model_cost AS cost USING (staff_group)
  GROUP BY available.month_end, available.org_code
),
pre_period_rate AS (
  SELECT observed.org_code, sum(fte_days_lost) / nullif(sum(fte_days_available), 0) * 100 AS baseline_rate_pct
  FROM observed
  CROSS JOIN seed_value_model AS model
  WHERE model.baseline_kind = 'pre_period'
    AND observed.month_end BETWEEN model.pre_period_start AND last_day(model.pre_period_end)
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
      WHEN 'pre_period' THEN pre_period_rate.baseline_rate_pct
      WHEN 'benchmark_peer' THEN peer_rate.baseline_rate_pct
    END AS baseline_rate_pct,
    cost_per_day.cost_per_calendar_fte_day_gbp
  FROM observed
  CROSS JOIN seed_value_model AS model
  LEFT JOIN cost_per_day USING (month_end, org_code)
  LEFT JOIN pre_period_rate USING (org_code)
  LEFT JOIN dim_organisation AS organisation USING (org_code)
  LEFT JOIN peer_rate
    ON peer_rate.month_end = observed.month_end AND peer_rate.benchmark_group = organisation.benchmark_group
  WHERE model.baseline_kind <> 'pre_period' OR observed.month_end > last_day(model.pre_period_end)
),
org_month_value AS (
  SELECT
    *,
    (baseline_rate_pct - fte_days_lost / nullif(fte_days_available, 0) * 100) / 100 * fte_days_available AS days_saved
  FROM org_month
),
service_cost AS (
  SELECT fct_service_cost.month_end, fct_service_cost.org_code, sum(cost_gbp) AS service_cost_gbp
  FROM fct_service_cost
  CROSS JOIN seed_value_model AS model
  WHERE model.baseline_kind <> 'pre_period' OR fct_service_cost.month_end > last_day(model.pre_period_end)
  GROUP BY fct_service_cost.month_end, fct_service_cost.org_code
),
combined AS (
  SELECT
    coalesce(value.month_end, cost.month_end) AS month_end,
    coalesce(value.org_code, cost.org_code) AS org_code,
    value.fte_days_lost, value.fte_days_available, value.baseline_rate_pct, value.days_saved,
    value.cost_per_calendar_fte_day_gbp,
    value.days_saved * value.cost_per_calendar_fte_day_gbp AS benefit_gbp,
    cost.service_cost_gbp
  FROM org_month_value AS value
  FULL OUTER JOIN service_cost AS cost USING (month_end, org_code)
),
rolled AS (
  SELECT
    period.period_kind, period.period_end, org.level, org.code, any_value(org.name) AS name,
    sum(combined.fte_days_lost) AS fte_days_lost,
    sum(combined.fte_days_available) AS fte_days_available,
    sum(combined.fte_days_available) FILTER (WHERE combined.baseline_rate_pct IS NOT NULL)
      AS baseline_fte_days_available,
    sum(combined.baseline_rate_pct * combined.fte_days_available) AS baseline_weighted,
    sum(combined.days_saved) AS days_saved,
    sum(combined.benefit_gbp) AS benefit_gbp,
    sum(combined.service_cost_gbp) AS service_cost_gbp,
    sum(combined.cost_per_calendar_fte_day_gbp * combined.fte_days_available) AS cost_weighted
  FROM combined
  JOIN dim_reporting_period AS period ON period.date = combined.month_end
  JOIN dim_organisation_level AS org ON org.org_code = combined.org_code
  GROUP BY period.period_kind, period.period_end, org.level, org.code
)
SELECT
  rolled.period_kind, rolled.period_end, rolled.level, rolled.code, rolled.name,
  rolled.fte_days_lost, rolled.fte_days_available,
  rolled.fte_days_lost / nullif(rolled.fte_days_available, 0) * 100 AS observed_rate_pct,
  rolled.baseline_fte_days_available,
  rolled.days_saved,
  rolled.benefit_gbp,
  rolled.service_cost_gbp,
  (rolled.benefit_gbp - rolled.service_cost_gbp) / nullif(rolled.service_cost_gbp, 0) AS roi,
  rolled.benefit_gbp / nullif(rolled.service_cost_gbp, 0) AS benefit_cost_ratio,
  rolled.cost_weighted / nullif(rolled.fte_days_available, 0) * 365 AS assumption_cost_per_fte_gbp,
  model.baseline_kind AS assumption_baseline_kind,
  rolled.baseline_weighted / nullif(rolled.baseline_fte_days_available, 0) AS assumption_baseline_rate_pct,
  model.assumptions_json
FROM rolled
CROSS JOIN seed_value_model AS model
ORDER BY period_kind, period_end, level, code
