-- description: One row per intervention treatment episode (physiotherapy, psychology, …): the event is
--   re-sent on change, so the latest version per episode_id is the episode.
-- depends: stg_intervention_event
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
-- test: unique episode_id
-- test: not_null episode_id, service
-- test: relationship service -> dim_service.service
SELECT
  episode_id,
  org_code,
  staff_id,
  referral_id,
  service,
  started_at,
  CAST(timezone('Europe/London', started_at) AS DATE) AS started_date,
  ended_at,
  CAST(timezone('Europe/London', ended_at) AS DATE) AS ended_date,
  sessions,
  absent_at_start,
  outcome_measure,
  score_pre,
  score_post,
  rtw_during_episode
FROM stg_intervention_event
QUALIFY latest_version(episode_id, occurred_at, ingested_at, event_id)
ORDER BY episode_id
