-- description: NHS England's published sickness absence benchmarking rows (workforce.absence.monthly, one
--   event per CSV row), latest per organisation, staff group and month. Suppressed rows (FTE days
--   available ≤ 330, blanked by the publisher) keep null measures; they are never zero.
-- depends: seed_staff_group_alias
-- reads: raw_workforce_absence_monthly
-- column: month_end | date | last day of the month
-- column: region_code | code | NHS England region (Y56-Y63, QZZ)
-- column: region_name | text | region name as published that month
-- column: ics_code | code | ICB code as published that month
-- column: ics_name | text | ICB name as published that month
-- column: org_code | ODS code | organisation the row describes (payload reporting_org_code)
-- column: org_name | text | organisation name as published
-- column: cluster_group | text | organisation type (Acute, Ambulance, …)
-- column: benchmark_group | text | NHS England benchmark group
-- column: staff_group | text | canonical staff group
-- column: staff_group_label | text | staff-group label exactly as published
-- column: fte_days_lost | FTE days | published FTE_DAYS_LOST; null when suppressed
-- column: fte_days_available | FTE days | published FTE_DAYS_AVAILABLE; null when suppressed
-- column: published_rate | percent | published SICKNESS_ABSENCE_RATE_PERCENT; null when suppressed
-- column: is_suppressed | boolean | the publisher blanked the measures
-- test: unique month_end, org_code, staff_group
-- test: not_null org_code, staff_group
-- test: relationship staff_group -> dim_staff_group.staff_group
WITH fields AS (
  SELECT
    last_day(TRY_CAST(payload ->> 'month_end' AS DATE)) AS month_end,
    payload ->> 'region_code' AS region_code,
    payload ->> 'region_name' AS region_name,
    payload ->> 'ics_code' AS ics_code,
    payload ->> 'ics_name' AS ics_name,
    payload ->> 'reporting_org_code' AS org_code,
    payload ->> 'org_name' AS org_name,
    payload ->> 'cluster_group' AS cluster_group,
    payload ->> 'benchmark_group' AS benchmark_group,
    payload ->> 'staff_group' AS staff_group_label,
    TRY_CAST(payload ->> 'fte_days_lost' AS DOUBLE) AS fte_days_lost,
    TRY_CAST(payload ->> 'fte_days_available' AS DOUBLE) AS fte_days_available,
    TRY_CAST(payload ->> 'published_rate_pct' AS DOUBLE) AS published_rate,
    TRY_CAST(payload ->> 'is_suppressed' AS BOOLEAN) AS is_suppressed_flag,
    occurred_at,
    ingested_at,
    event_id
  FROM raw_workforce_absence_monthly
)
SELECT
  fields.month_end,
  fields.region_code,
  fields.region_name,
  fields.ics_code,
  fields.ics_name,
  fields.org_code,
  fields.org_name,
  fields.cluster_group,
  fields.benchmark_group,
  coalesce(alias.staff_group, trim(fields.staff_group_label)) AS staff_group,
  fields.staff_group_label,
  fields.fte_days_lost,
  fields.fte_days_available,
  fields.published_rate,
  -- a row without a denominator is suppressed whatever the flag says
  coalesce(fields.is_suppressed_flag, false) OR fields.fte_days_available IS NULL AS is_suppressed
FROM fields
LEFT JOIN seed_staff_group_alias AS alias ON alias.alias_key = lower(trim(fields.staff_group_label))
WHERE fields.month_end IS NOT NULL
QUALIFY latest_version(
  (fields.month_end, fields.org_code, coalesce(alias.staff_group, trim(fields.staff_group_label))),
  fields.occurred_at, fields.ingested_at, fields.event_id
)
ORDER BY month_end, org_code, staff_group
