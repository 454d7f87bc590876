-- description: One row per OH referral, an accumulating snapshot of its journey: received, triaged, first
--   appointment offered (the slot of the earliest booked appointment), first appointment attended, first
--   report issued, outcome and closure. Each source event is taken at its latest version per referral
--   (occurred_at, then ingested_at, then event_id). Absence at referral comes from the referral
--   (payload absence; stored events are upcast to v2); the matching ESR episode is in
--   fct_referral_absence. Local dates are Europe/London calendar dates, and working-day waits are
--   differences of dim_date working_day_number (weekends and bank holidays excluded).
-- depends: stg_referral_event, dim_date
-- incremental: key referral_id
-- column: referral_id | id | OH case-management referral id
-- column: org_code | ODS code | employing organisation (payload employer_ods)
-- column: service_ods | ODS code | OH service that received the referral
-- column: staff_id | pseudonym | pseudonymised staff identifier
-- column: staff_group | text | canonical staff group
-- column: referral_type | code | management, self, pre_placement, …
-- column: received_at | timestamp | referral received (SLA clock start)
-- column: received_date | date | Europe/London date of received_at
-- column: triaged_at | timestamp | latest triage
-- column: first_offered_at | timestamp | when the earliest-scheduled appointment was offered
-- column: first_appointment_at | timestamp | slot of the earliest booked appointment (attended, missed or not)
-- column: first_attended_at | timestamp | earliest attended appointment
-- column: first_attended_appointment_id | id | that appointment
-- column: report_issued_at | timestamp | earliest report issued
-- column: report_issued_date | date | Europe/London date of report_issued_at
-- column: report_appointment_id | id | appointment the earliest report followed
-- column: report_appointment_attended_at | timestamp | when that appointment was attended
-- column: outcome_fitness | code | fitness-for-work outcome of the latest outcome
-- column: adjustment_count | count | adjustments in the latest outcome (0 when none or no outcome)
-- column: has_adjustment | boolean | the latest outcome recommends at least one adjustment
-- column: closed_at | timestamp | latest closure
-- column: currently_absent | boolean | off sick when referred
-- column: absence_start_date | date | first day of that absence (null when not absent or not known)
-- column: absence_days_at_referral | days | calendar days from absence start to the received date, inclusive
-- column: working_days_to_first_appointment | working days | received date → first appointment date
-- column: working_days_appointment_to_report | working days | attended date of the report's appointment → report date
-- test: unique referral_id
-- test: not_null referral_id
WITH events AS (
  SELECT * FROM stg_referral_event
),
received AS (
  SELECT
    referral_id, org_code, service_ods, staff_id, staff_group, referral_type, received_at,
    currently_absent, absence_start_date
  FROM events
  WHERE kind = 'received'
  QUALIFY latest_version(referral_id, occurred_at, ingested_at, event_id)
),
triaged AS (
  SELECT referral_id, max(triaged_at) AS triaged_at FROM events WHERE kind = 'triaged' GROUP BY 1
),
closed AS (
  SELECT referral_id, max(closed_at) AS closed_at FROM events WHERE kind = 'closed' GROUP BY 1
),
booked AS (
  SELECT referral_id, appointment_id, offered_at, scheduled_for
  FROM events
  WHERE kind = 'booked'
  QUALIFY latest_version(appointment_id, occurred_at, ingested_at, event_id)
),
first_booked AS (
  SELECT referral_id, arg_min(offered_at, (scheduled_for, appointment_id)) AS first_offered_at, min(scheduled_for) AS first_appointment_at
  FROM booked GROUP BY referral_id
),
attended AS (
  SELECT referral_id, appointment_id, min(attended_at) AS attended_at
  FROM events WHERE kind = 'attended' GROUP BY 1, 2
),
first_attended AS (
  SELECT referral_id, min(attended_at) AS first_attended_at, arg_min(appointment_id, (attended_at, appointment_id)) AS appointment_id
  FROM attended GROUP BY referral_id
),
first_report AS (
  SELECT referral_id, min(issued_at) AS report_issued_at, arg_min(appointment_id, (issued_at, appointment_id)) AS appointment_id
  FROM events WHERE kind = 'report' GROUP BY 1
),
outcome AS (
  SELECT referral_id, fitness, adjustment_count
  FROM events
  WHERE kind = 'outcome'
  QUALIFY latest_version(referral_id, occurred_at, ingested_at, event_id)
),
joined AS (
  SELECT
    received.*,
    CAST(timezone('Europe/London', received.received_at) AS DATE) AS received_date,
    triaged.triaged_at,
    first_booked.first_offered_at,
    first_booked.first_appointment_at,
    first_attended.first_attended_at,
    first_attended.appointment_id AS first_attended_appointment_id,
    first_report.report_issued_at,
    first_report.appointment_id AS report_appointment_id,
    report_appointment.attended_at AS report_appointment_attended_at,
    outcome.fitness AS outcome_fitness,
    coalesce(outcome.adjustment_count, 0) AS adjustment_count,
    closed.closed_at
  FROM received
  LEFT JOIN triaged USING (referral_id)
  LEFT JOIN closed USING (referral_id)
  LEFT JOIN first_booked USING (referral_id)
  LEFT JOIN first_attended USING (referral_id)
  LEFT JOIN first_report USING (referral_id)
  LEFT JOIN attended AS report_appointment
    ON report_appointment.referral_id = first_report.referral_id
    AND report_appointment.appointment_id = first_report.appointment_id
  LEFT JOIN outcome USING (referral_id)
)
SELECT
  joined.referral_id, joined.org_code, joined.service_ods, joined.staff_id, joined.staff_group,
  joined.referral_type, joined.received_at, joined.received_date, joined.triaged_at,
  joined.first_offered_at, joined.first_appointment_at, joined.first_attended_at,
  joined.first_attended_appointment_id, joined.report_issued_at,
  CAST(timezone('Europe/London', joined.report_issued_at) AS DATE) AS report_issued_date,
  joined.report_appointment_id,
  joined.report_appointment_attended_at, joined.outcome_fitness, joined.adjustment_count,
  joined.adjustment_count > 0 AS has_adjustment, joined.closed_at, joined.currently_absent,
  joined.absence_start_date,
  CASE WHEN joined.currently_absent AND joined.absence_start_date IS NOT NULL
    THEN joined.received_date - joined.absence_start_date + 1 END AS absence_days_at_referral,
  first_day.working_day_number - received_day.working_day_number AS working_days_to_first_appointment,
  report_day.working_day_number - report_appointment_day.working_day_number
    AS working_days_appointment_to_report
FROM joined
LEFT JOIN dim_date AS received_day ON received_day.date = joined.received_date
LEFT JOIN dim_date AS first_day
  ON first_day.date = CAST(timezone('Europe/London', joined.first_appointment_at) AS DATE)
LEFT JOIN dim_date AS report_day
  ON report_day.date = CAST(timezone('Europe/London', joined.report_issued_at) AS DATE)
LEFT JOIN dim_date AS report_appointment_day
  ON report_appointment_day.date = CAST(timezone('Europe/London', joined.report_appointment_attended_at) AS DATE)
ORDER BY joined.referral_id
