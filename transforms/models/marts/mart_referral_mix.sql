-- description: OH referrals by type and by latest fitness outcome, by month, quarter and rolling 12 months
--   received, at organisation, ICB, region and England level. A referral without a type counts as
--   'unknown', one without an outcome yet as 'none_yet'. Counts only; disclosure control happens at
--   publish time.
-- depends: fct_referral_mix_counts, dim_reporting_period, dim_organisation_level
-- incremental: periods by fct_referral_mix_counts.month_end
-- column: period_kind | text | 'month', 'quarter' or 'rolling12' (dim_reporting_period)
-- column: period_end | date | last day of the month, the quarter, or the last month of the 12-month window
-- column: level | text | 'england', 'region', 'ics' or 'organisation'
-- column: code | code | ODS code, ICB code, region code or 'ENG'
-- column: name | text | name of the organisation, ICB, region, or 'England'
-- column: breakdown | text | 'type' (referral_type) or 'outcome' (latest outcome_fitness)
-- column: category | text | the referral type or fitness outcome
-- column: referrals | count | referrals received in the period in that category
-- counts by month, organisation and category (fct_referral_mix_counts), summed to month × level first:
-- the period join repeats each month in its quarter and twelve rolling windows, so it sees the fewest rows
-- test: unique period_kind, period_end, level, code, breakdown, category
-- test: not_null period_kind, period_end, level, code, name, breakdown, category
-- test: accepted_values level in england, region, ics, organisation
-- test: expect (code = 'ENG') = (level = 'england')
WITH monthly AS (
  SELECT counts.month_end, org.level, org.code, any_value(org.name) AS name,
    counts.referral_type, counts.outcome_fitness, sum(counts.referrals) AS referrals
  FROM fct_referral_mix_counts AS counts
  JOIN dim_organisation_level AS org ON org.org_code = counts.org_code
  GROUP BY ALL
),
received AS (
  SELECT period.period_kind, period.period_end, monthly.level, monthly.code, monthly.name,
    monthly.referral_type, monthly.outcome_fitness, monthly.referrals
  FROM monthly
  JOIN dim_reporting_period AS period ON period.date = monthly.month_end
)
SELECT period_kind, period_end, level, code, any_value(name) AS name, 'type' AS breakdown,
  referral_type AS category, CAST(sum(referrals) AS BIGINT) AS referrals
FROM received
GROUP BY period_kind, period_end, level, code, referral_type
UNION ALL
SELECT period_kind, period_end, level, code, any_value(name), 'outcome', outcome_fitness,
  CAST(sum(referrals) AS BIGINT)
FROM received
GROUP BY period_kind, period_end, level, code, outcome_fitness
ORDER BY period_kind, period_end, level, code, breakdown, category
