-- description: Every mart reported by period uses only the period kinds 'month', 'quarter' and
--   'rolling12', with period_end the last day of its month (of a quarter's last month), and no rolling
--   12-month window ends after the as-of month ({{as_of}}).
-- depends: mart_appointment_dna, mart_exposure_pep, mart_hepb_response, mart_preplacement_clearance, mart_referral_outcomes, mart_referral_waits, mart_sickness_cost, mart_sickness_reason_share, mart_value_roi, mart_feedback_satisfaction, mart_vzv_tested, mart_health_surveillance, mart_intervention_episodes, mart_intervention_score_change, mart_referral_mix, mart_sickness_days_per_fte_year
WITH periods AS (
  SELECT DISTINCT 'mart_appointment_dna' AS mart, period_kind, period_end FROM mart_appointment_dna
  UNION ALL SELECT DISTINCT 'mart_exposure_pep', period_kind, period_end FROM mart_exposure_pep
  UNION ALL SELECT DISTINCT 'mart_hepb_response', period_kind, period_end FROM mart_hepb_response
  UNION ALL SELECT DISTINCT 'mart_preplacement_clearance', period_kind, period_end FROM mart_preplacement_clearance
  UNION ALL SELECT DISTINCT 'mart_referral_outcomes', period_kind, period_end FROM mart_referral_outcomes
  UNION ALL SELECT DISTINCT 'mart_referral_waits', period_kind, period_end FROM mart_referral_waits
  UNION ALL SELECT DISTINCT 'mart_sickness_cost', period_kind, period_end FROM mart_sickness_cost
  UNION ALL SELECT DISTINCT 'mart_sickness_reason_share', period_kind, period_end FROM mart_sickness_reason_share
  UNION ALL SELECT DISTINCT 'mart_value_roi', period_kind, period_end FROM mart_value_roi
  UNION ALL SELECT DISTINCT 'mart_feedback_satisfaction', period_kind, period_end FROM mart_feedback_satisfaction
  UNION ALL SELECT DISTINCT 'mart_vzv_tested', period_kind, period_end FROM mart_vzv_tested
  UNION ALL SELECT DISTINCT 'mart_health_surveillance', period_kind, period_end FROM mart_health_surveillance
  UNION ALL SELECT DISTINCT 'mart_intervention_episodes', period_kind, period_end FROM mart_intervention_episodes
  UNION ALL SELECT DISTINCT 'mart_intervention_score_change', period_kind, period_end FROM mart_intervention_score_change
  UNION ALL SELECT DISTINCT 'mart_referral_mix', period_kind, period_end FROM mart_referral_mix
  UNION ALL SELECT DISTINCT 'mart_sickness_days_per_fte_year', period_kind, period_end FROM mart_sickness_days_per_fte_year
)
SELECT mart, 'period kind not accepted' AS problem, period_kind, period_end FROM periods
WHERE period_kind IS NULL OR period_kind NOT IN ('month', 'quarter', 'rolling12')
UNION ALL
SELECT mart, 'period_end is not a month end', period_kind, period_end FROM periods
WHERE period_end IS NULL OR period_end <> last_day(period_end)
UNION ALL
SELECT mart, 'quarter does not end in March, June, September or December', period_kind, period_end FROM periods
WHERE period_kind = 'quarter' AND month(period_end) NOT IN (3, 6, 9, 12)
UNION ALL
SELECT mart, 'rolling window ends after the as-of month', period_kind, period_end FROM periods
WHERE period_kind = 'rolling12' AND period_end > last_day({{as_of}})
