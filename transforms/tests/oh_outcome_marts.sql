-- description: The feedback, VZV, health surveillance and intervention marts: keys are not null and
--   unique, the respondent, service, programme and outcome-measure codes are accepted values, and every numerator lies
--   between 0 and its denominator (so each percentage lies between 0 and 100).
-- depends: mart_feedback_satisfaction, mart_vzv_tested, mart_health_surveillance, mart_intervention_episodes, mart_intervention_score_change
WITH keys AS (
  SELECT 'mart_feedback_satisfaction' AS mart, period_kind, period_end, level, code, name, respondent AS category
  FROM mart_feedback_satisfaction
  UNION ALL SELECT 'mart_vzv_tested', period_kind, period_end, level, code, name, 'none' FROM mart_vzv_tested
  UNION ALL SELECT 'mart_health_surveillance', period_kind, period_end, level, code, name, programme FROM mart_health_surveillance
  UNION ALL SELECT 'mart_intervention_episodes', period_kind, period_end, level, code, name, service FROM mart_intervention_episodes
  UNION ALL SELECT 'mart_intervention_score_change', period_kind, period_end, level, code, name, service || '|' || outcome_measure
  FROM mart_intervention_score_change
)
SELECT mart, 'null key' AS problem, concat_ws('|', period_kind, period_end, level, code, category) AS row_key FROM keys
WHERE period_kind IS NULL OR period_end IS NULL OR level IS NULL OR code IS NULL OR name IS NULL OR category IS NULL
UNION ALL
SELECT mart, 'duplicate key', concat_ws('|', period_kind, period_end, level, code, category) FROM keys
GROUP BY mart, period_kind, period_end, level, code, category HAVING count(*) > 1
UNION ALL
SELECT mart, 'level not accepted', concat_ws('|', period_kind, period_end, level, code, category) FROM keys
WHERE level NOT IN ('england', 'region', 'ics', 'organisation') OR ((code = 'ENG') <> (level = 'england'))
UNION ALL
SELECT 'mart_feedback_satisfaction', 'respondent not accepted', respondent FROM mart_feedback_satisfaction
WHERE respondent NOT IN ('employee', 'manager')
UNION ALL
SELECT 'mart_intervention_episodes', 'service not accepted', service FROM mart_intervention_episodes
WHERE service NOT IN ('msk_physio', 'psychology', 'counselling_eap', 'other', 'All services')
UNION ALL
SELECT 'mart_intervention_score_change', 'service or measure not accepted', service || '|' || outcome_measure
FROM mart_intervention_score_change
WHERE service NOT IN ('msk_physio', 'psychology', 'counselling_eap', 'other', 'All services')
  OR outcome_measure NOT IN ('phq9', 'gad7', 'core10', 'msk_hq', 'psfs')
UNION ALL
SELECT 'mart_health_surveillance', 'programme not accepted', programme FROM mart_health_surveillance
WHERE programme NOT IN ('skin', 'respiratory_spirometry', 'respiratory_questionnaire', 'audiometry', 'havs_tier1',
  'havs_tier2', 'havs_tier3', 'havs_tier4', 'night_worker', 'other', 'All programmes')
UNION ALL
SELECT 'mart_feedback_satisfaction', 'numerator outside 0..denominator', concat_ws('|', period_kind, period_end, code, respondent)
FROM mart_feedback_satisfaction
WHERE satisfied_responses NOT BETWEEN 0 AND responses OR report_useful_yes NOT BETWEEN 0 AND report_useful_answers
  OR report_useful_answers > responses
UNION ALL
SELECT 'mart_vzv_tested', 'numerator outside 0..denominator', concat_ws('|', period_kind, period_end, code)
FROM mart_vzv_tested
WHERE staff_tested NOT BETWEEN 0 AND staff_negative_or_uncertain_history OR staff_non_immune > staff_tested
UNION ALL
SELECT 'mart_health_surveillance', 'outcomes do not add up to the checks', concat_ws('|', period_kind, period_end, code, programme)
FROM mart_health_surveillance
WHERE outcome_normal + outcome_referred + outcome_restricted + outcome_work_related_disease <> checks_completed
UNION ALL
SELECT 'mart_intervention_episodes', 'numerator outside 0..denominator', concat_ws('|', period_kind, period_end, code, service)
FROM mart_intervention_episodes
WHERE episodes_started_completed > episodes_started OR episodes_started_absent > episodes_started
  OR episodes_returned_to_work > episodes_started_absent OR completed_absent_at_start > episodes_completed
  OR completed_rtw_during_episode > completed_absent_at_start
UNION ALL
SELECT 'mart_intervention_score_change', 'improved outside 0..episodes', concat_ws('|', period_kind, period_end, code, service, outcome_measure)
FROM mart_intervention_score_change
WHERE episodes_improved NOT BETWEEN 0 AND episodes_with_scores
