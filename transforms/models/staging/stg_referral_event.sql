-- description: Every OH referral-journey event (referral received, triaged, closed; appointment booked,
--   attended, did not attend, cancelled; report issued; outcome recorded) as typed columns, one row per
--   landed event. The journey facts replay one referral's events from here rather than re-parsing the
--   landing tables' JSON; an incremental build only appends the new events. Referral absence fields read
--   the v2 shape (payload absence) with the v1 fields as a fallback (stored events are upcast, but older
--   warehouses may hold v1 payloads).
-- reads: raw_ohwb_referral_received, raw_ohwb_referral_triaged, raw_ohwb_referral_closed, raw_ohwb_appointment_booked, raw_ohwb_appointment_attended, raw_ohwb_appointment_did_not_attend, raw_ohwb_appointment_cancelled, raw_ohwb_report_issued, raw_ohwb_outcome_recorded
-- incremental: append
-- column: event_id | id | landed event id
-- column: kind | code | received, triaged, closed, booked, attended, did_not_attend, cancelled, report, outcome
-- column: referral_id | id | OH case-management referral id
-- column: appointment_id | id | appointment id (appointment and report events)
-- column: occurred_at | timestamp | when the change happened at source
-- column: ingested_at | timestamp | when ingest committed the event
-- column: org_code | ODS code | employing organisation (received: payload employer_ods)
-- column: service_ods | ODS code | OH service (received)
-- column: staff_id | pseudonym | pseudonymised staff identifier (received)
-- column: staff_group | text | canonical staff group (received)
-- column: referral_type | code | referral type (received)
-- column: received_at | timestamp | referral received (received)
-- column: currently_absent | boolean | off sick when referred (received; null on other kinds)
-- column: absence_start_date | date | first day of that absence (received)
-- column: triaged_at | timestamp | triage time (triaged)
-- column: closed_at | timestamp | closure time (closed)
-- column: offered_at | timestamp | when the slot was offered (booked)
-- column: scheduled_for | timestamp | appointment slot (booked, did_not_attend)
-- column: is_first_appointment | boolean | first appointment of the referral (booked)
-- column: attended_at | timestamp | attendance time (attended)
-- column: cancelled_at | timestamp | cancellation time (cancelled)
-- column: issued_at | timestamp | report issued (report)
-- column: fitness | code | fitness-for-work outcome (outcome)
-- column: adjustment_count | count | adjustments recommended (outcome)
WITH events AS (
  SELECT 'received' AS kind, * FROM raw_ohwb_referral_received
  UNION ALL BY NAME SELECT 'triaged' AS kind, * FROM raw_ohwb_referral_triaged
  UNION ALL BY NAME SELECT 'closed' AS kind, * FROM raw_ohwb_referral_closed
  UNION ALL BY NAME SELECT 'booked' AS kind, * FROM raw_ohwb_appointment_booked
  UNION ALL BY NAME SELECT 'attended' AS kind, * FROM raw_ohwb_appointment_attended
  UNION ALL BY NAME SELECT 'did_not_attend' AS kind, * FROM raw_ohwb_appointment_did_not_attend
  UNION ALL BY NAME SELECT 'cancelled' AS kind, * FROM raw_ohwb_appointment_cancelled
  UNION ALL BY NAME SELECT 'report' AS kind, * FROM raw_ohwb_report_issued
  UNION ALL BY NAME SELECT 'outcome' AS kind, * FROM raw_ohwb_outcome_recorded
)
SELECT
  event_id,
  kind,
  payload ->> 'referral_id' AS referral_id,
  payload ->> 'appointment_id' AS appointment_id,
  occurred_at,
  ingested_at,
  payload ->> 'employer_ods' AS org_code,
  payload ->> 'service_ods' AS service_ods,
  payload ->> 'staff_id' AS staff_id,
  payload ->> 'staff_group' AS staff_group,
  payload ->> 'referral_type' AS referral_type,
  TRY_CAST(payload ->> 'received_at' AS TIMESTAMPTZ) AS received_at,
  CASE WHEN kind = 'received' THEN
    coalesce(TRY_CAST(payload -> 'absence' ->> 'currently_absent' AS BOOLEAN),
      TRY_CAST(payload ->> 'currently_absent' AS BOOLEAN), false)
  END AS currently_absent,
  TRY_CAST(coalesce(payload -> 'absence' ->> 'start_date', payload ->> 'absence_start_date') AS DATE)
    AS absence_start_date,
  TRY_CAST(payload ->> 'triaged_at' AS TIMESTAMPTZ) AS triaged_at,
  TRY_CAST(payload ->> 'closed_at' AS TIMESTAMPTZ) AS closed_at,
  TRY_CAST(payload ->> 'offered_at' AS TIMESTAMPTZ) AS offered_at,
  TRY_CAST(payload ->> 'scheduled_for' AS TIMESTAMPTZ) AS scheduled_for,
  TRY_CAST(payload ->> 'is_first_appointment' AS BOOLEAN) AS is_first_appointment,
  TRY_CAST(payload ->> 'attended_at' AS TIMESTAMPTZ) AS attended_at,
  TRY_CAST(payload ->> 'cancelled_at' AS TIMESTAMPTZ) AS cancelled_at,
  TRY_CAST(payload ->> 'issued_at' AS TIMESTAMPTZ) AS issued_at,
  payload ->> 'fitness' AS fitness,
  CASE WHEN kind = 'outcome' THEN coalesce(json_array_length(payload -> 'adjustments'), 0) END
    AS adjustment_count
FROM events
