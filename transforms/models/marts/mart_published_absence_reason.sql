-- description: NHS England's published national sickness absence by reason (ref_nhs_absence_reason,
--   loaded by `ohwb import nhs-reasons` from the CSVs in reference/nhs-sickness-absence/reasons): FTE days
--   lost by month, staff group and reason, and each reason's share of all reasons that month and staff
--   group. England only (the publication is national); shown beside the reasons from the warehouse's own
--   ESR events, which cover only the organisations that send them. The table is reference data, not a
--   landing table: after importing new files, rebuild with `ohwb transform --full`.
-- column: month_end | date | last day of the month
-- column: staff_group | text | canonical staff group, or 'All staff groups'
-- column: reason_code | code | ESR reason code (S10–S99)
-- column: reason_label | text | reason label as published
-- column: fte_days_lost | FTE days | published FTE days lost for the reason
-- column: fte_days_lost_all_reasons | FTE days | Σ over the month's reasons for the staff group
-- column: reason_share_pct | percent | round(fte_days_lost ÷ fte_days_lost_all_reasons × 100, 2)
-- column: source_file | text | the published file the month's figures come from
-- test: unique month_end, staff_group, reason_code
-- test: not_null month_end, staff_group, reason_code
SELECT
  month_end, staff_group, reason_code, reason_label, fte_days_lost,
  sum(fte_days_lost) OVER (PARTITION BY month_end, staff_group) AS fte_days_lost_all_reasons,
  round(fte_days_lost / nullif(sum(fte_days_lost) OVER (PARTITION BY month_end, staff_group), 0) * 100, 2)
    AS reason_share_pct,
  source_file
FROM ref_nhs_absence_reason
ORDER BY month_end, staff_group, reason_code
