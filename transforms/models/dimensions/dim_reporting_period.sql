-- description: The reporting periods each calendar day belongs to: its month and its calendar quarter.
--   Marts join an event's date here to report the same KPI by month and by quarter.
-- depends: dim_date
-- column: date | date | the calendar day
-- column: period_kind | text | 'month' or 'quarter'
-- column: period_end | date | last day of the month or quarter
SELECT date, 'month' AS period_kind, month_end AS period_end FROM dim_date
UNION ALL
SELECT date, 'quarter', last_day(date_trunc('quarter', date) + INTERVAL 2 MONTH)::DATE FROM dim_date
ORDER BY date, period_kind
