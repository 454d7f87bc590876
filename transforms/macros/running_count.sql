-- description: For a median from counts (see median_from_counts): the count of rows with a VALUE up to and
--   including this one within GROUP (a row value of the group's columns), rows without a value left out.
--   `running_count(n, working_days, (period_kind, period_end, code))`.
CREATE OR REPLACE TEMP MACRO running_count(n, value, grp) AS
  sum(n) FILTER (WHERE value IS NOT NULL) OVER (PARTITION BY grp ORDER BY value ROWS UNBOUNDED PRECEDING)
