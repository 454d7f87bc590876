-- description: Key columns are never null in the marts, facts and staging models.
-- depends: mart_absence_rate, mart_absence_benchmark, mart_absence_rate_rolling12, mart_absence_benchmark_rolling12, fct_absence_days, fct_fte_days_available, stg_absence_episode, stg_fte_monthly, stg_absence_published
WITH marts AS (
  SELECT 'mart_absence_rate' AS model, month_end, level, code, name, staff_group, suppressed FROM mart_absence_rate
  UNION ALL SELECT 'mart_absence_benchmark', month_end, level, code, name, staff_group, suppressed FROM mart_absence_benchmark
  UNION ALL SELECT 'mart_absence_rate_rolling12', month_end, level, code, name, staff_group, suppressed FROM mart_absence_rate_rolling12
  UNION ALL SELECT 'mart_absence_benchmark_rolling12', month_end, level, code, name, staff_group, suppressed FROM mart_absence_benchmark_rolling12
)
SELECT model, 'mart key' AS problem, concat_ws('|', month_end, level, code, staff_group) AS row_key FROM marts
WHERE month_end IS NULL OR level IS NULL OR code IS NULL OR name IS NULL OR staff_group IS NULL OR suppressed IS NULL
UNION ALL
SELECT 'fct_absence_days', 'key', concat_ws('|', month_end, org_code, staff_group) FROM fct_absence_days
WHERE month_end IS NULL OR org_code IS NULL OR staff_group IS NULL
UNION ALL
SELECT 'fct_fte_days_available', 'key', concat_ws('|', month_end, org_code, staff_group) FROM fct_fte_days_available
WHERE month_end IS NULL OR org_code IS NULL OR staff_group IS NULL
UNION ALL
SELECT 'stg_absence_episode', 'org_code, staff_id, start_date or fte missing', absence_id FROM stg_absence_episode
WHERE org_code IS NULL OR staff_id IS NULL OR start_date IS NULL OR fte IS NULL
UNION ALL
SELECT 'stg_fte_monthly', 'key', concat_ws('|', month_end, org_code, staff_group) FROM stg_fte_monthly
WHERE org_code IS NULL OR staff_group IS NULL
UNION ALL
SELECT 'stg_absence_published', 'key', concat_ws('|', month_end, org_code, staff_group) FROM stg_absence_published
WHERE org_code IS NULL OR staff_group IS NULL
