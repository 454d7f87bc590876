-- description: One row per completed health-surveillance check (latest version per surveillance_id).
-- depends: stg_surveillance_event
-- incremental: key surveillance_id
-- column: surveillance_id | id | surveillance check id
-- column: org_code | ODS code | employing organisation
-- column: staff_id | pseudonym | pseudonymised staff identifier
-- column: programme | code | skin, respiratory_spirometry, audiometry, …
-- column: outcome | code | outcome of the check
-- column: completed_at | timestamp | when the check was completed
-- column: completed_date | date | Europe/London date completed
-- test: unique surveillance_id
-- test: not_null surveillance_id
SELECT
  surveillance_id, org_code, staff_id, programme, outcome, completed_at,
  CAST(timezone('Europe/London', completed_at) AS DATE) AS completed_date
FROM stg_surveillance_event
QUALIFY latest_version(surveillance_id, occurred_at, ingested_at, event_id)
ORDER BY surveillance_id
