-- description: One row per pre-placement clearance (latest version per clearance_id) with the working days
--   from questionnaire received to outcome issued (dim_date working_day_number, Europe/London dates).
-- depends: stg_preplacement_event, dim_date
-- incremental: key clearance_id
-- column: clearance_id | id | pre-placement assessment id
-- column: org_code | ODS code | employing organisation
-- column: staff_id | pseudonym | pseudonymised staff identifier
-- column: staff_group | text | staff group of the post
-- column: questionnaire_received_at | timestamp | KPI clock start
-- column: cleared_at | timestamp | KPI clock stop
-- column: cleared_date | date | Europe/London date cleared (the KPI month)
-- column: outcome | code | cleared, cleared_with_adjustments, …
-- column: working_days_to_clearance | working days | received date → cleared date
-- test: unique clearance_id
-- test: not_null clearance_id
WITH latest AS (
  SELECT * FROM stg_preplacement_event
  QUALIFY latest_version(clearance_id, occurred_at, ingested_at, event_id)
)
SELECT
  latest.clearance_id, latest.org_code, latest.staff_id, latest.staff_group,
  latest.questionnaire_received_at, latest.cleared_at,
  cleared_day.date AS cleared_date,
  latest.outcome,
  cleared_day.working_day_number - received_day.working_day_number AS working_days_to_clearance
FROM latest
LEFT JOIN dim_date AS received_day
  ON received_day.date = CAST(timezone('Europe/London', latest.questionnaire_received_at) AS DATE)
LEFT JOIN dim_date AS cleared_day
  ON cleared_day.date = CAST(timezone('Europe/London', latest.cleared_at) AS DATE)
ORDER BY clearance_id
