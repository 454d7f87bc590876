-- description: Reporting levels of every organisation: one row per organisation and level it counts
--   towards ('organisation' itself, its 'ics' and 'region' by its latest mapping in dim_organisation, and
--   'england'). Marts join a fact's org_code here and group by level and code, so every KPI is computed
--   from the underlying rows at every level (medians included) rather than averaged up. Organisations seen
--   only in OH events have no ICB or region mapping and count towards England only, as do those published
--   under QZZ (special health authorities and other statutory bodies: neither a region nor an ICB).
-- depends: dim_organisation, fct_referral, fct_immunisation, fct_exposure, fct_preplacement, fct_serology, fct_service_cost, fct_surveillance, fct_intervention_episode
-- column: org_code | ODS code | organisation the fact row belongs to
-- column: level | text | 'organisation', 'ics', 'region' or 'england'
-- column: code | code | ODS code, ICB code, region code or 'ENG'
-- column: name | text | name of the organisation, ICB, region, or 'England'
WITH organisations AS (
  SELECT org_code, org_name, ics_code, ics_name, region_code, region_name FROM dim_organisation
  UNION ALL
  SELECT DISTINCT org_code, org_code, NULL, NULL, NULL, NULL
  FROM (
    SELECT org_code FROM fct_referral
    UNION SELECT org_code FROM fct_immunisation
    UNION SELECT org_code FROM fct_exposure
    UNION SELECT org_code FROM fct_preplacement
    UNION SELECT org_code FROM fct_serology
    UNION SELECT org_code FROM fct_service_cost
    UNION SELECT org_code FROM fct_surveillance
    UNION SELECT org_code FROM fct_intervention_episode
  ) AS seen
  WHERE org_code IS NOT NULL AND org_code NOT IN (SELECT org_code FROM dim_organisation)
)
SELECT org_code, 'organisation' AS level, org_code AS code, coalesce(org_name, org_code) AS name FROM organisations
UNION ALL
SELECT org_code, 'ics', ics_code, ics_name FROM organisations WHERE ics_code IS NOT NULL AND ics_code <> 'QZZ'
UNION ALL
SELECT org_code, 'region', region_code, region_name FROM organisations WHERE region_code IS NOT NULL AND region_code <> 'QZZ'
UNION ALL
SELECT org_code, 'england', 'ENG', 'England' FROM organisations
ORDER BY org_code, level
