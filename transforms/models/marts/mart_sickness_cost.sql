-- description: Cost of sickness absence (domain notes sections 4 and 8): ΣFTE days lost × annual
--   employment cost per FTE ÷ 365, by month, quarter and rolling 12 months, at organisation, ICB, region and England level, per
--   staff group (each with its own configured cost) and for all staff groups (the sum of the staff-group
--   costs). Every row carries the assumptions it used. Only the months an organisation's workforce feed
--   covers (FTE days available recorded) are costed, as only they have a rate: days lost before the feed
--   starts come from episodes still open when it began, a fraction of the real days. The months left out
--   are counted in org_months_not_costed, and a period with none costed has no row.
-- depends: fct_absence_days, fct_fte_days_available, seed_value_model_cost, seed_value_model, dim_reporting_period, dim_organisation_level
-- incremental: periods by fct_absence_days.month_end, fct_fte_days_available.month_end
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
-- column: org_months_not_costed | count | organisation-months of the period with days lost but no FTE days available recorded, left out of the cost (0: the period is costed whole)
-- reasons summed first: the period and level joins then see a fraction of the rows
-- test: unique period_kind, period_end, level, code, staff_group
-- test: not_null period_kind, period_end, level, code, name, staff_group, org_months_not_costed
-- test: accepted_values level in england, region, ics, organisation
-- test: expect (code = 'ENG') = (level = 'england')
WITH covered AS (
  SELECT DISTINCT month_end, org_code FROM fct_fte_days_available WHERE fte_days_available > 0
),
monthly AS (
  SELECT month_end, org_code, staff_group, sum(fte_days_lost) AS fte_days_lost
  FROM fct_absence_days
  SEMI JOIN covered USING (month_end, org_code)
  GROUP BY month_end, org_code, staff_group
),
not_costed AS (
  SELECT period.period_kind, period.period_end, org.level, org.code, count(*) AS org_months_not_costed
  FROM (
    SELECT DISTINCT month_end, org_code FROM fct_absence_days
    ANTI JOIN covered USING (month_end, org_code)
    WHERE fte_days_lost > 0
  ) AS uncovered
  JOIN dim_reporting_period AS period ON period.date = uncovered.month_end
  JOIN dim_organisation_level AS org ON org.org_code = uncovered.org_code
  GROUP BY period.period_kind, period.period_end, org.level, org.code
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
  model.assumptions_json,
  coalesce(not_costed.org_months_not_costed, 0) AS org_months_not_costed
FROM with_total
CROSS JOIN seed_value_model AS model
LEFT JOIN not_costed USING (period_kind, period_end, level, code)
ORDER BY period_kind, period_end, level, code, staff_group
