-- description: Every staff group is a canonical one in dim_staff_group, every reason is in
--   dim_absence_reason, every organisation in the facts is in dim_organisation, every vaccine in
--   dim_vaccine and every intervention service in dim_service. An unmapped label shows up here with the
--   label it arrived with.
-- depends: dim_staff_group, dim_absence_reason, dim_organisation, dim_vaccine, dim_service, fct_immunisation, fct_intervention_episode, fct_service_cost, stg_absence_episode, stg_fte_monthly, stg_absence_published, fct_absence_days, fct_fte_days_available, mart_absence_rate, mart_absence_benchmark
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
UNION ALL
SELECT DISTINCT 'fct_immunisation', 'vaccine not in dim_vaccine', coalesce(vaccine, '(null)')
FROM fct_immunisation
WHERE vaccine IS NULL OR vaccine NOT IN (SELECT vaccine FROM dim_vaccine)
UNION ALL
SELECT DISTINCT 'fct_intervention_episode', 'service not in dim_service', coalesce(service, '(null)')
FROM fct_intervention_episode
WHERE service IS NULL OR service NOT IN (SELECT service FROM dim_service)
UNION ALL
-- 'core' marks core OH costs that belong to no intervention
SELECT DISTINCT 'fct_service_cost', 'intervention service not in dim_service', intervention_service
FROM fct_service_cost
WHERE intervention_service <> 'core' AND intervention_service NOT IN (SELECT service FROM dim_service)
