-- description: Referrals of absent staff counted by month received, organisation, long-term absence,
--   adjustment and calendar days to return to work: the partial aggregate behind mart_referral_outcomes.
--   Absent ≥ 28 days at referral: absence start from the referral, else from the matching ESR episode
--   (fct_referral_absence). Days to return to work: the day after that episode ends − received date; null
--   while the episode is open or when none matches. Counts are updated by difference per referral.
-- depends: fct_referral, fct_referral_absence
-- incremental: sum referrals over referral_id
-- column: month_end | date | last day of the month the referral was received
-- column: org_code | ODS code | employing organisation
-- column: absent_28_days | flag | absent ≥ 28 calendar days when referred
-- column: has_adjustment | flag | the latest outcome recommends at least one adjustment
-- column: days_to_return_to_work | days | actual return date − received date; null if not returned or unmatched
-- column: referrals | count | referrals of absent staff with those values
-- test: unique month_end, org_code, absent_28_days, has_adjustment, days_to_return_to_work
-- test: not_null month_end
SELECT
  last_day(referral.received_date) AS month_end,
  referral.org_code,
  referral.received_date - coalesce(referral.absence_start_date, episode.episode_start_date) + 1 >= 28
    AS absent_28_days,
  referral.has_adjustment,
  episode.episode_end_date + 1 - referral.received_date AS days_to_return_to_work,
  count(*) AS referrals
FROM fct_referral AS referral
LEFT JOIN fct_referral_absence AS episode USING (referral_id)
WHERE referral.currently_absent
GROUP BY ALL
ORDER BY ALL
