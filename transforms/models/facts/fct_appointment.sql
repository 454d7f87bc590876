-- description: One row per OH appointment with its status: booked, then attended, did not attend (DNA) or
--   cancelled. The latest booking version per appointment_id wins; a later attended or DNA event beats a
--   cancellation only when it happened after it (a rebooked slot is a new appointment_id). The
--   organisation is the referral's employer.
-- depends: fct_referral
-- reads: raw_ohwb_appointment_booked, raw_ohwb_appointment_attended, raw_ohwb_appointment_did_not_attend, raw_ohwb_appointment_cancelled
-- column: appointment_id | id | OH appointment id
-- column: referral_id | id | referral it belongs to
-- column: org_code | ODS code | employing organisation of the referred staff member (null when the referral is unknown)
-- column: offered_at | timestamp | when it was offered
-- column: scheduled_for | timestamp | slot start
-- column: scheduled_date | date | Europe/London date of the slot (the KPI month)
-- column: is_first_appointment | boolean | first appointment of the referral as the OH system flags it
-- column: attended_at | timestamp | when it took place; null otherwise
-- column: did_not_attend_at | timestamp | slot missed; null otherwise
-- column: cancelled_at | timestamp | cancellation recorded; null otherwise
-- column: status | code | 'attended', 'did_not_attend', 'cancelled' or 'booked' (the latest outcome)
WITH booked AS (
  SELECT
    payload ->> 'appointment_id' AS appointment_id,
    payload ->> 'referral_id' AS referral_id,
    CAST(payload ->> 'offered_at' AS TIMESTAMPTZ) AS offered_at,
    CAST(payload ->> 'scheduled_for' AS TIMESTAMPTZ) AS scheduled_for,
    CAST(payload ->> 'is_first_appointment' AS BOOLEAN) AS is_first_appointment
  FROM raw_ohwb_appointment_booked
  QUALIFY row_number() OVER (
    PARTITION BY payload ->> 'appointment_id' ORDER BY occurred_at DESC, ingested_at DESC, event_id DESC
  ) = 1
),
outcomes AS (
  SELECT payload ->> 'appointment_id' AS appointment_id, 'attended' AS status,
    CAST(payload ->> 'attended_at' AS TIMESTAMPTZ) AS event_time, occurred_at, ingested_at, event_id
  FROM raw_ohwb_appointment_attended
  UNION ALL
  SELECT payload ->> 'appointment_id', 'did_not_attend', CAST(payload ->> 'scheduled_for' AS TIMESTAMPTZ),
    occurred_at, ingested_at, event_id
  FROM raw_ohwb_appointment_did_not_attend
  UNION ALL
  SELECT payload ->> 'appointment_id', 'cancelled', CAST(payload ->> 'cancelled_at' AS TIMESTAMPTZ),
    occurred_at, ingested_at, event_id
  FROM raw_ohwb_appointment_cancelled
),
latest_outcome AS (
  SELECT appointment_id, status, event_time
  FROM outcomes
  QUALIFY row_number() OVER (
    PARTITION BY appointment_id ORDER BY occurred_at DESC, ingested_at DESC, event_id DESC
  ) = 1
)
SELECT
  booked.appointment_id,
  booked.referral_id,
  referral.org_code,
  booked.offered_at,
  booked.scheduled_for,
  CAST(timezone('Europe/London', booked.scheduled_for) AS DATE) AS scheduled_date,
  booked.is_first_appointment,
  CASE WHEN latest_outcome.status = 'attended' THEN latest_outcome.event_time END AS attended_at,
  CASE WHEN latest_outcome.status = 'did_not_attend' THEN latest_outcome.event_time END AS did_not_attend_at,
  CASE WHEN latest_outcome.status = 'cancelled' THEN latest_outcome.event_time END AS cancelled_at,
  coalesce(latest_outcome.status, 'booked') AS status
FROM booked
LEFT JOIN latest_outcome USING (appointment_id)
LEFT JOIN fct_referral AS referral USING (referral_id)
ORDER BY booked.appointment_id
