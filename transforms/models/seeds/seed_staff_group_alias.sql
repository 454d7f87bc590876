-- description: Every staff-group label seen in NHS England publications and ESR feeds, mapped to its
--   canonical label (NHS Sickness Absence Rates major staff groups, domain notes section 2). Labels change
--   case and wording between publications, so matching is on lower(trim(label)); DISTINCT keeps one
--   row per alias_key, since labels listed in two casings would otherwise fan out every join.
--   Kept in step with contracts/enumerations.ts by tests/transforms/staff-group-seed.test.ts.
-- column: alias_key | text | lower-cased, trimmed label as it may arrive
-- column: staff_group | text | canonical staff-group label
-- test: unique alias_key
-- test: not_null alias_key
SELECT DISTINCT lower(trim(alias)) AS alias_key, staff_group
FROM (VALUES
  ('All staff groups', 'All staff groups'),
  ('HCHS doctors', 'HCHS doctors'),
  ('HCHS Doctors', 'HCHS doctors'),
  ('Nurses & health visitors', 'Nurses & health visitors'),
  ('Nurses and health visitors', 'Nurses & health visitors'),
  ('Midwives', 'Midwives'),
  ('Ambulance staff', 'Ambulance staff'),
  ('Scientific, therapeutic & technical staff', 'Scientific, therapeutic & technical staff'),
  ('Scientific, therapeutic and technical staff', 'Scientific, therapeutic & technical staff'),
  ('Support to doctors, nurses & midwives', 'Support to doctors, nurses & midwives'),
  ('Support to doctors, nurses and midwives', 'Support to doctors, nurses & midwives'),
  ('Support to ambulance staff', 'Support to ambulance staff'),
  ('Support to ST&T staff', 'Support to ST&T staff'),
  ('Central functions', 'Central functions'),
  ('Hotel, property & estates', 'Hotel, property & estates'),
  ('Hotel, property and estates', 'Hotel, property & estates'),
  ('Senior managers', 'Senior managers'),
  ('Managers', 'Managers'),
  ('Unknown classification', 'Unknown classification'),
  ('Other staff or those with unknown classification', 'Unknown classification')
) AS staff_group_alias(alias, staff_group)
