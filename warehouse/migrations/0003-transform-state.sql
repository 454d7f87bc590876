-- High-water marks for incremental transforms: per landing table, the latest
-- ingested_at already folded into the models, and the settings (as-of date,
-- value-model hash) the models were built with. A change of settings forces a
-- full rebuild. Owned by transforms/incremental-transforms.ts.
CREATE TABLE IF NOT EXISTS transform_state (
  raw_table               VARCHAR PRIMARY KEY,
  high_water_ingested_at  TIMESTAMPTZ,
  as_of                   DATE NOT NULL,
  settings_hash           VARCHAR NOT NULL,
  updated_at              TIMESTAMPTZ NOT NULL
);
