-- description: Every serology result event (ohwb.serology.resulted) as typed columns, one row per landed event,
--   including re-sent versions. fct_serology picks the latest version from here; an incremental build only
--   appends the new events.
-- reads: raw_ohwb_serology_resulted
-- incremental: append
-- column: event_id | id | landed event id
-- column: result_id | id | laboratory result id
-- column: occurred_at | timestamp | when the change happened at source
-- column: ingested_at | timestamp | when ingest committed the event
-- column: org_code | ODS code | employing organisation (payload employer_ods)
-- column: staff_id | pseudonym | pseudonymised staff identifier
-- column: antigen | code | hep_b_surface_antibody, varicella_igg, …
-- column: result | code | immune, responder, non_responder, …
-- column: titre_miu_ml | mIU/mL | quantitative titre where reported
-- column: resulted_at | timestamp | when the result was reported
SELECT
  event_id,
  payload ->> 'result_id' AS result_id,
  occurred_at,
  ingested_at,
  payload ->> 'employer_ods' AS org_code,
  payload ->> 'staff_id' AS staff_id,
  payload ->> 'antigen' AS antigen,
  payload ->> 'result' AS result,
  TRY_CAST(payload ->> 'titre_miu_ml' AS DOUBLE) AS titre_miu_ml,
  CAST(payload ->> 'resulted_at' AS TIMESTAMPTZ) AS resulted_at
FROM raw_ohwb_serology_resulted
