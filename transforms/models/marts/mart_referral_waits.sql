-- description: OH referral waits by month, quarter and rolling 12 months at organisation, ICB, region and England level.
--   Referral → first appointment: working days from the received date to the date of the earliest booked
--   appointment slot (the first appointment offered; a missed first slot still ends the wait), for referrals
--   received in the period that have one; % within 10 working days. Appointment → report: working days from
--   the attended appointment to the first report issued, for reports issued in the period; % within 2
--   working days. Working days exclude weekends and England and Wales bank holidays (dim_date). Medians are
--   taken over the referrals themselves at every level. Numerators and denominators are kept; disclosure
--   control happens at publish time.
-- depends: fct_referral_wait_counts, dim_reporting_period, dim_organisation_level
-- incremental: periods by fct_referral_wait_counts.month_end
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
-- Referrals come counted by month, organisation and wait (fct_referral_wait_counts), and are summed to
-- month × level first: every reporting period is a run of whole months, so the period join, which repeats
-- each month in its quarter and twelve rolling windows, sees the fewest rows. Medians come from the counts
-- (macros/median_from_counts.sql).
-- test: unique period_kind, period_end, level, code
-- test: not_null period_kind, period_end, level, code, name
-- test: accepted_values level in england, region, ics, organisation
-- test: expect (code = 'ENG') = (level = 'england')
WITH monthly AS (
  SELECT
    counts.wait, counts.month_end, org.level, org.code, any_value(org.name) AS name, counts.working_days,
    sum(counts.referrals) AS n
  FROM fct_referral_wait_counts AS counts
  JOIN dim_organisation_level AS org ON org.org_code = counts.org_code
  GROUP BY ALL
),
by_period AS (
  SELECT
    monthly.wait, period.period_kind, period.period_end, monthly.level, monthly.code,
    any_value(monthly.name) AS name, monthly.working_days, sum(monthly.n) AS n
  FROM monthly
  JOIN dim_reporting_period AS period ON period.date = monthly.month_end
  GROUP BY ALL
),
cumulative AS (
  SELECT
    *,
    running_count(n, working_days, (wait, period_kind, period_end, level, code)) AS up_to,
    count_with_value(n, working_days, (wait, period_kind, period_end, level, code)) AS with_days
  FROM by_period
),
by_wait AS (
  SELECT
    wait, period_kind, period_end, level, code, any_value(name) AS name,
    CAST(sum(n) AS BIGINT) AS referrals,
    CAST(coalesce(sum(n) FILTER (WHERE working_days IS NOT NULL), 0) AS BIGINT) AS with_days,
    CAST(coalesce(sum(n) FILTER (WHERE working_days <= CASE wait WHEN 'first_appointment' THEN 10 ELSE 2 END), 0)
      AS BIGINT) AS within_target,
    median_from_counts(working_days, up_to, with_days) AS median_working_days
  FROM cumulative
  GROUP BY wait, period_kind, period_end, level, code
),
by_received AS (
  SELECT period_kind, period_end, level, code, name,
    referrals AS referrals_received,
    with_days AS first_appointment_referrals,
    within_target AS first_appointment_within_10_wd,
    median_working_days AS median_working_days_to_first_appointment
  FROM by_wait
  WHERE wait = 'first_appointment'
),
by_report AS (
  SELECT period_kind, period_end, level, code, name,
    referrals AS reports_issued,
    within_target AS reports_within_2_wd,
    median_working_days AS median_working_days_to_report
  FROM by_wait
  WHERE wait = 'report'
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
