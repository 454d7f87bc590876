-- Keeps the outcome of every data test run by `ohwb check`, one row per test,
-- so a failing check can be traced after the fact.
CREATE TABLE IF NOT EXISTS data_test_results (
  checked_at    TIMESTAMPTZ NOT NULL,
  test_name     VARCHAR NOT NULL,
  passed        BOOLEAN NOT NULL,
  failing_rows  BIGINT NOT NULL
);
