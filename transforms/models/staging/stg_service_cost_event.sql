-- description: Every OH service cost line event (ohwb.service.cost) as typed columns, one row per landed event,
--   including re-sent versions. fct_service_cost picks the latest version from here; an incremental build only
--   appends the new events.
-- reads: raw_ohwb_service_cost
-- incremental: append
-- column: event_id | id | landed event id
-- column: cost_id | id | cost line id
-- column: occurred_at | timestamp | when the change happened at source
-- column: ingested_at | timestamp | when ingest committed the event
-- column: org_code | ODS code | OH service organisation (payload service_ods)
-- column: period_start | date | first day the cost pays for
-- column: period_end | date | last day the cost pays for
-- column: cost_gbp | GBP | cost of the line
-- column: cost_type | code | kind of cost
-- column: intervention_service | code | intervention service the cost belongs to, or 'core'
SELECT
  event_id,
  payload ->> 'cost_id' AS cost_id,
  occurred_at,
  ingested_at,
  payload ->> 'service_ods' AS org_code,
  CAST(payload ->> 'period_start' AS DATE) AS period_start,
  CAST(payload ->> 'period_end' AS DATE) AS period_end,
  CAST(payload ->> 'cost_gbp' AS DOUBLE) AS cost_gbp,
  payload ->> 'cost_type' AS cost_type,
  coalesce(payload ->> 'intervention_service', 'core') AS intervention_service
FROM raw_ohwb_service_cost
