-- description: One row per referral of staff who were off sick when referred, with the ESR sickness
--   episode that matches it: the earliest-starting episode of the same pseudonymised staff member that
--   covers the received date (started on or before it, not ended before it; ties: lower absence_id).
--   Kept apart from fct_referral so that a change to someone's ESR episodes re-matches only this
--   thin table, not the whole referral snapshot.
-- depends: stg_referral_event, stg_absence_episode
-- incremental: key referral_id; stg_absence_episode via staff_id
-- column: referral_id | id | OH case-management referral id
-- column: staff_id | pseudonym | pseudonymised staff identifier
-- column: received_date | date | Europe/London date the referral was received
-- column: episode_start_date | date | start of the matching ESR sickness episode (null when none)
-- column: episode_end_date | date | end of that episode (null while open or when none)
-- test: unique referral_id
-- test: not_null referral_id
WITH received AS (
  SELECT referral_id, staff_id, currently_absent, CAST(timezone('Europe/London', received_at) AS DATE) AS received_date
  FROM stg_referral_event
  WHERE kind = 'received'
  QUALIFY latest_version(referral_id, occurred_at, ingested_at, event_id)
),
absent AS (
  SELECT referral_id, staff_id, received_date FROM received WHERE currently_absent
),
matched AS (
  SELECT absent.referral_id, episode.start_date, episode.end_date
  FROM absent
  JOIN stg_absence_episode AS episode
    ON episode.staff_id = absent.staff_id
    AND episode.start_date <= absent.received_date
    AND (episode.end_date IS NULL OR episode.end_date >= absent.received_date)
  QUALIFY row_number() OVER (PARTITION BY absent.referral_id ORDER BY episode.start_date, episode.absence_id) = 1
)
SELECT
  absent.referral_id,
  absent.staff_id,
  absent.received_date,
  matched.start_date AS episode_start_date,
  matched.end_date AS episode_end_date
FROM absent
LEFT JOIN matched USING (referral_id)
ORDER BY absent.referral_id
