-- description: Every OH KPI mart row keeps numerator ≤ denominator (and both ≥ 0), so each percentage lies
--   between 0 and 100: referral waits, DNA, adjustments for long-term absence, PEP, hepatitis B response
--   and flu uptake; reason shares of a period add up to 100% (tolerance 0.05 for rounding).
-- depends: mart_referral_waits, mart_appointment_dna, mart_referral_outcomes, mart_exposure_pep, mart_hepb_response, mart_flu_uptake, mart_sickness_reason_share
SELECT 'mart_referral_waits' AS mart, level, code, first_appointment_within_10_wd AS numerator, first_appointment_referrals AS denominator
FROM mart_referral_waits WHERE first_appointment_within_10_wd > first_appointment_referrals OR first_appointment_referrals > referrals_received
UNION ALL
SELECT 'mart_referral_waits', level, code, reports_within_2_wd, reports_issued FROM mart_referral_waits WHERE reports_within_2_wd > reports_issued
UNION ALL
SELECT 'mart_appointment_dna', level, code, appointments_dna, appointments_booked FROM mart_appointment_dna WHERE appointments_dna > appointments_booked
UNION ALL
SELECT 'mart_referral_outcomes', level, code, referrals_absent_28_days_with_adjustment, referrals_absent_28_days
FROM mart_referral_outcomes WHERE referrals_absent_28_days_with_adjustment > referrals_absent_28_days
UNION ALL
SELECT 'mart_exposure_pep', level, code, pep_within_60_minutes, high_risk_exposures FROM mart_exposure_pep WHERE pep_within_60_minutes > high_risk_exposures
UNION ALL
SELECT 'mart_hepb_response', level, code, courses_with_serology, completed_courses FROM mart_hepb_response WHERE courses_with_serology > completed_courses
UNION ALL
SELECT 'mart_flu_uptake', level, code, frontline_vaccinated, frontline_headcount FROM mart_flu_uptake WHERE frontline_vaccinated < 0 OR frontline_headcount < 0
UNION ALL
SELECT 'mart_sickness_reason_share', level, code, NULL, NULL
FROM mart_sickness_reason_share
GROUP BY period_kind, period_end, level, code
HAVING sum(fte_days_lost_all_reasons) > 0 AND abs(sum(reason_share_pct) - 100) > 0.05 * count(*)
