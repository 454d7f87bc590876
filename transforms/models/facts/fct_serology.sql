-- description: One row per laboratory serology result (latest version per result_id).
-- depends: stg_serology_event
-- incremental: key result_id
-- column: result_id | id | laboratory result id
-- column: org_code | ODS code | employing organisation
-- column: staff_id | pseudonym | pseudonymised staff identifier
-- column: antigen | code | hep_b_surface_antibody, varicella_igg, …
-- column: result | code | immune, responder, non_responder, …
-- column: titre_miu_ml | mIU/mL | quantitative titre where reported
-- column: resulted_at | timestamp | when the result was reported
-- test: unique result_id
-- test: not_null result_id
SELECT result_id, org_code, staff_id, antigen, result, titre_miu_ml, resulted_at
FROM stg_serology_event
QUALIFY latest_version(result_id, occurred_at, ingested_at, event_id)
ORDER BY result_id
