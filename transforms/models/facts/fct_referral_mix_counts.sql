-- description: OH referrals counted by month received, organisation, referral type and latest fitness
--   outcome: the partial aggregate behind mart_referral_mix, refreshed by difference as referrals change.
--   A referral without a type counts as 'unknown', one without an outcome yet as 'none_yet'.
-- depends: fct_referral
-- incremental: sum referrals
-- column: month_end | date | last day of the month the referral was received
-- column: org_code | ODS code | employing organisation
-- column: referral_type | text | management, self, pre_placement, … or 'unknown'
-- column: outcome_fitness | text | latest fitness outcome, or 'none_yet'
-- column: referrals | count | referrals with those values
-- test: unique month_end, org_code, referral_type, outcome_fitness
-- test: not_null month_end, referral_type, outcome_fitness
SELECT
  last_day(received_date) AS month_end,
  org_code,
  coalesce(referral_type, 'unknown') AS referral_type,
  coalesce(outcome_fitness, 'none_yet') AS outcome_fitness,
  count(*) AS referrals
FROM fct_referral
GROUP BY ALL
ORDER BY ALL
