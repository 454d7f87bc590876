-- description: How many organisations each ICB, region and England row of mart_absence_benchmark sums,
--   out of those NHS England published for it. A published organisation row that is blank (suppressed)
--   cannot be added up, so a staff group's ICB rate can come from 1 of 9 trusts (typically ambulance
--   staff: only the ambulance trust publishes figures). The site and the packs say so beside the rate.
-- depends: stg_absence_published
-- column: month_end | date | last day of the month
-- column: level | text | 'england', 'region' or 'ics'
-- column: code | code | ICB code (ics), region code (region) or 'ENG'
-- column: staff_group | text | canonical staff group, or 'All staff groups'
-- column: organisations_summed | count | organisations whose published figures the mart_absence_benchmark row sums
-- column: organisations_published | count | organisations published for the area, staff group and month, blank ones included
-- test: unique month_end, level, code, staff_group
-- test: not_null month_end, level, code, staff_group, organisations_summed, organisations_published
-- test: accepted_values level in england, region, ics
-- test: expect organisations_summed BETWEEN 1 AND organisations_published
WITH cells AS (
  SELECT month_end, 'ics' AS level, ics_code AS code, staff_group, is_suppressed
  FROM stg_absence_published WHERE ics_code IS NOT NULL AND ics_code <> 'QZZ'
  UNION ALL
  SELECT month_end, 'region', region_code, staff_group, is_suppressed
  FROM stg_absence_published WHERE region_code IS NOT NULL AND region_code <> 'QZZ'
  UNION ALL
  -- QZZ ("Special Health Authorities and other statutory bodies") counts towards England only, as in the mart
  SELECT month_end, 'england', 'ENG', staff_group, is_suppressed
  FROM stg_absence_published
)
SELECT
  month_end, level, code, staff_group,
  count(*) FILTER (WHERE NOT is_suppressed) AS organisations_summed,
  count(*) AS organisations_published
FROM cells
GROUP BY month_end, level, code, staff_group
-- a cell with every organisation blank has no mart_absence_benchmark row either
HAVING count(*) FILTER (WHERE NOT is_suppressed) > 0
ORDER BY month_end, level, code, staff_group
