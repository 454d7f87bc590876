-- description: Every health-surveillance check event (ohwb.surveillance.completed) as typed columns, one row per landed event,
--   including re-sent versions. fct_surveillance picks the latest version from here; an incremental build only
--   appends the new events.
-- reads: raw_ohwb_surveillance_completed
-- incremental: append
-- column: event_id | id | landed event id
-- column: surveillance_id | id | surveillance check id
-- column: occurred_at | timestamp | when the change happened at source
-- column: ingested_at | timestamp | when ingest committed the event
-- column: org_code | ODS code | employing organisation (payload employer_ods)
-- column: staff_id | pseudonym | pseudonymised staff identifier
-- column: programme | code | skin, respiratory_spirometry, audiometry, …
-- column: outcome | code | outcome of the check
-- column: completed_at | timestamp | when the check was completed
SELECT
  event_id,
  payload ->> 'surveillance_id' AS surveillance_id,
  occurred_at,
  ingested_at,
  payload ->> 'employer_ods' AS org_code,
  payload ->> 'staff_id' AS staff_id,
  payload ->> 'programme' AS programme,
  payload ->> 'outcome' AS outcome,
  CAST(payload ->> 'completed_at' AS TIMESTAMPTZ) AS completed_at
FROM raw_ohwb_surveillance_completed
