-- description: The reporting periods each calendar day belongs to: its month, its calendar quarter and the
--   twelve rolling 12-month windows that contain it (the windows ending in its month and in each of the 11
--   months after). Marts join an event's date here and group by (period_kind, period_end), so every KPI is
--   computed by month, quarter and rolling 12 months from the period's own rows: sums and medians over the
--   window's events, never averages of monthly figures. Rolling windows are only listed up to the month of
--   the as-of date (period_end ≤ last day of the as-of month): a window ending later would reach past the
--   data the warehouse is built as of. A window that starts before the first data covers only the months
--   that have data; month and quarter rows are not cut.
-- depends: dim_date
-- column: date | date | the calendar day
-- column: period_kind | text | 'month', 'quarter' or 'rolling12'
-- column: period_end | date | last day of the month, of the quarter, or of the last month of the 12-month window
SELECT date, 'month' AS period_kind, month_end AS period_end FROM dim_date
UNION ALL
SELECT date, 'quarter', last_day(date_trunc('quarter', date) + INTERVAL 2 MONTH)::DATE FROM dim_date
UNION ALL
SELECT dim_date.date, 'rolling12', last_day(date_trunc('month', dim_date.date) + to_months(months_after.k))::DATE
FROM dim_date
CROSS JOIN range(12) AS months_after(k)
WHERE last_day(date_trunc('month', dim_date.date) + to_months(months_after.k)) <= last_day({{as_of}})
ORDER BY date, period_kind, period_end
