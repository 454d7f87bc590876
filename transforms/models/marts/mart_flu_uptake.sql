-- description: Frontline healthcare worker flu vaccine uptake by season (1 September to the last day of
--   February, Europe/London dates) at organisation, ICB, region and England level. Numerator: distinct
--   pseudonymised staff given an influenza vaccine in the season with frontline_hcw true. Denominator
--   (explicit choice: workforce.fte.monthly carries headcount by staff group but no frontline flag):
--   headcount of the staff groups with direct patient contact — HCHS doctors, nurses & health visitors,
--   midwives, ambulance staff, scientific, therapeutic & technical staff and the three support-to-clinical
--   groups — at the latest month end of the season for which the organisation sent headcount. Central
--   functions, estates and managers are not counted as frontline. A season without headcount has a null
--   denominator and rate.
-- depends: fct_immunisation, stg_fte_monthly, dim_organisation_level
-- column: season | text | e.g. '2024/25'
-- column: season_start | date | 1 September
-- column: season_end | date | last day of February (28 or 29)
-- column: level | text | 'england', 'region', 'ics' or 'organisation'
-- column: code | code | ODS code, ICB code, region code or 'ENG'
-- column: name | text | name of the organisation, ICB, region, or 'England'
-- column: frontline_vaccinated | count | distinct frontline staff vaccinated in the season (the numerator)
-- column: frontline_headcount | people | frontline staff-group headcount (the denominator); null when not supplied
-- column: headcount_month_end | date | month the organisation-level headcount comes from (latest across organisations above that level)
-- column: uptake_pct | percent | round(numerator ÷ denominator × 100, 2)
-- test: unique season, level, code
-- test: not_null season, level, code, name
-- test: accepted_values level in england, region, ics, organisation
-- test: expect (code = 'ENG') = (level = 'england')
WITH vaccinated AS (
  SELECT DISTINCT season_start_year, org_code, staff_id
  FROM fct_immunisation
  WHERE vaccine = 'influenza' AND frontline_hcw AND season_start_year IS NOT NULL
),
frontline_headcount AS (
  SELECT
    CASE WHEN month(month_end) >= 9 THEN year(month_end) ELSE year(month_end) - 1 END AS season_start_year,
    org_code, month_end, sum(headcount) AS headcount
  FROM stg_fte_monthly
  WHERE headcount IS NOT NULL AND month(month_end) IN (9, 10, 11, 12, 1, 2)
    AND staff_group IN (
      'HCHS doctors', 'Nurses & health visitors', 'Midwives', 'Ambulance staff',
      'Scientific, therapeutic & technical staff', 'Support to doctors, nurses & midwives',
      'Support to ambulance staff', 'Support to ST&T staff'
    )
  GROUP BY 1, org_code, month_end
  QUALIFY row_number() OVER (PARTITION BY season_start_year, org_code ORDER BY month_end DESC) = 1
),
org_season AS (
  SELECT
    coalesce(counted.season_start_year, headcount.season_start_year) AS season_start_year,
    coalesce(counted.org_code, headcount.org_code) AS org_code,
    coalesce(counted.vaccinated, 0) AS vaccinated,
    headcount.headcount,
    headcount.month_end AS headcount_month_end
  FROM (SELECT season_start_year, org_code, count(*) AS vaccinated FROM vaccinated GROUP BY ALL) AS counted
  FULL OUTER JOIN frontline_headcount AS headcount
    ON headcount.season_start_year = counted.season_start_year AND headcount.org_code = counted.org_code
)
SELECT
  org_season.season_start_year || '/' || right(CAST(org_season.season_start_year + 1 AS VARCHAR), 2) AS season,
  make_date(org_season.season_start_year, 9, 1) AS season_start,
  last_day(make_date(org_season.season_start_year + 1, 2, 1)) AS season_end,
  org.level, org.code, any_value(org.name) AS name,
  CAST(sum(org_season.vaccinated) AS BIGINT) AS frontline_vaccinated,
  CAST(sum(org_season.headcount) AS BIGINT) AS frontline_headcount,
  max(org_season.headcount_month_end) AS headcount_month_end,
  round(sum(org_season.vaccinated) / nullif(sum(org_season.headcount), 0) * 100, 2) AS uptake_pct
FROM org_season
JOIN dim_organisation_level AS org ON org.org_code = org_season.org_code
GROUP BY org_season.season_start_year, org.level, org.code
ORDER BY season, level, code
