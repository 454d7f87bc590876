-- description: The latest month in the marts is within {{freshness_months}} months of the as-of date
--   (`ohwb check --freshness-months N`, default 3; as-of defaults to the last transform's). An empty
--   warehouse fails too: nothing loaded is not fresh.
-- depends: mart_absence_rate, mart_absence_benchmark
WITH latest AS (
  SELECT max(month_end) AS latest_month_end
  FROM (SELECT month_end FROM mart_absence_rate UNION ALL SELECT month_end FROM mart_absence_benchmark)
)
SELECT latest_month_end, {{as_of}} AS as_of, {{freshness_months}} AS allowed_months
FROM latest
WHERE latest_month_end IS NULL
   OR latest_month_end < last_day({{as_of}} - to_months({{freshness_months}}))
