-- description: Rolling 12-month sickness absence rate from mart_absence_benchmark, same columns: for each month,
--   Σ FTE days lost and available over that month and the 11 before it, rate recomputed from the sums.
--   A month appears only once 12 consecutive months are loaded. When any month of the window is missing
--   or has unpublished (null) FTE days for that row, the 12-month figure is unknown: days and rate are
--   null and suppressed is true. The name is the latest one in the window.
-- depends: mart_absence_benchmark
-- column: month_end | date | last month of the 12-month window
-- column: level | text | 'england', 'region', 'ics' or 'organisation'
-- column: code | code | ODS code, ICB code, region code or 'ENG'
-- column: name | text | latest name in the window
-- column: staff_group | text | canonical staff group, or 'All staff groups'
-- column: fte_days_lost | FTE days | Σ fte_days_lost over the 12 months; null when any month is unknown
-- column: fte_days_available | FTE days | Σ fte_days_available over the 12 months; null when any month is unknown
-- column: rate_pct | percent | round(Σ lost ÷ Σ available × 100, 2) over the 12 months; null when suppressed
-- column: suppressed | boolean | a month in the window is unknown, or Σ fte_days_available ≤ 330
SELECT * FROM rolling12_rate('mart_absence_benchmark')
ORDER BY month_end, level, code, staff_group
