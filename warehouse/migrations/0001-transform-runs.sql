-- Records each `ohwb transform` run, so `ohwb check` can default to the as-of
-- date the marts were last built for (freshness is judged against it).
CREATE TABLE IF NOT EXISTS transform_runs (
  run_id        BIGINT PRIMARY KEY,
  started_at    TIMESTAMPTZ NOT NULL,
  finished_at   TIMESTAMPTZ,
  as_of         DATE NOT NULL,
  full_refresh  BOOLEAN NOT NULL,
  models_built  INTEGER
);
