-- description: Vaccines that OH immunisation events record (the contracts' vaccine enumeration, kept in
--   step by tests/transforms/reference-seeds.test.ts). Frontline flu uptake (domain notes section 8)
--   counts influenza only.
-- column: vaccine | code | vaccine code as the events carry it (fct_immunisation.vaccine)
-- column: vaccine_label | text | display label
SELECT vaccine, vaccine_label
FROM (VALUES
  ('influenza', 'Influenza'),
  ('covid19', 'COVID-19'),
  ('hep_b', 'Hepatitis B'),
  ('mmr', 'MMR'),
  ('varicella', 'Varicella'),
  ('bcg', 'BCG'),
  ('td_ipv', 'Td/IPV'),
  ('hep_a', 'Hepatitis A'),
  ('other', 'Other')
) AS vaccine(vaccine, vaccine_label)
ORDER BY vaccine
