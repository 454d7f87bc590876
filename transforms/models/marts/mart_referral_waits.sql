-- description: OH referral waits by month, quarter and rolling 12 months at organisation, ICB, region and England level.
--   Referral → first appointment: working days from the received date to the date of the earliest booked
--   appointment slot (the first appointment offered; a missed first slot still ends the wait), for referrals
--   received in the period that have one; % within 10 working days. Appointment → report: working days from
--   the attended appointment to the first report issued, for reports issued in the period; % within 2
--   working days. Working days exclude weekends and England and Wales bank holidays (dim_date). Medians are
--   taken over the referrals themselves at every level. Numerators and denominators are kept; disclosure
--   control happens at publish time.
-- depends: fct_referral, dim_reporting_period, dim_organisation_level
-- incremental: periods by fct_referral.received_date, fct_referral.report_issued_date
-- column: period_kind | text | 'month', 'quarter' or 'rolling12' (dim_reporting_period)
-- column: period_end | date | last day of the month, the quarter, or the last month of the 12-month window
-- column: level | text | 'england', 'region', 'ics' or 'organisation'
-- column: code | code | ODS code, ICB code, region code or 'ENG'
-- column: name | text | name of the organisation, ICB, region, or 'England'
-- column: referrals_received | count | referrals received in the period
-- column: first_appointment_referrals | count | of those, referrals with a first appointment booked (the denominator)
-- column: first_appointment_within_10_wd | count | of those, first appointment ≤ 10 working days after receipt
-- column: first_appointment_within_10_wd_pct | percent | round(within ÷ referrals with a first appointment × 100, 2)
-- column: median_working_days_to_first_appointment | working days | median over those referrals
-- column: reports_issued | count | first reports issued in the period after an attended appointment (the denominator)
-- column: reports_within_2_wd | count | of those, issued ≤ 2 working days after the appointment
-- column: reports_within_2_wd_pct | percent | round(within ÷ reports × 100, 2)
-- column: median_working_days_to_report | working days | median over those reports
WITH by_received AS (
  SELECT period.period_kind, period.period_end, org.level, org.code, any_value(org.name) AS name,
    count(*) AS referrals_received,
    count(referral.working_days_to_first_appointment) AS first_appointment_referrals,
    count(*) FILTER (WHERE referral.working_days_to_first_appointment <= 10) AS first_appointment_within_10_wd,
    median(referral.working_days_to_first_appointment) AS median_working_days_to_first_appointment
  FROM fct_referral AS referral
  JOIN dim_reporting_period AS period ON period.date = referral.received_date
  JOIN dim_organisation_level AS org ON org.org_code = referral.org_code
  GROUP BY period.period_kind, period.period_end, org.level, org.code
),
by_report AS (
  SELECT period.period_kind, period.period_end, org.level, org.code, any_value(org.name) AS name,
    count(*) AS reports_issued,
    count(*) FILTER (WHERE referral.working_days_appointment_to_report <= 2) AS reports_within_2_wd,
    median(referral.working_days_appointment_to_report) AS median_working_days_to_report
  FROM fct_referral AS referral
  JOIN dim_reporting_period AS period ON period.date = referral.report_issued_date
  JOIN dim_organisation_level AS org ON org.org_code = referral.org_code
  WHERE referral.working_days_appointment_to_report IS NOT NULL
  GROUP BY period.period_kind, period.period_end, org.level, org.code
)
SELECT
  period_kind, period_end, level, code,
  coalesce(by_received.name, by_report.name) AS name,
  coalesce(referrals_received, 0) AS referrals_received,
  coalesce(first_appointment_referrals, 0) AS first_appointment_referrals,
  coalesce(first_appointment_within_10_wd, 0) AS first_appointment_within_10_wd,
  round(first_appointment_within_10_wd / nullif(first_appointment_referrals, 0) * 100, 2)
    AS first_appointment_within_10_wd_pct,
  median_working_days_to_first_appointment,
  coalesce(reports_issued, 0) AS reports_issued,
  coalesce(reports_within_2_wd, 0) AS reports_within_2_wd,
  round(reports_within_2_wd / nullif(reports_issued, 0) * 100, 2) AS reports_within_2_wd_pct,
  median_working_days_to_report
FROM by_received
FULL OUTER JOIN by_report USING (period_kind, period_end, level, code)
ORDER BY period_kind, period_end, level, code
