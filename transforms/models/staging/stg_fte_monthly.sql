-- description: FTE days available per organisation, staff group and month from workforce.fte.monthly
--   (ESR "Wte Days Available": contracted FTE × calendar days). When the same organisation, staff group
--   and month arrives more than once, the latest event wins (occurred_at, then ingested_at, then event_id).
-- depends: seed_staff_group_alias
-- reads: raw_workforce_fte_monthly
-- column: month_end | date | last day of the month
-- column: org_code | ODS code | organisation the row describes (payload reporting_org_code)
-- column: staff_group | text | canonical staff group, or 'All staff groups' when a source sends the total
-- column: fte_days_available | FTE days | calendar FTE days available in the month
-- column: average_fte | FTE | average contracted whole-time equivalent in the month
-- column: headcount | people | staff in post at month end; null when not supplied
-- test: unique month_end, org_code, staff_group
-- test: not_null org_code, staff_group
-- test: relationship staff_group -> dim_staff_group.staff_group
WITH fields AS (
  SELECT
    last_day(TRY_CAST(payload ->> 'month_end' AS DATE)) AS month_end,
    payload ->> 'reporting_org_code' AS org_code,
    payload ->> 'staff_group' AS staff_group_label,
    TRY_CAST(payload ->> 'fte_days_available' AS DOUBLE) AS fte_days_available,
    TRY_CAST(payload ->> 'average_fte' AS DOUBLE) AS average_fte,
    TRY_CAST(payload ->> 'headcount' AS BIGINT) AS headcount,
    occurred_at,
    ingested_at,
    event_id
  FROM raw_workforce_fte_monthly
),
canonical AS (
  SELECT fields.*, coalesce(alias.staff_group, trim(fields.staff_group_label)) AS staff_group
  FROM fields
  LEFT JOIN seed_staff_group_alias AS alias ON alias.alias_key = lower(trim(fields.staff_group_label))
)
SELECT month_end, org_code, staff_group, fte_days_available, average_fte, headcount
FROM canonical
WHERE month_end IS NOT NULL
QUALIFY latest_version((month_end, org_code, staff_group), occurred_at, ingested_at, event_id)
ORDER BY month_end, org_code, staff_group
