-- description: Outcomes of referrals for absent staff, by month, quarter and rolling 12 months the referral was received, at
--   organisation, ICB, region and England level. Adjustments for long-term absence: referrals absent
--   ≥ 28 calendar days at referral (absence start from the referral, else from the matching ESR episode)
--   whose latest outcome recommends at least one adjustment ÷ referrals absent ≥ 28 days. Time to return to
--   work: for referrals of absent staff, calendar days from the referral received date to the actual return
--   (the day after the end of the ESR sickness episode of the same pseudonymised staff member that covers
--   the received date, i.e. started on or before it and not ended before it); referrals whose episode is
--   still open or not found are not in the median.
-- depends: fct_referral, fct_referral_absence, dim_reporting_period, dim_organisation_level
-- incremental: periods by fct_referral.received_date, fct_referral_absence.received_date
-- column: period_kind | text | 'month', 'quarter' or 'rolling12' (dim_reporting_period)
-- column: period_end | date | last day of the month, the quarter, or the last month of the 12-month window
-- column: level | text | 'england', 'region', 'ics' or 'organisation'
-- column: code | code | ODS code, ICB code, region code or 'ENG'
-- column: name | text | name of the organisation, ICB, region, or 'England'
-- column: referrals_absent | count | referrals of staff off sick when referred
-- column: referrals_absent_28_days | count | of those, absent ≥ 28 days at referral (the denominator)
-- column: referrals_absent_28_days_with_adjustment | count | of those, outcome with an adjustment (the numerator)
-- column: adjustments_long_term_pct | percent | round(numerator ÷ denominator × 100, 2)
-- column: referrals_returned_to_work | count | absent referrals whose ESR episode has ended (the median's base)
-- column: median_days_to_return_to_work | days | median(actual return date − received date)
WITH absent AS (
  SELECT
    referral.referral_id, referral.org_code, referral.received_date, referral.has_adjustment,
    referral.received_date - coalesce(referral.absence_start_date, episode.episode_start_date) + 1
      AS absence_days_at_referral,
    episode.episode_end_date + 1 - referral.received_date AS days_to_return_to_work
  FROM fct_referral AS referral
  LEFT JOIN fct_referral_absence AS episode USING (referral_id)
  WHERE referral.currently_absent
)
SELECT
  period.period_kind, period.period_end, org.level, org.code, any_value(org.name) AS name,
  count(*) AS referrals_absent,
  count(*) FILTER (WHERE absent.absence_days_at_referral >= 28) AS referrals_absent_28_days,
  count(*) FILTER (WHERE absent.absence_days_at_referral >= 28 AND absent.has_adjustment)
    AS referrals_absent_28_days_with_adjustment,
  round(
    count(*) FILTER (WHERE absent.absence_days_at_referral >= 28 AND absent.has_adjustment)
      / nullif(count(*) FILTER (WHERE absent.absence_days_at_referral >= 28), 0) * 100, 2
  ) AS adjustments_long_term_pct,
  count(absent.days_to_return_to_work) AS referrals_returned_to_work,
  median(absent.days_to_return_to_work) AS median_days_to_return_to_work
FROM absent
JOIN dim_reporting_period AS period ON period.date = absent.received_date
JOIN dim_organisation_level AS org ON org.org_code = absent.org_code
GROUP BY period.period_kind, period.period_end, org.level, org.code
ORDER BY period_kind, period_end, level, code
