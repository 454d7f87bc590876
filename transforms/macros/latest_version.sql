-- description: The tie-break that keeps an entity's latest state among its re-sent events: true on the one
--   row per ENTITY with the latest occurred_at, then ingested_at, then event_id, so equal timestamps still
--   pick one row, the same one in every build. In a QUALIFY clause:
--   `QUALIFY latest_version(referral_id, occurred_at, ingested_at, event_id)`; several key columns go in as
--   one row value, `latest_version((month_end, org_code), occurred_at, ingested_at, event_id)`.
CREATE OR REPLACE TEMP MACRO latest_version(entity, occurred_at, ingested_at, event_id) AS
  row_number() OVER (PARTITION BY entity ORDER BY occurred_at DESC, ingested_at DESC, event_id DESC) = 1
