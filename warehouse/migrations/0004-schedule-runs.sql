-- The run ledger of `ohwb schedule` (dashboards/schedule/run-ledger.ts). One row per unit of
-- scheduled work — a refresh (ingest until idle → incremental transform → data tests → analyst
-- snapshot) or one evidence pack (a scope × quarter) — and one row per cron tick that was not run
-- because the job's previous run was still going ('skipped': started_at and finished_at are NULL).
-- 'running' marks a run in progress; a process killed mid-run leaves it, and the next start turns
-- it into 'failed' ("interrupted"). Catch-up reads this table: a pack counts as published only
-- with a 'succeeded' row here AND its manifest.json on disk.
CREATE SEQUENCE IF NOT EXISTS schedule_run_ids START 1;
CREATE TABLE IF NOT EXISTS schedule_runs (
  run_id             BIGINT PRIMARY KEY DEFAULT nextval('schedule_run_ids'),
  job                VARCHAR NOT NULL,
  triggered_by       VARCHAR NOT NULL CHECK (triggered_by IN ('schedule', 'catch-up', 'once')),
  scheduled_for      TIMESTAMPTZ NOT NULL,
  started_at         TIMESTAMPTZ,
  finished_at        TIMESTAMPTZ,
  status             VARCHAR NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'skipped')),
  detail             VARCHAR,
  error              VARCHAR,
  -- refresh outputs
  events_loaded      BIGINT,
  dead_letters       BIGINT,
  transform_mode     VARCHAR,
  models_built       INTEGER,
  data_tests_passed  INTEGER,
  data_tests_failed  INTEGER,
  -- pack outputs
  scope              VARCHAR,
  quarter            VARCHAR,
  pack_dir           VARCHAR,
  recorded_at        TIMESTAMPTZ NOT NULL DEFAULT current_timestamp
);
