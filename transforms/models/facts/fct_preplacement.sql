-- description: One row per pre-placement clearance (latest version per clearance_id) with the working days
--   from questionnaire received to outcome issued (dim_date working_day_number, Europe/London dates).
-- depends: dim_date
-- reads: raw_ohwb_preplacement_cleared
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
WITH latest AS (
  SELECT
    payload ->> 'clearance_id' AS clearance_id,
    payload ->> 'employer_ods' AS org_code,
    payload ->> 'staff_id' AS staff_id,
    payload ->> 'staff_group' AS staff_group,
    CAST(payload ->> 'questionnaire_received_at' AS TIMESTAMPTZ) AS questionnaire_received_at,
    CAST(payload ->> 'cleared_at' AS TIMESTAMPTZ) AS cleared_at,
    payload ->> 'outcome' AS outcome
  FROM raw_ohwb_preplacement_cleared
  QUALIFY row_number() OVER (
    PARTITION BY payload ->> 'clearance_id' ORDER BY occurred_at DESC, ingested_at DESC, event_id DESC
  ) = 1
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
