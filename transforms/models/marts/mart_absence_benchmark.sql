-- description: NHS England's published sickness absence benchmark in the same shape as
--   mart_absence_rate. Organisation rows are the published rows as they are (rate = the published
--   SICKNESS_ABSENCE_RATE_PERCENT; suppressed rows keep null days and rate). ICB, region and England rows
--   sum the unsuppressed organisation rows' FTE days — suppressed cells are unknown, so they cannot be
--   added — and recompute the rate; an organisation belongs to the ICB and region it was published under
--   that month. 'All staff groups' at organisation level is the published organisation total.
--   "Special Health Authorities and other statutory bodies" (QZZ) is published in the region and ICB
--   columns but is neither: its organisations count towards England only.
-- depends: stg_absence_published
-- column: month_end | date | last day of the month
-- column: level | text | 'england', 'region', 'ics' or 'organisation'
-- column: code | code | ODS code (organisation), ICB code (ics), region code (region) or 'ENG'
-- column: name | text | name of the organisation, ICB, region, or 'England'
-- column: staff_group | text | canonical staff group, or 'All staff groups' for the total
-- column: fte_days_lost | FTE days | published FTE_DAYS_LOST (organisation) or Σ over unsuppressed organisation rows
-- column: fte_days_available | FTE days | published FTE_DAYS_AVAILABLE (organisation) or Σ over unsuppressed organisation rows
-- column: rate_pct | percent | published rate (organisation) or round(Σ fte_days_lost ÷ Σ fte_days_available × 100, 2); null when suppressed
-- column: suppressed | boolean | published blank (organisation) or Σ fte_days_available ≤ 330
-- test: unique month_end, level, code, staff_group
-- test: not_null month_end, level, code, name, staff_group, suppressed
-- test: accepted_values level in england, region, ics, organisation
-- test: expect (code = 'ENG') = (level = 'england')
-- test: expect (rate_pct IS NULL) = suppressed
-- test: expect rate_pct BETWEEN 0 AND 100
-- test: relationship staff_group -> dim_staff_group.staff_group
WITH published AS (
  SELECT * FROM stg_absence_published
),
-- only unsuppressed organisation rows carry numbers that can be added up
summable AS (
  SELECT * FROM published WHERE NOT is_suppressed
),
higher_levels AS (
  SELECT month_end, 'ics' AS level, ics_code AS code, any_value(ics_name) AS name, staff_group,
    sum(fte_days_lost) AS fte_days_lost, sum(fte_days_available) AS fte_days_available
  FROM summable WHERE ics_code IS NOT NULL AND ics_code <> 'QZZ'
  GROUP BY month_end, ics_code, staff_group
  UNION ALL
  SELECT month_end, 'region', region_code, any_value(region_name), staff_group, sum(fte_days_lost),
    sum(fte_days_available)
  FROM summable WHERE region_code IS NOT NULL AND region_code <> 'QZZ'
  GROUP BY month_end, region_code, staff_group
  UNION ALL
  SELECT month_end, 'england', 'ENG', 'England', staff_group, sum(fte_days_lost), sum(fte_days_available)
  FROM summable
  GROUP BY month_end, staff_group
)
SELECT
  month_end, 'organisation' AS level, org_code AS code, org_name AS name, staff_group,
  fte_days_lost, fte_days_available, published_rate AS rate_pct, is_suppressed AS suppressed
FROM published
UNION ALL
SELECT
  month_end, level, code, name, staff_group, fte_days_lost, fte_days_available,
  rate_pct(fte_days_lost, fte_days_available),
  fte_days_available <= 330
FROM higher_levels
ORDER BY month_end, level, code, staff_group
