-- description: Annual employment cost per FTE by staff group from the value model (config/value-model.json):
--   every canonical staff group gets its own figure or, without one, the configured default.
-- depends: seed_value_model, dim_staff_group
-- column: staff_group | text | canonical staff group
-- column: annual_cost_per_fte_gbp | GBP per FTE-year | annual employment cost per FTE
-- column: is_default | boolean | the default figure was used for this staff group
-- column: cost_per_calendar_fte_day_gbp | GBP per FTE day | annual cost ÷ 365
WITH configured AS (
  SELECT entry.key AS staff_group, entry.value AS annual_cost_per_fte_gbp
  FROM seed_value_model,
    unnest(map_entries(CAST(assumptions_json -> 'annual_cost_per_fte_gbp' -> 'by_staff_group' AS MAP(VARCHAR, DOUBLE))))
      AS entries(entry)
)
SELECT
  groups.staff_group,
  coalesce(configured.annual_cost_per_fte_gbp, model.default_cost_per_fte_gbp) AS annual_cost_per_fte_gbp,
  configured.annual_cost_per_fte_gbp IS NULL AS is_default,
  coalesce(configured.annual_cost_per_fte_gbp, model.default_cost_per_fte_gbp) / 365 AS cost_per_calendar_fte_day_gbp
FROM dim_staff_group AS groups
CROSS JOIN seed_value_model AS model
LEFT JOIN configured USING (staff_group)
WHERE NOT groups.is_total
ORDER BY groups.staff_group
