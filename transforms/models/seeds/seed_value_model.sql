-- description: The value model's assumptions as one row (config/value-model.json, or the file named by
--   OHWB_VALUE_MODEL, validated by transforms/value-model-config.ts): default annual employment cost per
--   FTE, the baseline kind and pre-period, and the whole configuration as JSON so value marts can carry it.
-- column: default_cost_per_fte_gbp | GBP per FTE-year | annual employment cost for staff groups without their own figure
-- column: cost_source | text | where the cost figures come from
-- column: baseline_kind | code | 'pre_period' or 'benchmark_peer'
-- column: pre_period_start | date | first day of the baseline pre-period (pre_period only)
-- column: pre_period_end | date | last day of the baseline pre-period (pre_period only)
-- column: baseline_source | text | how the baseline is defined
-- column: assumptions_json | JSON | the full value-model configuration used
WITH config AS (SELECT {{value_model_json}} AS assumptions)
SELECT
  CAST(assumptions -> 'annual_cost_per_fte_gbp' ->> 'default' AS DOUBLE) AS default_cost_per_fte_gbp,
  assumptions -> 'annual_cost_per_fte_gbp' ->> 'source' AS cost_source,
  assumptions -> 'baseline' ->> 'kind' AS baseline_kind,
  TRY_CAST(assumptions -> 'baseline' ->> 'pre_period_start' AS DATE) AS pre_period_start,
  TRY_CAST(assumptions -> 'baseline' ->> 'pre_period_end' AS DATE) AS pre_period_end,
  assumptions -> 'baseline' ->> 'source' AS baseline_source,
  assumptions AS assumptions_json
FROM config
