-- description: Pre-placement clearance time by month, quarter and rolling 12 months cleared, at organisation, ICB, region and
--   England level: median working days from health questionnaire received to outcome issued.
-- depends: fct_preplacement, dim_reporting_period, dim_organisation_level
-- incremental: periods by fct_preplacement.cleared_date
-- column: period_kind | text | 'month', 'quarter' or 'rolling12' (dim_reporting_period)
-- column: period_end | date | last day of the month, the quarter, or the last month of the 12-month window
-- column: level | text | 'england', 'region', 'ics' or 'organisation'
-- column: code | code | ODS code, ICB code, region code or 'ENG'
-- column: name | text | name of the organisation, ICB, region, or 'England'
-- column: clearances | count | pre-placement outcomes issued in the period
-- column: median_working_days_to_clearance | working days | median over those clearances
-- column: cleared_within_10_wd | count | of those, issued ≤ 10 working days after the questionnaire
-- test: unique period_kind, period_end, level, code
-- test: not_null period_kind, period_end, level, code, name
-- test: accepted_values level in england, region, ics, organisation
-- test: expect (code = 'ENG') = (level = 'england')
SELECT
  period.period_kind, period.period_end, org.level, org.code, any_value(org.name) AS name,
  count(*) AS clearances,
  median(clearance.working_days_to_clearance) AS median_working_days_to_clearance,
  count(*) FILTER (WHERE clearance.working_days_to_clearance <= 10) AS cleared_within_10_wd
FROM fct_preplacement AS clearance
JOIN dim_reporting_period AS period ON period.date = clearance.cleared_date
JOIN dim_organisation_level AS org ON org.org_code = clearance.org_code
GROUP BY period.period_kind, period.period_end, org.level, org.code
ORDER BY period_kind, period_end, level, code
