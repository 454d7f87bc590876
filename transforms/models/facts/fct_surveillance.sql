-- description: One row per completed health-surveillance check (latest version per surveillance_id).
-- reads: raw_ohwb_surveillance_completed
-- incremental: key surveillance_id
-- column: surveillance_id | id | surveillance check id
-- column: org_code | ODS code | employing organisation
-- column: staff_id | pseudonym | pseudonymised staff identifier
-- column: programme | code | skin, respiratory_spirometry, audiometry, …
-- column: outcome | code | outcome of the check
-- column: completed_at | timestamp | when the check was completed
-- column: completed_date | date | Europe/London date completed
SELECT
  payload ->> 'surveillance_id' AS surveillance_id,
  payload ->> 'employer_ods' AS org_code,
  payload ->> 'staff_id' AS staff_id,
  payload ->> 'programme' AS programme,
  payload ->> 'outcome' AS outcome,
  CAST(payload ->> 'completed_at' AS TIMESTAMPTZ) AS completed_at,
  CAST(timezone('Europe/London', CAST(payload ->> 'completed_at' AS TIMESTAMPTZ)) AS DATE) AS completed_date
FROM raw_ohwb_surveillance_completed
QUALIFY row_number() OVER (
  PARTITION BY payload ->> 'surveillance_id' ORDER BY occurred_at DESC, ingested_at DESC, event_id DESC
) = 1
ORDER BY surveillance_id
