-- description: Every ESR sickness absence event (workforce.absence.started / updated / ended / cancelled)
--   as typed columns, one row per landed event, in the order they arrived. The landing tables keep the
--   JSON payload as sent; this log parses it once, so models that replay one episode's events read
--   narrow typed columns instead of re-parsing JSON (an incremental build only appends the new events).
-- reads: raw_workforce_absence_started, raw_workforce_absence_updated, raw_workforce_absence_ended, raw_workforce_absence_cancelled
-- incremental: append
-- column: event_id | id | landed event id
-- column: kind | code | started, updated, ended or cancelled
-- column: absence_id | id | ESR absence episode id
-- column: occurred_at | timestamp | when the change happened at source
-- column: ingested_at | timestamp | when ingest committed the event
-- column: offset | offset | Kafka offset (orders events committed in one batch)
-- column: org_code | ODS code | employing organisation (payload employer_ods; started/updated only)
-- column: staff_id | pseudonym | pseudonymised staff identifier
-- column: staff_group_label | text | staff group as sent
-- column: reason_code | code | ESR absence reason
-- column: start_date | date | first day of the absence
-- column: end_date | date | last day of the absence (null while open)
-- column: fte | FTE | contracted FTE of the person
WITH events AS (
  SELECT 'started' AS kind, * FROM raw_workforce_absence_started
  UNION ALL BY NAME
  SELECT 'updated' AS kind, * FROM raw_workforce_absence_updated
  UNION ALL BY NAME
  SELECT 'ended' AS kind, * FROM raw_workforce_absence_ended
  UNION ALL BY NAME
  SELECT 'cancelled' AS kind, * FROM raw_workforce_absence_cancelled
)
SELECT
  event_id,
  kind,
  payload ->> 'absence_id' AS absence_id,
  occurred_at,
  ingested_at,
  "offset",
  payload ->> 'employer_ods' AS org_code,
  payload ->> 'staff_id' AS staff_id,
  payload ->> 'staff_group' AS staff_group_label,
  payload ->> 'reason_code' AS reason_code,
  TRY_CAST(payload ->> 'start_date' AS DATE) AS start_date,
  TRY_CAST(payload ->> 'end_date' AS DATE) AS end_date,
  TRY_CAST(payload ->> 'fte' AS DOUBLE) AS fte
FROM events
