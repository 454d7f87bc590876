-- description: OH intervention services (the contracts' intervention service enumeration, kept in step by
--   tests/transforms/reference-seeds.test.ts): where intervention episodes happen and service costs
--   are attributed.
-- column: service | code | service code as the events carry it (fct_intervention_episode.service)
-- column: service_label | text | display label
SELECT service, service_label
FROM (VALUES
  ('msk_physio', 'MSK physiotherapy'),
  ('psychology', 'Psychology'),
  ('counselling_eap', 'Counselling / EAP'),
  ('other', 'Other')
) AS service(service, service_label)
ORDER BY service
