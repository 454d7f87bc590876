-- description: Share of FTE days lost by ESR absence reason, by month, quarter and rolling 12 months, at organisation, ICB,
--   region and England level, all staff groups: ΣFTE days lost for the reason ÷ ΣFTE days lost for all
--   reasons × 100 (domain notes section 8).
-- depends: fct_absence_days, dim_reporting_period, dim_organisation_level, dim_absence_reason
-- incremental: periods by fct_absence_days.month_end
-- column: period_kind | text | 'month', 'quarter' or 'rolling12' (dim_reporting_period)
-- column: period_end | date | last day of the month, the quarter, or the last month of the 12-month window
-- column: level | text | 'england', 'region', 'ics' or 'organisation'
-- column: code | code | ODS code, ICB code, region code or 'ENG'
-- column: name | text | name of the organisation, ICB, region, or 'England'
-- column: reason_code | code | ESR reason code
-- column: reason_label | text | ESR label
-- column: fte_days_lost | FTE days | FTE days lost for the reason (the numerator)
-- column: fte_days_lost_all_reasons | FTE days | FTE days lost for all reasons (the denominator)
-- column: reason_share_pct | percent | round(numerator ÷ denominator × 100, 2)
-- summed to month × level × reason first (staff groups and organisations folded in): the period join,
-- which repeats each month in its quarter and twelve rolling windows, then sees the fewest rows
-- test: unique period_kind, period_end, level, code, reason_code
-- test: not_null period_kind, period_end, level, code, name, reason_code
-- test: accepted_values level in england, region, ics, organisation
-- test: expect (code = 'ENG') = (level = 'england')
WITH monthly AS (
  SELECT days.month_end, org.level, org.code, any_value(org.name) AS name, days.reason_code,
    sum(days.fte_days_lost) AS fte_days_lost
  FROM fct_absence_days AS days
  JOIN dim_organisation_level AS org ON org.org_code = days.org_code
  GROUP BY days.month_end, org.level, org.code, days.reason_code
),
by_reason AS (
  SELECT
    period.period_kind, period.period_end, monthly.level, monthly.code, any_value(monthly.name) AS name,
    monthly.reason_code, sum(monthly.fte_days_lost) AS fte_days_lost
  FROM monthly
  JOIN dim_reporting_period AS period ON period.date = monthly.month_end
  GROUP BY period.period_kind, period.period_end, monthly.level, monthly.code, monthly.reason_code
),
with_total AS (
  SELECT *, sum(fte_days_lost) OVER (PARTITION BY period_kind, period_end, level, code) AS fte_days_lost_all_reasons
  FROM by_reason
)
SELECT
  with_total.period_kind, with_total.period_end, with_total.level, with_total.code, with_total.name,
  with_total.reason_code, reason.reason_label, with_total.fte_days_lost, with_total.fte_days_lost_all_reasons,
  round(with_total.fte_days_lost / nullif(with_total.fte_days_lost_all_reasons, 0) * 100, 2) AS reason_share_pct
FROM with_total
LEFT JOIN dim_absence_reason AS reason USING (reason_code)
ORDER BY period_kind, period_end, level, code, reason_code
