-- description: One row per organisation with its latest ICB, region, cluster and benchmark group.
--   The mapping comes from the most recent published benchmarking row (organisations move between ICBs
--   rarely, but they do); organisations seen only in ESR absence or FTE events are listed with a null
--   mapping, so they count towards England but no ICB or region.
-- depends: stg_absence_published, stg_absence_episode, stg_fte_monthly
-- column: org_code | ODS code | organisation
-- column: org_name | text | latest published name (the ODS code when never published)
-- column: ics_code | code | ICB the organisation belongs to in its latest published month
-- column: ics_name | text | that ICB's name
-- column: region_code | code | NHS England region (Y56-Y63, QZZ)
-- column: region_name | text | that region's name
-- column: cluster_group | text | organisation type
-- column: benchmark_group | text | NHS England benchmark group
-- column: mapping_month_end | date | month of the published row the mapping comes from; null when never published
-- test: unique org_code
-- test: not_null org_code
WITH latest_published AS (
  SELECT *
  FROM stg_absence_published
  QUALIFY row_number() OVER (
    PARTITION BY org_code ORDER BY month_end DESC, (staff_group = 'All staff groups') DESC, staff_group
  ) = 1
),
event_only_orgs AS (
  SELECT org_code FROM stg_absence_episode
  UNION
  SELECT org_code FROM stg_fte_monthly
)
SELECT
  org_code, org_name, ics_code, ics_name, region_code, region_name, cluster_group, benchmark_group,
  month_end AS mapping_month_end
FROM latest_published
UNION ALL
SELECT
  org_code, org_code, NULL, NULL, NULL, NULL, NULL, NULL, NULL
FROM event_only_orgs
WHERE org_code IS NOT NULL AND org_code NOT IN (SELECT org_code FROM latest_published)
ORDER BY org_code
