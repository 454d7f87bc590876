-- description: The value model's assumptions as one row (config/value-model.json, or the file named by
--   OHWB_VALUE_MODEL, validated by transforms/value-model-config.ts): default annual employment cost per
--   FTE, the baseline kind and pre-period, the ROI sensitivity factors (1 when not configured), and the
--   whole configuration as JSON so value marts can carry it.
-- column: default_cost_per_fte_gbp | GBP per FTE-year | annual employment cost for staff groups without their own figure
-- column: cost_source | text | where the cost figures come from
-- column: baseline_kind | code | 'pre_period', 'before_first_cost' or 'benchmark_peer'
-- column: pre_period_start | date | first day of the baseline pre-period (pre_period only)
-- column: pre_period_end | date | last day of the baseline pre-period (pre_period only)
-- column: baseline_months | months | months before the first service cost that make the baseline (before_first_cost only)
-- column: baseline_source | text | how the baseline is defined
-- column: cost_factor_low | ratio | multiplier on the cost per FTE, low sensitivity case
-- column: cost_factor_central | ratio | multiplier on the cost per FTE, central case
-- column: cost_factor_high | ratio | multiplier on the cost per FTE, high sensitivity case
-- column: attributed_share_low | ratio | share of the change in absence attributed to OH, low case
-- column: attributed_share_central | ratio | share attributed to OH, central case
-- column: attributed_share_high | ratio | share attributed to OH, high case
-- column: assumptions_json | JSON | the full value-model configuration used
WITH config AS (SELECT {{value_model_json}} AS assumptions)
SELECT
  CAST(assumptions -> 'annual_cost_per_fte_gbp' ->> 'default' AS DOUBLE) AS default_cost_per_fte_gbp,
  assumptions -> 'annual_cost_per_fte_gbp' ->> 'source' AS cost_source,
  assumptions -> 'baseline' ->> 'kind' AS baseline_kind,
  TRY_CAST(assumptions -> 'baseline' ->> 'pre_period_start' AS DATE) AS pre_period_start,
  TRY_CAST(assumptions -> 'baseline' ->> 'pre_period_end' AS DATE) AS pre_period_end,
  TRY_CAST(assumptions -> 'baseline' ->> 'months' AS INTEGER) AS baseline_months,
  assumptions -> 'baseline' ->> 'source' AS baseline_source,
  coalesce(TRY_CAST(assumptions -> 'sensitivity' -> 'cost_per_fte_factor' ->> 'low' AS DOUBLE), 1) AS cost_factor_low,
  coalesce(TRY_CAST(assumptions -> 'sensitivity' -> 'cost_per_fte_factor' ->> 'central' AS DOUBLE), 1) AS cost_factor_central,
  coalesce(TRY_CAST(assumptions -> 'sensitivity' -> 'cost_per_fte_factor' ->> 'high' AS DOUBLE), 1) AS cost_factor_high,
  coalesce(TRY_CAST(assumptions -> 'sensitivity' -> 'attributed_share' ->> 'low' AS DOUBLE), 1) AS attributed_share_low,
  coalesce(TRY_CAST(assumptions -> 'sensitivity' -> 'attributed_share' ->> 'central' AS DOUBLE), 1) AS attributed_share_central,
  coalesce(TRY_CAST(assumptions -> 'sensitivity' -> 'attributed_share' ->> 'high' AS DOUBLE), 1) AS attributed_share_high,
  assumptions AS assumptions_json
FROM config
