-- description: One row per intervention treatment episode (physiotherapy, psychology, …): the event is
--   re-sent on change, so the latest version per episode_id is the episode.
-- reads: raw_ohwb_intervention_episode
-- incremental: key episode_id
-- column: episode_id | id | treatment episode id
-- column: org_code | ODS code | employing organisation
-- column: staff_id | pseudonym | pseudonymised staff identifier
-- column: referral_id | id | OH referral that led to it; null for direct access
-- column: service | code | intervention service
-- column: started_at | timestamp | first session
-- column: started_date | date | Europe/London date of the first session
-- column: ended_at | timestamp | discharge; null while open
-- column: ended_date | date | Europe/London date of discharge; null while open
-- column: sessions | count | sessions attended so far
-- column: absent_at_start | boolean | off sick when the episode started
-- column: outcome_measure | code | validated outcome measure
-- column: score_pre | score | outcome score at start
-- column: score_post | score | outcome score at discharge
-- column: rtw_during_episode | boolean | an absent staff member returned to work during the episode
SELECT
  payload ->> 'episode_id' AS episode_id,
  payload ->> 'employer_ods' AS org_code,
  payload ->> 'staff_id' AS staff_id,
  payload ->> 'referral_id' AS referral_id,
  payload ->> 'service' AS service,
  CAST(payload ->> 'started_at' AS TIMESTAMPTZ) AS started_at,
  CAST(timezone('Europe/London', CAST(payload ->> 'started_at' AS TIMESTAMPTZ)) AS DATE) AS started_date,
  TRY_CAST(payload ->> 'ended_at' AS TIMESTAMPTZ) AS ended_at,
  CAST(timezone('Europe/London', TRY_CAST(payload ->> 'ended_at' AS TIMESTAMPTZ)) AS DATE) AS ended_date,
  CAST(payload ->> 'sessions' AS INTEGER) AS sessions,
  CAST(payload ->> 'absent_at_start' AS BOOLEAN) AS absent_at_start,
  payload ->> 'outcome_measure' AS outcome_measure,
  TRY_CAST(payload ->> 'score_pre' AS DOUBLE) AS score_pre,
  TRY_CAST(payload ->> 'score_post' AS DOUBLE) AS score_post,
  TRY_CAST(payload ->> 'rtw_during_episode' AS BOOLEAN) AS rtw_during_episode
FROM raw_ohwb_intervention_episode
QUALIFY row_number() OVER (
  PARTITION BY payload ->> 'episode_id' ORDER BY occurred_at DESC, ingested_at DESC, event_id DESC
) = 1
ORDER BY episode_id
