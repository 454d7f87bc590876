-- description: Frontline staff given their first influenza vaccine of a season, counted by season,
--   organisation and the month of that first dose: the partial aggregate behind
--   mart_flu_uptake_by_month. A person's doses combine (only the first of the season counts), so it is
--   refreshed by difference per staff member.
-- depends: fct_immunisation
-- incremental: sum staff_vaccinated over staff_id
-- column: season_start_year | year | the 1 September–end February season, by its starting year
-- column: org_code | ODS code | employing organisation
-- column: month_end | date | last day of the month of the first dose
-- column: staff_vaccinated | count | frontline staff whose first influenza dose of the season that was
-- test: unique season_start_year, org_code, month_end
-- test: not_null season_start_year, month_end
WITH first_dose AS (
  SELECT season_start_year, org_code, staff_id, min(administered_date) AS first_date
  FROM fct_immunisation
  WHERE vaccine = 'influenza' AND frontline_hcw AND season_start_year IS NOT NULL
  GROUP BY season_start_year, org_code, staff_id
)
SELECT season_start_year, org_code, last_day(first_date) AS month_end, count(*) AS staff_vaccinated
FROM first_dose
GROUP BY ALL
ORDER BY ALL
