-- description: ESR sickness absence reasons (level 1), codes S10-S32, S98 and S99 with their exact ESR
--   labels (domain notes section 2; NHS England RAP code reason_and_staff.py).
-- column: reason_code | code | ESR reason code, e.g. S10
-- column: reason_label | text | ESR label without the code
-- column: reason_full_label | text | code and label as ESR prints them, e.g. 'S10 Anxiety/stress/...'
-- test: unique reason_code
-- test: not_null reason_code
SELECT reason_code, reason_label, reason_code || ' ' || reason_label AS reason_full_label
FROM (VALUES
  ('S10', 'Anxiety/stress/depression/other psychiatric illnesses'),
  ('S11', 'Back Problems'),
  ('S12', 'Other musculoskeletal problems'),
  ('S13', 'Cold Cough Flu - Influenza'),
  ('S14', 'Asthma'),
  ('S15', 'Chest & respiratory problems'),
  ('S16', 'Headache / migraine'),
  ('S17', 'Benign and malignant tumours cancers'),
  ('S18', 'Blood disorders'),
  ('S19', 'Heart cardiac & circulatory problems'),
  ('S20', 'Burns poisoning frostbite hypothermia'),
  ('S21', 'Ear nose throat (ENT)'),
  ('S22', 'Dental and oral problems'),
  ('S23', 'Eye problems'),
  ('S24', 'Endocrine / glandular problems'),
  ('S25', 'Gastrointestinal problems'),
  ('S26', 'Genitourinary & gynaecological disorders'),
  ('S27', 'Infectious diseases'),
  ('S28', 'Injury fracture'),
  ('S29', 'Nervous system disorders'),
  ('S30', 'Pregnancy related disorders'),
  ('S31', 'Skin disorders'),
  ('S32', 'Substance abuse'),
  ('S98', 'Other known causes - not elsewhere classified'),
  ('S99', 'Unknown causes / Not specified')
) AS reason(reason_code, reason_label)
