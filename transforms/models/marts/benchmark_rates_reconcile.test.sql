-- description: The benchmark mart reproduces NHS England's arithmetic: every unsuppressed organisation
--   row's published rate equals round(lost ÷ available × 100, 2) (±0.01 for float rounding at the half),
--   and every ICB, region and England row equals the sum over its unsuppressed organisation rows (QZZ, neither
--   a region nor an ICB, in England's only).
-- depends: mart_absence_benchmark, stg_absence_published
WITH organisation_rows AS (
  SELECT month_end, code, staff_group, fte_days_lost, fte_days_available, rate_pct
  FROM mart_absence_benchmark
  WHERE level = 'organisation' AND NOT suppressed
),
published_sums AS (
  SELECT month_end, 'ics' AS level, ics_code AS code, staff_group, sum(fte_days_lost) AS lost, sum(fte_days_available) AS available
  FROM stg_absence_published WHERE NOT is_suppressed AND ics_code IS NOT NULL AND ics_code <> 'QZZ' GROUP BY ALL
  UNION ALL
  SELECT month_end, 'region', region_code, staff_group, sum(fte_days_lost), sum(fte_days_available)
  FROM stg_absence_published WHERE NOT is_suppressed AND region_code IS NOT NULL AND region_code <> 'QZZ' GROUP BY ALL
  UNION ALL
  SELECT month_end, 'england', 'ENG', staff_group, sum(fte_days_lost), sum(fte_days_available)
  FROM stg_absence_published WHERE NOT is_suppressed GROUP BY ALL
)
SELECT 'organisation rate differs from its own days' AS problem, month_end, code, staff_group, rate_pct AS mart_value,
  round(fte_days_lost / fte_days_available * 100, 2) AS expected
FROM organisation_rows
WHERE abs(rate_pct - round(fte_days_lost / fte_days_available * 100, 2)) > 0.0100001
UNION ALL
SELECT 'higher level differs from Σ organisations', mart.month_end, mart.code, mart.staff_group, mart.fte_days_lost,
  sums.lost
FROM mart_absence_benchmark AS mart
FULL OUTER JOIN published_sums AS sums USING (month_end, level, code, staff_group)
WHERE coalesce(mart.level, sums.level) <> 'organisation'
  AND (abs(coalesce(mart.fte_days_lost, 0) - coalesce(sums.lost, 0)) > 0.01
    OR abs(coalesce(mart.fte_days_available, 0) - coalesce(sums.available, 0)) > 0.01)
