-- description: Cost of sickness absence (domain notes sections 4 and 8): ΣFTE days lost × annual
--   employment cost per FTE ÷ 365, by month, quarter and rolling 12 months, at organisation, ICB, region and England level, per
--   staff group (each with its own configured cost) and for all staff groups (the sum of the staff-group
--   costs). Every row carries the assumptions it used.
-- depends: fct_absence_days, seed_value_model_cost, seed_value_model, dim_reporting_period, dim_organisation_level
-- incremental: periods by fct_absence_days.month_end
-- column: period_kind | text | 'month', 'quarter' or 'rolling12' (dim_reporting_period)
-- column: period_end | date | last day of the month, the quarter, or the last month of the 12-month window
-- column: level | text | 'england', 'region', 'ics' or 'organisation'
-- column: code | code | ODS code, ICB code, region code or 'ENG'
-- column: name | text | name of the organisation, ICB, region, or 'England'
-- column: staff_group | text | canonical staff group, or 'All staff groups'
-- column: fte_days_lost | FTE days | Σ FTE days lost
-- column: cost_of_absence_gbp | GBP | Σ FTE days lost × annual cost per FTE ÷ 365
-- column: assumption_cost_per_fte_gbp | GBP per FTE-year | the staff group's annual cost; for all staff groups the days-lost-weighted average
-- column: assumptions_json | JSON | the value-model configuration used
-- reasons summed first: the period and level joins then see a fraction of the rows
-- test: unique period_kind, period_end, level, code, staff_group
-- test: not_null period_kind, period_end, level, code, name, staff_group
-- test: accepted_values level in england, region, ics, organisation
-- test: expect (code = 'ENG') = (level = 'england')
WITH monthly AS (
  SELECT month_end, org_code, staff_group, sum(fte_days_lost) AS fte_days_lost
  FROM fct_absence_days
  GROUP BY month_end, org_code, staff_group
),
by_group AS (
  SELECT
    period.period_kind, period.period_end, org.level, org.code, any_value(org.name) AS name, days.staff_group,
    sum(days.fte_days_lost) AS fte_days_lost,
    sum(days.fte_days_lost * coalesce(cost.annual_cost_per_fte_gbp, model.default_cost_per_fte_gbp) / 365)
      AS cost_of_absence_gbp
  FROM monthly AS days
  CROSS JOIN seed_value_model AS model
  LEFT JOIN seed_value_model_cost AS cost USING (staff_group)
  JOIN dim_reporting_period AS period ON period.date = days.month_end
  JOIN dim_organisation_level AS org ON org.org_code = days.org_code
  GROUP BY period.period_kind, period.period_end, org.level, org.code, days.staff_group
),
with_total AS (
  SELECT * FROM by_group
  UNION ALL
  SELECT period_kind, period_end, level, code, any_value(name), 'All staff groups', sum(fte_days_lost),
    sum(cost_of_absence_gbp)
  FROM by_group
  GROUP BY period_kind, period_end, level, code
)
SELECT
  with_total.*,
  with_total.cost_of_absence_gbp / nullif(with_total.fte_days_lost, 0) * 365 AS assumption_cost_per_fte_gbp,
  model.assumptions_json
FROM with_total
CROSS JOIN seed_value_model AS model
ORDER BY period_kind, period_end, level, code, staff_group
