-- description: Every pre-placement clearance event (ohwb.preplacement.cleared) as typed columns, one row per landed event,
--   including re-sent versions. fct_preplacement picks the latest version from here; an incremental build only
--   appends the new events.
-- reads: raw_ohwb_preplacement_cleared
-- incremental: append
-- column: event_id | id | landed event id
-- column: clearance_id | id | pre-placement clearance id
-- column: occurred_at | timestamp | when the change happened at source
-- column: ingested_at | timestamp | when ingest committed the event
-- column: org_code | ODS code | employing organisation (payload employer_ods)
-- column: staff_id | pseudonym | pseudonymised staff identifier
-- column: staff_group | text | staff group as sent
-- column: questionnaire_received_at | timestamp | health questionnaire received
-- column: cleared_at | timestamp | outcome issued
-- column: outcome | code | clearance outcome
SELECT
  event_id,
  payload ->> 'clearance_id' AS clearance_id,
  occurred_at,
  ingested_at,
  payload ->> 'employer_ods' AS org_code,
  payload ->> 'staff_id' AS staff_id,
  payload ->> 'staff_group' AS staff_group,
  CAST(payload ->> 'questionnaire_received_at' AS TIMESTAMPTZ) AS questionnaire_received_at,
  CAST(payload ->> 'cleared_at' AS TIMESTAMPTZ) AS cleared_at,
  payload ->> 'outcome' AS outcome
FROM raw_ohwb_preplacement_cleared
