-- description: Health surveillance checks completed, by month, quarter and rolling 12 months of the
--   completion date, at organisation, ICB, region and England level, per programme and for all programmes:
--   completions by outcome, and the shares referred for further assessment, restricted, and with
--   work-related disease confirmed (each ÷ checks completed). One row per check (fct_surveillance, latest
--   version per surveillance_id); a person checked twice counts twice.
-- depends: fct_surveillance, dim_reporting_period, dim_organisation_level
-- incremental: periods by fct_surveillance.completed_date
-- column: period_kind | text | 'month', 'quarter' or 'rolling12' (dim_reporting_period)
-- column: period_end | date | last day of the month, the quarter, or the last month of the 12-month window
-- column: level | text | 'england', 'region', 'ics' or 'organisation'
-- column: code | code | ODS code, ICB code, region code or 'ENG'
-- column: name | text | name of the organisation, ICB, region, or 'England'
-- column: programme | code | surveillance programme (skin, audiometry, havs_tier1, …), or 'All programmes'
-- column: checks_completed | count | checks completed in the period (the denominator)
-- column: outcome_normal | count | of those, outcome normal
-- column: outcome_referred | count | of those, referred for further assessment
-- column: outcome_restricted | count | of those, restricted
-- column: outcome_work_related_disease | count | of those, work-related disease confirmed
-- column: referred_pct | percent | round(referred ÷ completed × 100, 2)
-- column: restricted_pct | percent | round(restricted ÷ completed × 100, 2)
-- column: work_related_disease_pct | percent | round(work-related disease confirmed ÷ completed × 100, 2)
-- test: unique period_kind, period_end, level, code, programme
-- test: not_null period_kind, period_end, level, code, name, programme
-- test: accepted_values level in england, region, ics, organisation
-- test: expect (code = 'ENG') = (level = 'england')
-- test: accepted_values programme in skin, respiratory_spirometry, respiratory_questionnaire, audiometry, havs_tier1, havs_tier2, havs_tier3, havs_tier4, night_worker, other, All programmes
-- test: expect outcome_normal + outcome_referred + outcome_restricted + outcome_work_related_disease = checks_completed
WITH checks AS (
  SELECT org_code, completed_date, programme, outcome FROM fct_surveillance
  UNION ALL
  SELECT org_code, completed_date, 'All programmes', outcome FROM fct_surveillance
)
SELECT
  period.period_kind, period.period_end, org.level, org.code, any_value(org.name) AS name,
  checks.programme,
  count(*) AS checks_completed,
  count(*) FILTER (WHERE checks.outcome = 'normal') AS outcome_normal,
  count(*) FILTER (WHERE checks.outcome = 'refer') AS outcome_referred,
  count(*) FILTER (WHERE checks.outcome = 'restricted') AS outcome_restricted,
  count(*) FILTER (WHERE checks.outcome = 'work_related_disease_confirmed') AS outcome_work_related_disease,
  round(count(*) FILTER (WHERE checks.outcome = 'refer') / count(*) * 100, 2) AS referred_pct,
  round(count(*) FILTER (WHERE checks.outcome = 'restricted') / count(*) * 100, 2) AS restricted_pct,
  round(count(*) FILTER (WHERE checks.outcome = 'work_related_disease_confirmed') / count(*) * 100, 2)
    AS work_related_disease_pct
FROM checks
JOIN dim_reporting_period AS period ON period.date = checks.completed_date
JOIN dim_organisation_level AS org ON org.org_code = checks.org_code
GROUP BY period.period_kind, period.period_end, org.level, org.code, checks.programme
ORDER BY period_kind, period_end, level, code, programme
