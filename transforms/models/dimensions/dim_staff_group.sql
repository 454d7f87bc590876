-- description: Canonical staff groups (NHS Sickness Absence Rates major staff groups) plus the
--   'All staff groups' total used by the marts.
-- depends: seed_staff_group_alias
-- column: staff_group | text | canonical staff-group label
-- column: is_total | boolean | true only for 'All staff groups'
-- column: alias_count | count | how many published or ESR labels map to it
-- test: unique staff_group
-- test: not_null staff_group
SELECT
  staff_group,
  staff_group = 'All staff groups' AS is_total,
  count(*) AS alias_count
FROM seed_staff_group_alias
GROUP BY staff_group
ORDER BY is_total DESC, staff_group
