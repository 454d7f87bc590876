-- description: 'All staff groups' equals the sum of the staff-group rows (FTE days lost and available,
--   tolerance 0.01 FTE days for float sums). Benchmark: for organisation-months where no row is
--   suppressed (the publisher's total includes suppressed cells, so only complete ones can be checked).
--   Own-episode mart: every row at every level.
-- depends: mart_absence_benchmark, mart_absence_rate
WITH benchmark_complete AS (
  SELECT month_end, code
  FROM mart_absence_benchmark
  WHERE level = 'organisation'
  GROUP BY month_end, code
  HAVING NOT bool_or(suppressed)
),
benchmark_compared AS (
  SELECT
    'mart_absence_benchmark' AS model, b.month_end, b.level, b.code,
    sum(b.fte_days_lost) FILTER (WHERE b.staff_group = 'All staff groups') AS total_lost,
    sum(b.fte_days_lost) FILTER (WHERE b.staff_group <> 'All staff groups') AS groups_lost,
    sum(b.fte_days_available) FILTER (WHERE b.staff_group = 'All staff groups') AS total_available,
    sum(b.fte_days_available) FILTER (WHERE b.staff_group <> 'All staff groups') AS groups_available
  FROM mart_absence_benchmark AS b
  JOIN benchmark_complete USING (month_end, code)
  WHERE b.level = 'organisation'
  GROUP BY b.month_end, b.level, b.code
),
rate_compared AS (
  SELECT
    'mart_absence_rate' AS model, month_end, level, code,
    sum(fte_days_lost) FILTER (WHERE staff_group = 'All staff groups'),
    sum(fte_days_lost) FILTER (WHERE staff_group <> 'All staff groups'),
    sum(fte_days_available) FILTER (WHERE staff_group = 'All staff groups'),
    sum(fte_days_available) FILTER (WHERE staff_group <> 'All staff groups')
  FROM mart_absence_rate
  GROUP BY month_end, level, code
)
SELECT * FROM (SELECT * FROM benchmark_compared UNION ALL SELECT * FROM rate_compared)
WHERE abs(coalesce(total_lost, 0) - coalesce(groups_lost, 0)) > 0.01
   OR abs(coalesce(total_available, 0) - coalesce(groups_available, 0)) > 0.01
