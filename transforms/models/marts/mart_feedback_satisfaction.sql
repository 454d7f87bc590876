-- description: Patient (employee) and manager satisfaction with the OH service (domain notes section 8), by
--   month, quarter and rolling 12 months of the submission date, at organisation, ICB, region and England
--   level, per respondent type: responses scoring ≥ 4 of 5 ÷ responses. One response per referral and
--   respondent (the latest, fct_feedback); the organisation is the referred staff member's employer. Managers
--   are also asked whether the report was useful: report_useful share = yes ÷ managers who answered (null
--   answers are left out of both).
-- depends: fct_feedback, dim_reporting_period, dim_organisation_level
-- incremental: periods by fct_feedback.submitted_date
-- column: period_kind | text | 'month', 'quarter' or 'rolling12' (dim_reporting_period)
-- column: period_end | date | last day of the month, the quarter, or the last month of the 12-month window
-- column: level | text | 'england', 'region', 'ics' or 'organisation'
-- column: code | code | ODS code, ICB code, region code or 'ENG'
-- column: name | text | name of the organisation, ICB, region, or 'England'
-- column: respondent | code | 'employee' (patient satisfaction) or 'manager'
-- column: responses | count | feedback responses submitted in the period (the denominator)
-- column: satisfied_responses | count | of those, satisfaction 4 or 5 (the numerator)
-- column: satisfaction_pct | percent | round(satisfied ÷ responses × 100, 2)
-- column: mean_satisfaction | score | mean satisfaction_1to5 over the responses
-- column: report_useful_answers | count | responses that answered "was the report useful?" (its denominator)
-- column: report_useful_yes | count | of those, yes (its numerator)
-- column: report_useful_pct | percent | round(yes ÷ answered × 100, 2); null when nobody answered
-- test: unique period_kind, period_end, level, code, respondent
-- test: not_null period_kind, period_end, level, code, name, respondent
-- test: accepted_values level in england, region, ics, organisation
-- test: expect (code = 'ENG') = (level = 'england')
-- test: accepted_values respondent in employee, manager
-- test: expect satisfied_responses BETWEEN 0 AND responses AND report_useful_yes BETWEEN 0 AND report_useful_answers AND report_useful_answers <= responses
SELECT
  period.period_kind, period.period_end, org.level, org.code, any_value(org.name) AS name,
  feedback.respondent,
  count(*) AS responses,
  count(*) FILTER (WHERE feedback.satisfied) AS satisfied_responses,
  round(count(*) FILTER (WHERE feedback.satisfied) / count(*) * 100, 2) AS satisfaction_pct,
  avg(feedback.satisfaction_1to5) AS mean_satisfaction,
  count(feedback.report_useful) AS report_useful_answers,
  count(*) FILTER (WHERE feedback.report_useful) AS report_useful_yes,
  round(count(*) FILTER (WHERE feedback.report_useful) / nullif(count(feedback.report_useful), 0) * 100, 2)
    AS report_useful_pct
FROM fct_feedback AS feedback
JOIN dim_reporting_period AS period ON period.date = feedback.submitted_date
JOIN dim_organisation_level AS org ON org.org_code = feedback.org_code
GROUP BY period.period_kind, period.period_end, org.level, org.code, feedback.respondent
ORDER BY period_kind, period_end, level, code, respondent
