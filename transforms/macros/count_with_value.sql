-- description: For a median from counts (see median_from_counts): the count of rows with a VALUE in GROUP
--   (a row value of the group's columns), as a window over the counted rows.
CREATE OR REPLACE TEMP MACRO count_with_value(n, value, grp) AS
  sum(n) FILTER (WHERE value IS NOT NULL) OVER (PARTITION BY grp)
