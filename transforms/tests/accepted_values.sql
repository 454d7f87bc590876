-- description: Marts use only the four levels, 'ENG' only at England level, and a rate exactly when the
--   row is not suppressed; rates lie between 0 and 100; episodes end on or after they start and FTE is in (0, 1.5].
-- depends: mart_absence_rate, mart_absence_benchmark, mart_absence_rate_rolling12, mart_absence_benchmark_rolling12, stg_absence_episode
WITH marts AS (
  SELECT 'mart_absence_rate' AS model, * FROM mart_absence_rate
  UNION ALL SELECT 'mart_absence_benchmark', * FROM mart_absence_benchmark
  UNION ALL SELECT 'mart_absence_rate_rolling12', * FROM mart_absence_rate_rolling12
  UNION ALL SELECT 'mart_absence_benchmark_rolling12', * FROM mart_absence_benchmark_rolling12
)
SELECT model, 'level not accepted' AS problem, concat_ws('|', month_end, level, code, staff_group) AS row_key FROM marts
WHERE level NOT IN ('england', 'region', 'ics', 'organisation')
UNION ALL
SELECT model, 'ENG code and england level go together', concat_ws('|', month_end, level, code, staff_group) FROM marts
WHERE (code = 'ENG') <> (level = 'england')
UNION ALL
SELECT model, 'rate present exactly when not suppressed', concat_ws('|', month_end, level, code, staff_group) FROM marts
WHERE (rate_pct IS NULL) <> suppressed
UNION ALL
SELECT model, 'rate outside 0-100', concat_ws('|', month_end, level, code, staff_group) FROM marts
WHERE rate_pct < 0 OR rate_pct > 100
UNION ALL
SELECT 'stg_absence_episode', 'ends before it starts', absence_id FROM stg_absence_episode
WHERE end_date < start_date
UNION ALL
SELECT 'stg_absence_episode', 'fte outside (0, 1.5]', absence_id FROM stg_absence_episode
WHERE fte <= 0 OR fte > 1.5
