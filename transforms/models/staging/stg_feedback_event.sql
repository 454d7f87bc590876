-- description: Every feedback response event (ohwb.feedback.submitted) as typed columns, one row per landed event,
--   including re-sent versions. fct_feedback picks the latest version from here; an incremental build only
--   appends the new events.
-- reads: raw_ohwb_feedback_submitted
-- incremental: append
-- column: event_id | id | landed event id
-- column: referral_id | id | OH referral the feedback is about
-- column: occurred_at | timestamp | when the change happened at source
-- column: ingested_at | timestamp | when ingest committed the event
-- column: respondent | code | employee or manager
-- column: submitted_at | timestamp | when the feedback was submitted
-- column: satisfaction_1to5 | score | satisfaction, 1 (very dissatisfied) to 5 (very satisfied)
-- column: report_useful | boolean | the report was useful (null when not asked)
SELECT
  event_id,
  payload ->> 'referral_id' AS referral_id,
  occurred_at,
  ingested_at,
  payload ->> 'respondent' AS respondent,
  CAST(payload ->> 'submitted_at' AS TIMESTAMPTZ) AS submitted_at,
  CAST(payload ->> 'satisfaction_1to5' AS INTEGER) AS satisfaction_1to5,
  TRY_CAST(payload ->> 'report_useful' AS BOOLEAN) AS report_useful
FROM raw_ohwb_feedback_submitted
