-- description: Every staff group is a canonical one in dim_staff_group, every reason is in
--   dim_absence_reason, and every organisation in the facts is in dim_organisation. An unmapped
--   label shows up here with the label it arrived with.
-- depends: dim_staff_group, dim_absence_reason, dim_organisation, stg_absence_episode, stg_fte_monthly, stg_absence_published, fct_absence_days, fct_fte_days_available, mart_absence_rate, mart_absence_benchmark
WITH staff_groups AS (
  SELECT 'stg_absence_episode' AS model, staff_group FROM stg_absence_episode
  UNION ALL SELECT 'stg_fte_monthly', staff_group FROM stg_fte_monthly
  UNION ALL SELECT 'stg_absence_published', staff_group FROM stg_absence_published
  UNION ALL SELECT 'mart_absence_rate', staff_group FROM mart_absence_rate
  UNION ALL SELECT 'mart_absence_benchmark', staff_group FROM mart_absence_benchmark
),
organisations AS (
  SELECT 'fct_absence_days' AS model, org_code FROM fct_absence_days
  UNION ALL SELECT 'fct_fte_days_available', org_code FROM fct_fte_days_available
)
SELECT DISTINCT model, 'staff group not in dim_staff_group' AS problem, coalesce(staff_group, '(null)') AS value
FROM staff_groups
WHERE staff_group IS NULL OR staff_group NOT IN (SELECT staff_group FROM dim_staff_group)
UNION ALL
SELECT DISTINCT 'fct_absence_days', 'reason not in dim_absence_reason', coalesce(reason_code, '(null)')
FROM fct_absence_days
WHERE reason_code IS NULL OR reason_code NOT IN (SELECT reason_code FROM dim_absence_reason)
UNION ALL
SELECT DISTINCT model, 'organisation not in dim_organisation', org_code
FROM organisations
WHERE org_code NOT IN (SELECT org_code FROM dim_organisation)
