-- description: Sickness absence rate from this warehouse's own ESR episodes and FTE, by month at
--   organisation, ICB, region and England level, per staff group and for all staff groups. Rates are
--   recomputed from summed FTE days at every level, never averaged. Organisations roll up to ICB and
--   region by their latest mapping (dim_organisation); organisations without one count towards England
--   only, as do those under QZZ (special health authorities and other statutory bodies, neither a region nor
--   an ICB). Figures are computed from complete data, so suppressed rows keep their FTE days and only the
--   rate is withheld; disclosure control (nulling the days) happens at the publish layer (domain notes 10.6).
-- depends: fct_absence_days, fct_fte_days_available, dim_organisation
-- incremental: key month_end
-- column: month_end | date | last day of the month
-- column: level | text | 'england', 'region', 'ics' or 'organisation'
-- column: code | code | ODS code (organisation), ICB code (ics), region code (region) or 'ENG'
-- column: name | text | name of the organisation, ICB, region, or 'England'
-- column: staff_group | text | canonical staff group, or 'All staff groups' for the total
-- column: fte_days_lost | FTE days | Σ calendar days of sickness absence × contracted FTE
-- column: fte_days_available | FTE days | Σ contracted FTE × calendar days in the month
-- column: rate_pct | percent | round(Σ fte_days_lost ÷ Σ fte_days_available × 100, 2); null when suppressed
-- column: suppressed | boolean | fte_days_available ≤ 330 (ESR_330 rule, domain notes section 10)
-- test: unique month_end, level, code, staff_group
-- test: not_null month_end, level, code, name, staff_group, suppressed
-- test: accepted_values level in england, region, ics, organisation
-- test: expect (code = 'ENG') = (level = 'england')
-- test: expect (rate_pct IS NULL) = suppressed
-- test: expect rate_pct BETWEEN 0 AND 100
-- test: relationship staff_group -> dim_staff_group.staff_group
WITH lost_by_group AS (
  SELECT month_end, org_code, staff_group, sum(fte_days_lost) AS fte_days_lost
  FROM fct_absence_days
  GROUP BY month_end, org_code, staff_group
),
-- days lost without an FTE row still show (available 0, so suppressed) rather than vanish
org_group AS (
  SELECT
    coalesce(available.month_end, lost.month_end) AS month_end,
    coalesce(available.org_code, lost.org_code) AS org_code,
    coalesce(available.staff_group, lost.staff_group) AS staff_group,
    coalesce(lost.fte_days_lost, 0) AS fte_days_lost,
    coalesce(available.fte_days_available, 0) AS fte_days_available
  FROM fct_fte_days_available AS available
  FULL OUTER JOIN lost_by_group AS lost
    ON lost.month_end = available.month_end
    AND lost.org_code = available.org_code
    AND lost.staff_group = available.staff_group
),
org_with_total AS (
  SELECT * FROM org_group
  UNION ALL
  SELECT month_end, org_code, 'All staff groups', sum(fte_days_lost), sum(fte_days_available)
  FROM org_group
  GROUP BY month_end, org_code
),
located AS (
  SELECT org_with_total.*, org.org_name, org.ics_code, org.ics_name, org.region_code, org.region_name
  FROM org_with_total
  LEFT JOIN dim_organisation AS org USING (org_code)
),
all_levels AS (
  SELECT month_end, 'organisation' AS level, org_code AS code, coalesce(org_name, org_code) AS name,
    staff_group, fte_days_lost, fte_days_available
  FROM located
  UNION ALL
  SELECT month_end, 'ics', ics_code, any_value(ics_name), staff_group, sum(fte_days_lost), sum(fte_days_available)
  FROM located WHERE ics_code IS NOT NULL AND ics_code <> 'QZZ'
  GROUP BY month_end, ics_code, staff_group
  UNION ALL
  SELECT month_end, 'region', region_code, any_value(region_name), staff_group, sum(fte_days_lost),
    sum(fte_days_available)
  FROM located WHERE region_code IS NOT NULL AND region_code <> 'QZZ'
  GROUP BY month_end, region_code, staff_group
  UNION ALL
  SELECT month_end, 'england', 'ENG', 'England', staff_group, sum(fte_days_lost), sum(fte_days_available)
  FROM located
  GROUP BY month_end, staff_group
)
SELECT
  month_end, level, code, name, staff_group, fte_days_lost, fte_days_available,
  rate_pct(fte_days_lost, fte_days_available) AS rate_pct,
  fte_days_available <= 330 AS suppressed
FROM all_levels
ORDER BY month_end, level, code, staff_group
