-- description: Current state of every sickness absence episode from the ESR feed
--   (workforce.absence.started / updated / ended / cancelled). Events for one absence_id are replayed in
--   the order they happened (occurred_at, then ingested_at, then offset and event_id). started and updated
--   carry the full state, so the latest of them is the episode; an ended event after it closes the episode
--   (end_date and final reason); an episode whose latest event is a cancellation is dropped with all its
--   days. An absence_id with no started or updated event has no state and is left out. staff_id holds the
--   pseudonym ingest stored, never the ESR number.
-- depends: stg_absence_event, seed_staff_group_alias
-- incremental: key absence_id
-- column: absence_id | id | ESR absence identifier
-- column: org_code | ODS code | employing organisation (payload employer_ods)
-- column: staff_id | pseudonym | pseudonymised staff identifier (ps_…)
-- column: staff_group | text | canonical staff group (dim_staff_group)
-- column: reason_code | code | ESR reason code S10-S99 (dim_absence_reason); the closing reason when ended
-- column: start_date | date | first day of absence
-- column: end_date | date | last day of absence, inclusive; null while the episode is open
-- column: fte | FTE | contracted whole-time equivalent of the absent assignment (1.0 = full time)
-- column: last_event_at | timestamp | occurred_at of the latest event applied
-- test: unique absence_id
-- test: not_null absence_id, org_code, staff_id, start_date, fte, staff_group
-- test: relationship staff_group -> dim_staff_group.staff_group
-- test: expect end_date >= start_date
-- test: expect fte > 0 AND fte <= 1.5
WITH sequenced AS (
  SELECT
    *,
    row_number() OVER (PARTITION BY absence_id ORDER BY occurred_at, ingested_at, "offset", event_id)
      AS event_sequence
  FROM stg_absence_event
),
-- the latest full state (started or updated) of each episode
latest_state AS (
  SELECT *
  FROM sequenced
  WHERE kind IN ('started', 'updated')
  QUALIFY row_number() OVER (PARTITION BY absence_id ORDER BY event_sequence DESC) = 1
),
latest_end AS (
  SELECT *
  FROM sequenced
  WHERE kind = 'ended'
  QUALIFY row_number() OVER (PARTITION BY absence_id ORDER BY event_sequence DESC) = 1
),
latest_event AS (
  SELECT absence_id, arg_max(kind, event_sequence) AS kind, max(occurred_at) AS last_event_at
  FROM sequenced
  GROUP BY absence_id
),
-- an ended event only counts when it came after the state it closes
episode AS (
  SELECT
    state.absence_id,
    state.org_code,
    state.staff_id,
    state.staff_group_label,
    CASE WHEN closing.event_sequence > state.event_sequence
      THEN closing.reason_code ELSE state.reason_code END AS reason_code,
    state.start_date,
    CASE WHEN closing.event_sequence > state.event_sequence
      THEN closing.end_date ELSE state.end_date END AS end_date,
    state.fte,
    latest_event.kind AS latest_kind,
    latest_event.last_event_at
  FROM latest_state AS state
  JOIN latest_event USING (absence_id)
  LEFT JOIN latest_end AS closing USING (absence_id)
)
SELECT
  episode.absence_id,
  episode.org_code,
  episode.staff_id,
  -- contracts admit only canonical labels; an unmapped one is kept as sent so the data test reports it
  coalesce(alias.staff_group, trim(episode.staff_group_label)) AS staff_group,
  episode.reason_code,
  episode.start_date,
  episode.end_date,
  episode.fte,
  episode.last_event_at
FROM episode
LEFT JOIN seed_staff_group_alias AS alias ON alias.alias_key = lower(trim(episode.staff_group_label))
WHERE episode.latest_kind <> 'cancelled'
ORDER BY episode.absence_id
