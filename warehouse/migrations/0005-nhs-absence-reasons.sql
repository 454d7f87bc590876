-- NHS England's published national sickness absence by reason (reference/nhs-sickness-absence/reasons,
-- `ohwb import nhs-reasons`, warehouse/nhs-reasons-import.ts): FTE days lost by month, staff group and
-- reason. Published figures carry no staff identifiers. A month re-published in a later file replaces
-- the earlier figures (the later file's name is kept in source_file).
CREATE TABLE IF NOT EXISTS ref_nhs_absence_reason (
  month_end      DATE NOT NULL,
  staff_group    VARCHAR NOT NULL,
  reason_code    VARCHAR NOT NULL,
  reason_label   VARCHAR NOT NULL,
  fte_days_lost  DOUBLE NOT NULL,
  source_file    VARCHAR NOT NULL,
  imported_at    TIMESTAMPTZ NOT NULL DEFAULT current_timestamp,
  PRIMARY KEY (month_end, staff_group, reason_code)
);
