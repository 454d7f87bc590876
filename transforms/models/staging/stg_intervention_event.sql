-- description: Every intervention treatment episode event (ohwb.intervention.episode) as typed columns, one row per landed event,
--   including re-sent versions. fct_intervention_episode picks the latest version from here; an incremental build only
--   appends the new events.
-- reads: raw_ohwb_intervention_episode
-- incremental: append
-- column: event_id | id | landed event id
-- column: episode_id | id | treatment episode id
-- column: occurred_at | timestamp | when the change happened at source
-- column: ingested_at | timestamp | when ingest committed the event
-- column: org_code | ODS code | employing organisation (payload employer_ods)
-- column: staff_id | pseudonym | pseudonymised staff identifier
-- column: referral_id | id | OH referral the episode follows, if any
-- column: service | code | msk_physio, psychology, counselling_eap or other
-- column: started_at | timestamp | episode start
-- column: ended_at | timestamp | episode end (null while open)
-- column: sessions | count | sessions attended
-- column: absent_at_start | boolean | off sick when the episode started
-- column: outcome_measure | code | phq9, gad7, core10, msk_hq or psfs
-- column: score_pre | score | outcome measure at the start
-- column: score_post | score | outcome measure at the end
-- column: rtw_during_episode | boolean | returned to work during the episode
SELECT
  event_id,
  payload ->> 'episode_id' AS episode_id,
  occurred_at,
  ingested_at,
  payload ->> 'employer_ods' AS org_code,
  payload ->> 'staff_id' AS staff_id,
  payload ->> 'referral_id' AS referral_id,
  payload ->> 'service' AS service,
  CAST(payload ->> 'started_at' AS TIMESTAMPTZ) AS started_at,
  TRY_CAST(payload ->> 'ended_at' AS TIMESTAMPTZ) AS ended_at,
  CAST(payload ->> 'sessions' AS INTEGER) AS sessions,
  CAST(payload ->> 'absent_at_start' AS BOOLEAN) AS absent_at_start,
  payload ->> 'outcome_measure' AS outcome_measure,
  TRY_CAST(payload ->> 'score_pre' AS DOUBLE) AS score_pre,
  TRY_CAST(payload ->> 'score_post' AS DOUBLE) AS score_post,
  TRY_CAST(payload ->> 'rtw_during_episode' AS BOOLEAN) AS rtw_during_episode
FROM raw_ohwb_intervention_episode
