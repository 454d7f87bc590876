-- description: Frontline flu vaccine uptake through each season, month by month, at organisation, ICB,
--   region and England level: frontline staff vaccinated so far in the season (each counted in the month of
--   their first influenza dose of the season at that organisation, fct_flu_first_dose_counts) beside the season's frontline headcount
--   from mart_flu_uptake. Only months up to the last month with any influenza vaccination recorded, and
--   only seasons starting on or after the first recorded month (a season the data joins part-way through
--   would show a cumulative undercount). The dashboards' uptake curve reads it.
-- depends: fct_flu_first_dose_counts, fct_immunisation, mart_flu_uptake, dim_organisation_level
-- column: season | text | e.g. '2024/25' (1 September to the last day of February)
-- column: month_end | date | last day of the month
-- column: level | text | 'england', 'region', 'ics' or 'organisation'
-- column: code | code | ODS code, ICB code, region code or 'ENG'
-- column: name | text | name of the organisation, ICB, region, or 'England'
-- column: frontline_headcount | people | the season's frontline headcount (mart_flu_uptake); null when not supplied
-- column: cumulative_vaccinated | count | frontline staff vaccinated from 1 September to the month end
-- test: unique season, month_end, level, code
-- test: not_null season, month_end, level, code, name
-- test: accepted_values level in england, region, ics, organisation
-- test: expect (code = 'ENG') = (level = 'england')
WITH by_month AS (
  SELECT counts.season_start_year, org.level, org.code, counts.month_end, sum(counts.staff_vaccinated) AS vaccinated
  FROM fct_flu_first_dose_counts AS counts
  JOIN dim_organisation_level AS org ON org.org_code = counts.org_code
  GROUP BY ALL
),
recorded AS (
  SELECT date_trunc('month', min(administered_date)) AS first_month, last_day(max(administered_date)) AS last_month
  FROM fct_immunisation WHERE vaccine = 'influenza'
),
season_months AS (
  SELECT uptake.season, year(uptake.season_start) AS season_start_year, uptake.level, uptake.code,
    uptake.name, uptake.frontline_headcount, last_day(CAST(m.month_start AS DATE)) AS month_end
  FROM mart_flu_uptake AS uptake
  CROSS JOIN LATERAL (
    SELECT unnest(generate_series(uptake.season_start, uptake.season_end, INTERVAL 1 MONTH)) AS month_start
  ) AS m
)
SELECT
  season_months.season, season_months.month_end, season_months.level, season_months.code, season_months.name,
  CAST(season_months.frontline_headcount AS BIGINT) AS frontline_headcount,
  CAST(sum(coalesce(by_month.vaccinated, 0)) OVER (
    PARTITION BY season_months.season, season_months.level, season_months.code
    ORDER BY season_months.month_end
  ) AS BIGINT) AS cumulative_vaccinated
FROM season_months
CROSS JOIN recorded
LEFT JOIN by_month
  ON by_month.season_start_year = season_months.season_start_year AND by_month.level = season_months.level
  AND by_month.code = season_months.code AND by_month.month_end = season_months.month_end
WHERE season_months.month_end <= recorded.last_month
  AND make_date(season_months.season_start_year, 9, 1) >= recorded.first_month
ORDER BY season, month_end, level, code
