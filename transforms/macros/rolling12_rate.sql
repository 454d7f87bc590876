-- description: A monthly absence-rate mart (month_end, level, code, name, staff_group, fte_days_lost,
--   fte_days_available) as rolling 12-month rates, same columns: for each month, Σ FTE days lost and
--   available over that month and the 11 before it, rate recomputed from the sums. A month appears only
--   once 12 consecutive months are loaded. When any month of the window is missing or has unpublished
--   (null) FTE days for that row, the 12-month figure is unknown: days and rate are null and suppressed
--   is true. The name is the latest one in the window. `FROM rolling12_rate('mart_absence_rate')`.
CREATE OR REPLACE TEMP MACRO rolling12_rate(monthly_mart) AS TABLE
WITH monthly AS (
  SELECT month_end, level, code, name, staff_group, fte_days_lost, fte_days_available
  FROM query_table(monthly_mart)
),
loaded_months AS (
  SELECT DISTINCT month_end FROM monthly
),
complete_windows AS (
  SELECT window_end.month_end
  FROM loaded_months AS window_end
  JOIN loaded_months AS in_window
    ON in_window.month_end > last_day(window_end.month_end - INTERVAL 12 MONTH)
    AND in_window.month_end <= window_end.month_end
  GROUP BY window_end.month_end
  HAVING count(*) = 12
),
windowed AS (
  SELECT
    complete_windows.month_end,
    monthly.level,
    monthly.code,
    arg_max(monthly.name, monthly.month_end) AS name,
    monthly.staff_group,
    sum(monthly.fte_days_lost) AS fte_days_lost,
    sum(monthly.fte_days_available) AS fte_days_available,
    count(monthly.fte_days_available) AS known_months
  FROM complete_windows
  JOIN monthly
    ON monthly.month_end > last_day(complete_windows.month_end - INTERVAL 12 MONTH)
    AND monthly.month_end <= complete_windows.month_end
  GROUP BY complete_windows.month_end, monthly.level, monthly.code, monthly.staff_group
),
known AS (
  SELECT
    month_end, level, code, name, staff_group,
    CASE WHEN known_months = 12 THEN fte_days_lost END AS fte_days_lost,
    CASE WHEN known_months = 12 THEN fte_days_available END AS fte_days_available
  FROM windowed
)
SELECT
  month_end,
  level,
  code,
  name,
  staff_group,
  fte_days_lost,
  fte_days_available,
  rate_pct(fte_days_lost, fte_days_available) AS rate_pct,
  coalesce(fte_days_available <= 330, true) AS suppressed
FROM known
