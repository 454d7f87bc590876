-- description: Every exposure incident event (ohwb.exposure.incident) as typed columns, one row per landed
--   event, including re-sent versions. fct_exposure picks the latest version per incident_id from here; an
--   incremental build only appends the new events.
-- reads: raw_ohwb_exposure_incident
-- incremental: append
-- column: event_id | id | landed event id
-- column: incident_id | id | exposure incident id
-- column: occurred_at | timestamp | when the change happened at source
-- column: ingested_at | timestamp | when ingest committed the event
-- column: org_code | ODS code | employing organisation (payload employer_ods)
-- column: staff_id | pseudonym | pseudonymised staff identifier
-- column: exposure_type | code | sharps, splash or bite
-- column: exposed_at | timestamp | when the exposure happened
-- column: source_status | code | BBV status of the source
-- column: risk_level | code | risk assessed by the clinician
-- column: pep_first_dose_at | timestamp | first PEP dose (null when none)
-- column: riddor_reportable | boolean | reportable under RIDDOR
SELECT
  event_id,
  payload ->> 'incident_id' AS incident_id,
  occurred_at,
  ingested_at,
  payload ->> 'employer_ods' AS org_code,
  payload ->> 'staff_id' AS staff_id,
  payload ->> 'exposure_type' AS exposure_type,
  CAST(payload ->> 'exposed_at' AS TIMESTAMPTZ) AS exposed_at,
  payload ->> 'source_status' AS source_status,
  payload ->> 'risk_level' AS risk_level,
  TRY_CAST(payload ->> 'pep_first_dose_at' AS TIMESTAMPTZ) AS pep_first_dose_at,
  CAST(payload ->> 'riddor_reportable' AS BOOLEAN) AS riddor_reportable
FROM raw_ohwb_exposure_incident
