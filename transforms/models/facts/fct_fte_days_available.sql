-- description: FTE days available by organisation, staff group and month (calendar days × contracted FTE,
--   weekends included). An 'All staff groups' FTE row, if a source sends one, is left out here because the
--   marts build that total from the staff groups themselves.
-- depends: stg_fte_monthly
-- incremental: compare
-- column: month_end | date | last day of the month
-- column: org_code | ODS code | organisation
-- column: staff_group | text | canonical staff group
-- column: fte_days_available | FTE days | calendar FTE days available in the month
-- test: unique month_end, org_code, staff_group
-- test: not_null month_end, org_code, staff_group
-- test: relationship org_code -> dim_organisation.org_code
SELECT month_end, org_code, staff_group, fte_days_available
FROM stg_fte_monthly
WHERE staff_group <> 'All staff groups' AND fte_days_available IS NOT NULL
ORDER BY month_end, org_code, staff_group
