-- description: Days lost per FTE-year (rate/100 × 365, domain notes section 8) and FTE-equivalent off sick
--   per day, from this warehouse's own absence (mart_absence_rate) by month, by calendar quarter (months
--   summed) and over rolling 12 months (mart_absence_rate_rolling12), at every level and staff group. The
--   rate here is the unrounded Σlost ÷ Σavailable, so the figure does not inherit the 2-decimal rounding.
-- depends: mart_absence_rate, mart_absence_rate_rolling12
-- column: period_kind | text | 'month', 'quarter' or 'rolling12'
-- column: period_end | date | last day of the month, quarter or 12-month window
-- column: level | text | 'england', 'region', 'ics' or 'organisation'
-- column: code | code | ODS code, ICB code, region code or 'ENG'
-- column: name | text | name of the organisation, ICB, region, or 'England'
-- column: staff_group | text | canonical staff group, or 'All staff groups'
-- column: fte_days_lost | FTE days | Σ FTE days lost in the period
-- column: fte_days_available | FTE days | Σ FTE days available in the period
-- column: calendar_days | days | days in the period
-- column: days_lost_per_fte_year | days | fte_days_lost ÷ fte_days_available × 365; null without availability
-- column: fte_off_sick_per_day | FTE | fte_days_lost ÷ calendar days in the period
-- test: unique period_kind, period_end, level, code, staff_group
-- test: not_null period_kind, period_end, level, code, name, staff_group
-- test: accepted_values level in england, region, ics, organisation
-- test: expect (code = 'ENG') = (level = 'england')
WITH periods AS (
  SELECT 'month' AS period_kind, month_end AS period_end, level, code, name, staff_group,
    fte_days_lost, fte_days_available, day(month_end) AS calendar_days
  FROM mart_absence_rate
  UNION ALL
  SELECT 'quarter', last_day(date_trunc('quarter', month_end) + INTERVAL 2 MONTH)::DATE, level, code,
    arg_max(name, month_end), staff_group, sum(fte_days_lost), sum(fte_days_available),
    last_day(date_trunc('quarter', month_end) + INTERVAL 2 MONTH)::DATE - date_trunc('quarter', month_end)::DATE + 1
  FROM mart_absence_rate
  GROUP BY 2, level, code, staff_group, date_trunc('quarter', month_end)
  UNION ALL
  SELECT 'rolling12', month_end, level, code, name, staff_group, fte_days_lost, fte_days_available,
    month_end - CAST(last_day(month_end - INTERVAL 12 MONTH) AS DATE)
  FROM mart_absence_rate_rolling12
)
SELECT
  period_kind, period_end, level, code, name, staff_group, fte_days_lost, fte_days_available, calendar_days,
  fte_days_lost / nullif(fte_days_available, 0) * 365 AS days_lost_per_fte_year,
  fte_days_lost / calendar_days AS fte_off_sick_per_day
FROM periods
ORDER BY period_kind, period_end, level, code, staff_group
