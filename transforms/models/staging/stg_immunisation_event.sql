-- description: Every vaccine administration event (ohwb.immunisation.administered) as typed columns, one
--   row per landed event, including re-sent versions. fct_immunisation picks the latest version per
--   immunisation_id from here; an incremental build only appends the new events.
-- reads: raw_ohwb_immunisation_administered
-- incremental: append
-- column: event_id | id | landed event id
-- column: immunisation_id | id | administration record id
-- column: occurred_at | timestamp | when the change happened at source
-- column: ingested_at | timestamp | when ingest committed the event
-- column: org_code | ODS code | employing organisation (payload employer_ods)
-- column: staff_id | pseudonym | pseudonymised staff identifier
-- column: vaccine | code | vaccine given
-- column: dose_number | count | dose in the course
-- column: course_complete | boolean | this dose completes the primary course
-- column: administered_at | timestamp | when the dose was given
-- column: frontline_hcw | boolean | the person is a frontline healthcare worker
SELECT
  event_id,
  payload ->> 'immunisation_id' AS immunisation_id,
  occurred_at,
  ingested_at,
  payload ->> 'employer_ods' AS org_code,
  payload ->> 'staff_id' AS staff_id,
  payload ->> 'vaccine' AS vaccine,
  CAST(payload ->> 'dose_number' AS INTEGER) AS dose_number,
  CAST(payload ->> 'course_complete' AS BOOLEAN) AS course_complete,
  CAST(payload ->> 'administered_at' AS TIMESTAMPTZ) AS administered_at,
  CAST(payload ->> 'frontline_hcw' AS BOOLEAN) AS frontline_hcw
FROM raw_ohwb_immunisation_administered
