-- description: OH service cost by service organisation and month. Each cost line (latest version per
--   cost_id: re-sent lines replace earlier ones) is spread evenly over the calendar days of its period and
--   summed per month, so a quarterly or annual invoice lands in the months it pays for.
-- depends: stg_service_cost_event, dim_date
-- column: month_end | date | last day of the month
-- column: org_code | ODS code | OH service organisation (payload service_ods)
-- column: cost_type | code | kind of cost
-- column: intervention_service | code | intervention the cost belongs to; 'core' for core OH costs
-- column: cost_gbp | GBP | cost allocated to the month
-- test: unique month_end, org_code, cost_type, intervention_service
-- test: not_null month_end, org_code, cost_type, intervention_service
-- test: relationship intervention_service -> dim_service.service where intervention_service <> 'core'
WITH lines AS (
  SELECT * FROM stg_service_cost_event
  QUALIFY latest_version(cost_id, occurred_at, ingested_at, event_id)
)
SELECT
  day.month_end,
  lines.org_code,
  lines.cost_type,
  lines.intervention_service,
  sum(lines.cost_gbp / (lines.period_end - lines.period_start + 1)) AS cost_gbp
FROM lines
JOIN dim_date AS day ON day.date BETWEEN lines.period_start AND lines.period_end
GROUP BY day.month_end, lines.org_code, lines.cost_type, lines.intervention_service
ORDER BY month_end, org_code, cost_type, intervention_service
