-- description: Every model key is unique: marts by month × level × code × staff group, facts, staging and
--   dimensions by their natural keys. Returns each duplicated key.
-- depends: mart_absence_rate, mart_absence_benchmark, mart_absence_rate_rolling12, mart_absence_benchmark_rolling12, fct_absence_days, fct_fte_days_available, stg_absence_episode, stg_fte_monthly, stg_absence_published, dim_date, dim_staff_group, dim_absence_reason, dim_organisation, seed_staff_group_alias
WITH keys AS (
  SELECT 'mart_absence_rate' AS model, concat_ws('|', month_end, level, code, staff_group) AS model_key FROM mart_absence_rate
  UNION ALL SELECT 'mart_absence_benchmark', concat_ws('|', month_end, level, code, staff_group) FROM mart_absence_benchmark
  UNION ALL SELECT 'mart_absence_rate_rolling12', concat_ws('|', month_end, level, code, staff_group) FROM mart_absence_rate_rolling12
  UNION ALL SELECT 'mart_absence_benchmark_rolling12', concat_ws('|', month_end, level, code, staff_group) FROM mart_absence_benchmark_rolling12
  UNION ALL SELECT 'fct_absence_days', concat_ws('|', month_end, org_code, staff_group, reason_code) FROM fct_absence_days
  UNION ALL SELECT 'fct_fte_days_available', concat_ws('|', month_end, org_code, staff_group) FROM fct_fte_days_available
  UNION ALL SELECT 'stg_absence_episode', absence_id FROM stg_absence_episode
  UNION ALL SELECT 'stg_fte_monthly', concat_ws('|', month_end, org_code, staff_group) FROM stg_fte_monthly
  UNION ALL SELECT 'stg_absence_published', concat_ws('|', month_end, org_code, staff_group) FROM stg_absence_published
  UNION ALL SELECT 'dim_date', CAST(date AS VARCHAR) FROM dim_date
  UNION ALL SELECT 'dim_staff_group', staff_group FROM dim_staff_group
  UNION ALL SELECT 'dim_absence_reason', reason_code FROM dim_absence_reason
  UNION ALL SELECT 'dim_organisation', org_code FROM dim_organisation
  UNION ALL SELECT 'seed_staff_group_alias', alias_key FROM seed_staff_group_alias
)
SELECT model, model_key, count(*) AS copies
FROM keys
GROUP BY model, model_key
HAVING count(*) > 1
