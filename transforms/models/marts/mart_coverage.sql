-- description: How much of an area the project's own event feeds cover, by month at organisation, ICB,
--   region and England level and by source: 'esr' (ESR FTE and absence feed), 'oh_case_management' (OH
--   referrals received), 'immunisation' (vaccinations given), 'exposure' (exposure incidents) and
--   'service_cost' (OH service cost lines). An organisation reports a source in a month when it has at least
--   one row of it that month. Organisations expected are the providers (cluster Acute, Mental Health,
--   Community Provider Trust, Ambulance) of the reference organisation list (dim_organisation, from NHS
--   England's published benchmarking rows) mapped to the area; ICBs, CSUs and national bodies are not
--   expected to send OH events. Figures above organisation level built from these feeds describe the
--   reporting organisations only; coverage_pct says how far that is the area. Every source has a row for
--   every month any source has data, so a source nobody sends shows 0 reporting.
-- depends: dim_organisation, dim_organisation_level, stg_fte_monthly, fct_referral, fct_immunisation, fct_exposure, fct_service_cost
-- column: month_end | date | last day of the month
-- column: level | text | 'england', 'region', 'ics' or 'organisation'
-- column: code | code | ODS code, ICB code, region code or 'ENG'
-- column: name | text | name of the organisation, ICB, region, or 'England'
-- column: source | code | 'esr', 'oh_case_management', 'immunisation', 'exposure' or 'service_cost'
-- column: organisations_reporting | count | organisations of the area with data from the source that month
-- column: organisations_expected | count | providers of the reference organisation list in the area
-- column: expected_reporting | count | of the organisations expected, those reporting
-- column: coverage_pct | percent | expected_reporting ÷ organisations_expected × 100; null when none are expected
-- column: staff_covered | people | Σ headcount (ESR FTE feed) of the reporting organisations that month; null when unknown
-- test: unique month_end, level, code, source
-- test: not_null month_end, level, code, source
WITH activity AS (
  SELECT DISTINCT month_end, org_code, 'esr' AS source FROM stg_fte_monthly
  UNION
  SELECT DISTINCT last_day(received_date), org_code, 'oh_case_management' FROM fct_referral
  UNION
  SELECT DISTINCT last_day(administered_date), org_code, 'immunisation' FROM fct_immunisation
  UNION
  SELECT DISTINCT last_day(exposed_date), org_code, 'exposure' FROM fct_exposure
  UNION
  SELECT DISTINCT month_end, org_code, 'service_cost' FROM fct_service_cost WHERE cost_gbp > 0
),
months AS (
  SELECT DISTINCT month_end FROM activity WHERE month_end IS NOT NULL
),
sources AS (
  SELECT unnest(['esr', 'oh_case_management', 'immunisation', 'exposure', 'service_cost']) AS source
),
expected_orgs AS (
  SELECT org_code FROM dim_organisation
  WHERE cluster_group IN ('Acute', 'Mental Health', 'Community Provider Trust', 'Ambulance')
),
headcount AS (
  SELECT month_end, org_code,
    coalesce(
      max(headcount) FILTER (WHERE staff_group = 'All staff groups'),
      sum(headcount) FILTER (WHERE staff_group <> 'All staff groups')
    ) AS headcount
  FROM stg_fte_monthly
  GROUP BY month_end, org_code
),
expected AS (
  SELECT levels.level, levels.code, any_value(levels.name) AS name, count(*) AS organisations_expected
  FROM dim_organisation_level AS levels
  JOIN expected_orgs USING (org_code)
  GROUP BY levels.level, levels.code
),
reporting AS (
  SELECT
    activity.month_end, activity.source, levels.level, levels.code, any_value(levels.name) AS name,
    count(DISTINCT activity.org_code) AS organisations_reporting,
    count(DISTINCT activity.org_code) FILTER (WHERE activity.org_code IN (SELECT org_code FROM expected_orgs))
      AS expected_reporting,
    sum(headcount.headcount) AS staff_covered
  FROM activity
  JOIN dim_organisation_level AS levels USING (org_code)
  LEFT JOIN headcount USING (month_end, org_code)
  WHERE activity.month_end IS NOT NULL
  GROUP BY activity.month_end, activity.source, levels.level, levels.code
),
areas AS (
  SELECT level, code, name FROM expected
  UNION
  SELECT DISTINCT level, code, name FROM reporting
)
SELECT
  months.month_end, areas.level, areas.code, any_value(areas.name) AS name, sources.source,
  coalesce(any_value(reporting.organisations_reporting), 0) AS organisations_reporting,
  coalesce(any_value(expected.organisations_expected), 0) AS organisations_expected,
  coalesce(any_value(reporting.expected_reporting), 0) AS expected_reporting,
  coalesce(any_value(reporting.expected_reporting), 0) * 100.0
    / nullif(any_value(expected.organisations_expected), 0) AS coverage_pct,
  any_value(reporting.staff_covered) AS staff_covered
FROM months
CROSS JOIN sources
CROSS JOIN areas
LEFT JOIN expected USING (level, code)
LEFT JOIN reporting
  ON reporting.month_end = months.month_end AND reporting.source = sources.source
  AND reporting.level = areas.level AND reporting.code = areas.code
GROUP BY months.month_end, areas.level, areas.code, sources.source
ORDER BY month_end, level, code, source
