-- description: Outcomes of referrals for absent staff, by month, quarter and rolling 12 months the referral was received, at
--   organisation, ICB, region and England level. Adjustments for long-term absence: referrals absent
--   ≥ 28 calendar days at referral (absence start from the referral, else from the matching ESR episode)
--   whose latest outcome recommends at least one adjustment ÷ referrals absent ≥ 28 days. Time to return to
--   work: for referrals of absent staff, calendar days from the referral received date to the actual return
--   (the day after the end of the ESR sickness episode of the same pseudonymised staff member that covers
--   the received date, i.e. started on or before it and not ended before it); referrals whose episode is
--   still open or not found are not in the median.
-- depends: fct_referral_outcome_counts, dim_reporting_period, dim_organisation_level
-- incremental: periods by fct_referral_outcome_counts.month_end
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
-- Referrals come counted by month, organisation and days to return (fct_referral_outcome_counts), and are
-- summed to month × level first: every reporting period is a run of whole months, so the period join,
-- which repeats each month in its quarter and twelve rolling windows, sees the fewest rows. The median comes
-- from the counts (macros/median_from_counts.sql).
-- test: unique period_kind, period_end, level, code
-- test: not_null period_kind, period_end, level, code, name
-- test: accepted_values level in england, region, ics, organisation
-- test: expect (code = 'ENG') = (level = 'england')
WITH monthly AS (
  SELECT
    counts.month_end, org.level, org.code, any_value(org.name) AS name,
    counts.absent_28_days, counts.has_adjustment, counts.days_to_return_to_work, sum(counts.referrals) AS n
  FROM fct_referral_outcome_counts AS counts
  JOIN dim_organisation_level AS org ON org.org_code = counts.org_code
  GROUP BY ALL
),
by_period AS (
  SELECT
    period.period_kind, period.period_end, monthly.level, monthly.code, any_value(monthly.name) AS name,
    monthly.absent_28_days, monthly.has_adjustment, monthly.days_to_return_to_work, sum(monthly.n) AS n
  FROM monthly
  JOIN dim_reporting_period AS period ON period.date = monthly.month_end
  GROUP BY ALL
),
cumulative AS (
  SELECT
    *,
    running_count(n, days_to_return_to_work, (period_kind, period_end, level, code)) AS up_to,
    count_with_value(n, days_to_return_to_work, (period_kind, period_end, level, code)) AS returned
  FROM by_period
)
SELECT
  period_kind, period_end, level, code, any_value(name) AS name,
  CAST(sum(n) AS BIGINT) AS referrals_absent,
  CAST(coalesce(sum(n) FILTER (WHERE absent_28_days), 0) AS BIGINT) AS referrals_absent_28_days,
  CAST(coalesce(sum(n) FILTER (WHERE absent_28_days AND has_adjustment), 0) AS BIGINT)
    AS referrals_absent_28_days_with_adjustment,
  round(
    coalesce(sum(n) FILTER (WHERE absent_28_days AND has_adjustment), 0)
      / nullif(sum(n) FILTER (WHERE absent_28_days), 0) * 100, 2
  ) AS adjustments_long_term_pct,
  CAST(coalesce(any_value(returned), 0) AS BIGINT) AS referrals_returned_to_work,
  median_from_counts(days_to_return_to_work, up_to, returned) AS median_days_to_return_to_work
FROM cumulative
GROUP BY period_kind, period_end, level, code
ORDER BY period_kind, period_end, level, code
