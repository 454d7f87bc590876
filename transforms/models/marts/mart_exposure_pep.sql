-- description: PEP timeliness by month, quarter and rolling 12 months of the exposure, at organisation, ICB, region and England
--   level: high-risk exposures (fct_exposure.is_high_risk: source known BBV positive, unknown or
--   untraceable, or assessed high risk) whose first PEP dose was ≤ 60 minutes after the exposure ÷ high-risk
--   exposures. A high-risk exposure without a PEP dose counts in the denominator only.
-- depends: fct_exposure, dim_reporting_period, dim_organisation_level
-- incremental: periods by fct_exposure.exposed_date
-- column: period_kind | text | 'month', 'quarter' or 'rolling12' (dim_reporting_period)
-- column: period_end | date | last day of the month, the quarter, or the last month of the 12-month window
-- column: level | text | 'england', 'region', 'ics' or 'organisation'
-- column: code | code | ODS code, ICB code, region code or 'ENG'
-- column: name | text | name of the organisation, ICB, region, or 'England'
-- column: exposures | count | all exposure incidents in the period
-- column: high_risk_exposures | count | high-risk exposures (the denominator)
-- column: pep_within_60_minutes | count | of those, PEP first dose ≤ 60 minutes after exposure (the numerator)
-- column: pep_within_60_minutes_pct | percent | round(numerator ÷ denominator × 100, 2)
-- column: median_minutes_to_pep | minutes | median over high-risk exposures given PEP
-- test: unique period_kind, period_end, level, code
-- test: not_null period_kind, period_end, level, code, name
-- test: accepted_values level in england, region, ics, organisation
-- test: expect (code = 'ENG') = (level = 'england')
SELECT
  period.period_kind, period.period_end, org.level, org.code, any_value(org.name) AS name,
  count(*) AS exposures,
  count(*) FILTER (WHERE exposure.is_high_risk) AS high_risk_exposures,
  count(*) FILTER (WHERE exposure.is_high_risk AND exposure.pep_within_60_minutes) AS pep_within_60_minutes,
  round(
    count(*) FILTER (WHERE exposure.is_high_risk AND exposure.pep_within_60_minutes)
      / nullif(count(*) FILTER (WHERE exposure.is_high_risk), 0) * 100, 2
  ) AS pep_within_60_minutes_pct,
  median(exposure.minutes_to_pep) FILTER (WHERE exposure.is_high_risk) AS median_minutes_to_pep
FROM fct_exposure AS exposure
JOIN dim_reporting_period AS period ON period.date = exposure.exposed_date
JOIN dim_organisation_level AS org ON org.org_code = exposure.org_code
GROUP BY period.period_kind, period.period_end, org.level, org.code
ORDER BY period_kind, period_end, level, code
