-- description: Hepatitis B response confirmed, by month, quarter and rolling 12 months the primary course was completed, at
--   organisation, ICB, region and England level: completed courses (a hep_b administration flagged
--   course_complete) followed by an anti-HBs serology result (hep_b_surface_antibody, any result) for the
--   same pseudonymised staff member at or after the completing dose ÷ completed courses.
-- depends: fct_immunisation, fct_serology, dim_reporting_period, dim_organisation_level
-- column: period_kind | text | 'month', 'quarter' or 'rolling12' (dim_reporting_period)
-- column: period_end | date | last day of the month, the quarter, or the last month of the 12-month window
-- column: level | text | 'england', 'region', 'ics' or 'organisation'
-- column: code | code | ODS code, ICB code, region code or 'ENG'
-- column: name | text | name of the organisation, ICB, region, or 'England'
-- column: completed_courses | count | hepatitis B courses completed in the period (the denominator)
-- column: courses_with_serology | count | of those, with a later anti-HBs result (the numerator)
-- column: response_confirmed_pct | percent | round(numerator ÷ denominator × 100, 2)
-- column: responders | count | of those with serology, the latest result is responder or immune
-- test: unique period_kind, period_end, level, code
-- test: not_null period_kind, period_end, level, code, name
-- test: accepted_values level in england, region, ics, organisation
-- test: expect (code = 'ENG') = (level = 'england')
WITH completed AS (
  SELECT
    course.immunisation_id, course.org_code, course.administered_date,
    count(serology.result_id) > 0 AS has_serology,
    arg_max(serology.result, (serology.resulted_at, serology.result_id)) AS latest_result
  FROM fct_immunisation AS course
  LEFT JOIN fct_serology AS serology
    ON serology.staff_id = course.staff_id
    AND serology.antigen = 'hep_b_surface_antibody'
    AND serology.resulted_at >= course.administered_at
  WHERE course.vaccine = 'hep_b' AND course.course_complete
  GROUP BY course.immunisation_id, course.org_code, course.administered_date
)
SELECT
  period.period_kind, period.period_end, org.level, org.code, any_value(org.name) AS name,
  count(*) AS completed_courses,
  count(*) FILTER (WHERE completed.has_serology) AS courses_with_serology,
  round(count(*) FILTER (WHERE completed.has_serology) / count(*) * 100, 2) AS response_confirmed_pct,
  count(*) FILTER (WHERE completed.latest_result IN ('responder', 'immune')) AS responders
FROM completed
JOIN dim_reporting_period AS period ON period.date = completed.administered_date
JOIN dim_organisation_level AS org ON org.org_code = completed.org_code
GROUP BY period.period_kind, period.period_end, org.level, org.code
ORDER BY period_kind, period_end, level, code
