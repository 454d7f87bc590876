-- description: One row per OH appointment with its status: booked, then attended, did not attend (DNA) or
--   cancelled. The latest booking version per appointment_id wins; a later attended or DNA event beats a
--   cancellation only when it happened after it (a rebooked slot is a new appointment_id). The
--   organisation is the referral's employer.
-- depends: stg_referral_event, fct_referral
-- incremental: key referral_id
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
-- test: unique appointment_id
-- test: not_null appointment_id
WITH booked AS (
  SELECT appointment_id, referral_id, offered_at, scheduled_for, is_first_appointment
  FROM stg_referral_event
  WHERE kind = 'booked'
  QUALIFY latest_version(appointment_id, occurred_at, ingested_at, event_id)
),
outcomes AS (
  SELECT
    appointment_id, kind AS status,
    CASE kind WHEN 'attended' THEN attended_at WHEN 'did_not_attend' THEN scheduled_for ELSE cancelled_at END
      AS event_time,
    occurred_at, ingested_at, event_id
  FROM stg_referral_event
  WHERE kind IN ('attended', 'did_not_attend', 'cancelled')
),
latest_outcome AS (
  SELECT appointment_id, status, event_time
  FROM outcomes
  QUALIFY latest_version(appointment_id, occurred_at, ingested_at, event_id)
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
