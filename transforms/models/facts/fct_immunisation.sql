-- description: One row per vaccine administration (latest version per immunisation_id), with the
--   Europe/London date it was given and the flu season it falls in. A flu season runs from 1 September to
--   the last day of February (28 or 29) of the next year; administrations from March to August belong to no
--   season (season_start_year null).
-- depends: stg_immunisation_event
-- incremental: key immunisation_id
-- column: immunisation_id | id | administration id in the OH system
-- column: org_code | ODS code | employing organisation
-- column: staff_id | pseudonym | pseudonymised staff identifier
-- column: vaccine | code | influenza, covid19, hep_b, …
-- column: dose_number | count | dose in the course
-- column: course_complete | boolean | this dose completes the primary course
-- column: administered_at | timestamp | when it was given
-- column: administered_date | date | Europe/London date given
-- column: frontline_hcw | boolean | the staff member is a frontline healthcare worker
-- column: season_start_year | year | 1 Sep–end Feb season the date falls in, by its starting year; null Mar–Aug
-- test: unique immunisation_id
-- test: not_null immunisation_id, vaccine
-- test: relationship vaccine -> dim_vaccine.vaccine
WITH latest AS (
  SELECT
    immunisation_id, org_code, staff_id, vaccine, dose_number, course_complete, administered_at, frontline_hcw
  FROM stg_immunisation_event
  QUALIFY latest_version(immunisation_id, occurred_at, ingested_at, event_id)
),
dated AS (
  SELECT *, CAST(timezone('Europe/London', administered_at) AS DATE) AS administered_date FROM latest
)
SELECT
  immunisation_id, org_code, staff_id, vaccine, dose_number, course_complete, administered_at,
  administered_date, frontline_hcw,
  CASE
    WHEN month(administered_date) >= 9 THEN year(administered_date)
    WHEN month(administered_date) <= 2 THEN year(administered_date) - 1
  END AS season_start_year
FROM dated
ORDER BY immunisation_id
