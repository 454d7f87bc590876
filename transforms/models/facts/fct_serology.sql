-- description: One row per laboratory serology result (latest version per result_id).
-- reads: raw_ohwb_serology_resulted
-- incremental: key result_id
-- column: result_id | id | laboratory result id
-- column: org_code | ODS code | employing organisation
-- column: staff_id | pseudonym | pseudonymised staff identifier
-- column: antigen | code | hep_b_surface_antibody, varicella_igg, …
-- column: result | code | immune, responder, non_responder, …
-- column: titre_miu_ml | mIU/mL | quantitative titre where reported
-- column: resulted_at | timestamp | when the result was reported
SELECT
  payload ->> 'result_id' AS result_id,
  payload ->> 'employer_ods' AS org_code,
  payload ->> 'staff_id' AS staff_id,
  payload ->> 'antigen' AS antigen,
  payload ->> 'result' AS result,
  TRY_CAST(payload ->> 'titre_miu_ml' AS DOUBLE) AS titre_miu_ml,
  CAST(payload ->> 'resulted_at' AS TIMESTAMPTZ) AS resulted_at
FROM raw_ohwb_serology_resulted
QUALIFY row_number() OVER (
  PARTITION BY payload ->> 'result_id' ORDER BY occurred_at DESC, ingested_at DESC, event_id DESC
) = 1
ORDER BY result_id
