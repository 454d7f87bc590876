-- description: One row per exposure incident (latest version per incident_id) with its PEP timing.
--   High risk for the PEP KPI means the source patient is known BBV positive or of unknown or untraceable
--   status (a source that cannot be tested cannot be ruled out), or the clinician assessed the risk as
--   high (risk_level 'high', PEP indicated per UKHSA). Known-negative, low-risk exposures are not high risk.
-- depends: stg_exposure_event
-- incremental: key incident_id
-- column: incident_id | id | incident id in the OH system
-- column: org_code | ODS code | employing organisation
-- column: staff_id | pseudonym | pseudonymised staff identifier
-- column: exposure_type | code | sharps, splash, bite, …
-- column: exposed_at | timestamp | when the exposure happened (PEP clock start)
-- column: exposed_date | date | Europe/London date of the exposure (the KPI month)
-- column: source_status | code | known_negative, known_bbv_positive, unknown, untraceable
-- column: risk_level | code | high, low, not_assessed
-- column: is_high_risk | boolean | source known BBV positive, unknown or untraceable, or risk_level high
-- column: pep_first_dose_at | timestamp | first PEP dose; null when none given
-- column: minutes_to_pep | minutes | pep_first_dose_at − exposed_at; null when no PEP
-- column: pep_within_60_minutes | boolean | PEP started ≤ 60 minutes after exposure (false when none given)
-- column: riddor_reportable | boolean | RIDDOR-reportable
-- test: unique incident_id
-- test: not_null incident_id
WITH latest AS (
  SELECT
    incident_id, org_code, staff_id, exposure_type, exposed_at, source_status, risk_level,
    pep_first_dose_at, riddor_reportable
  FROM stg_exposure_event
  QUALIFY latest_version(incident_id, occurred_at, ingested_at, event_id)
)
SELECT
  incident_id, org_code, staff_id, exposure_type, exposed_at,
  CAST(timezone('Europe/London', exposed_at) AS DATE) AS exposed_date,
  source_status, risk_level,
  source_status IN ('known_bbv_positive', 'unknown', 'untraceable') OR risk_level = 'high' AS is_high_risk,
  pep_first_dose_at,
  date_diff('second', exposed_at, pep_first_dose_at) / 60.0 AS minutes_to_pep,
  coalesce(date_diff('second', exposed_at, pep_first_dose_at) <= 3600, false) AS pep_within_60_minutes,
  riddor_reportable
FROM latest
ORDER BY incident_id
