-- description: One row per feedback response on an OH referral (ohwb.feedback.submitted), by referral and
--   respondent: the event carries no id of its own, so a later submission by the same respondent for the
--   same referral replaces the earlier one (latest submitted_at, then occurred_at, ingested_at, event_id).
--   The organisation is the referral's employer (fct_referral); feedback on a referral the warehouse has
--   not received has a null org_code and reaches no mart.
-- depends: fct_referral, stg_feedback_event
-- incremental: key referral_id
-- column: referral_id | id | OH referral the feedback is about
-- column: respondent | code | 'employee' or 'manager'
-- column: org_code | ODS code | employing organisation of the referred staff member (from the referral)
-- column: submitted_at | timestamp | when the feedback was submitted
-- column: submitted_date | date | Europe/London date submitted
-- column: satisfaction_1to5 | score | overall satisfaction, 1 (very poor) to 5 (excellent)
-- column: satisfied | boolean | satisfaction_1to5 ≥ 4
-- column: report_useful | boolean | manager: was the report useful; null for employees or when not asked
-- test: unique referral_id, respondent
-- test: not_null referral_id, respondent
WITH latest AS (
  SELECT * FROM stg_feedback_event
  -- the latest submission first, then the usual tie-break between versions of one event
  QUALIFY row_number() OVER (
    PARTITION BY referral_id, respondent ORDER BY submitted_at DESC, occurred_at DESC, ingested_at DESC, event_id DESC
  ) = 1
)
SELECT
  latest.referral_id,
  latest.respondent,
  referral.org_code,
  latest.submitted_at,
  CAST(timezone('Europe/London', latest.submitted_at) AS DATE) AS submitted_date,
  latest.satisfaction_1to5,
  latest.satisfaction_1to5 >= 4 AS satisfied,
  latest.report_useful
FROM latest
LEFT JOIN fct_referral AS referral USING (referral_id)
ORDER BY referral_id, respondent
