-- description: OH referral waits counted by month, organisation and whole working days: the partial
--   aggregate behind mart_referral_waits. Counts can be updated by difference when referrals change, and
--   a period's median comes from them, so a rolling 12-month window does not need its 12 months of
--   referrals again after a day's events.
-- depends: fct_referral
-- incremental: sum referrals
-- column: wait | text | 'first_appointment' (received → first appointment booked, by month received) or 'report' (attended appointment → first report, by month issued)
-- column: month_end | date | last day of the month received ('first_appointment') or the report was issued ('report')
-- column: org_code | ODS code | employing organisation
-- column: working_days | working days | the wait; null for a referral without a first appointment yet
-- column: referrals | count | referrals with that wait
-- test: unique wait, month_end, org_code, working_days
-- test: not_null wait, month_end
-- test: accepted_values wait in first_appointment, report
SELECT
  'first_appointment' AS wait, last_day(received_date) AS month_end, org_code,
  working_days_to_first_appointment AS working_days, count(*) AS referrals
FROM fct_referral
GROUP BY ALL
UNION ALL
SELECT
  'report', last_day(report_issued_date), org_code, working_days_appointment_to_report, count(*)
FROM fct_referral
WHERE working_days_appointment_to_report IS NOT NULL
GROUP BY ALL
ORDER BY wait, month_end, org_code, working_days
