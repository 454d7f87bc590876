-- description: The median of values kept as counts (value, n): the mean of the values at the middle
--   position(s) of the running count, which is what median() returns over the rows themselves
--   (tests/transforms/medians-from-counts.test.ts). An aggregate over rows carrying UP_TO
--   (running_count) and TOTAL (count_with_value); null when no row has a value.
CREATE OR REPLACE TEMP MACRO median_from_counts(value, up_to, total) AS
  (min(value) FILTER (WHERE up_to >= (total + 1) // 2) + min(value) FILTER (WHERE up_to >= total // 2 + 1)) / 2
