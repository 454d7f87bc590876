-- description: VZV tested (domain notes section 8: staff with a negative or uncertain chickenpox history
--   tested ÷ staff with a negative or uncertain history), by month, quarter and rolling 12 months, at
--   organisation, ICB, region and England level. No contract carries the varicella history itself, so the
--   denominator is a proxy (needs sign-off): staff whose record shows they were treated as having a
--   negative or uncertain history, i.e. who had a varicella IgG test (fct_serology antigen varicella_igg)
--   or a varicella vaccine dose (fct_immunisation vaccine varicella); staff with a positive history are
--   neither tested nor vaccinated. The numerator is those with a varicella IgG result at any time, so a
--   vaccination without a test counts against the KPI. Staff with a negative history who were neither
--   tested nor vaccinated are invisible to this proxy, which can only overstate the percentage. Each
--   pseudonymised staff member counts once, in the period and organisation of their first varicella event.
-- depends: fct_serology, fct_immunisation, dim_reporting_period, dim_organisation_level
-- column: period_kind | text | 'month', 'quarter' or 'rolling12' (dim_reporting_period)
-- column: period_end | date | last day of the month, the quarter, or the last month of the 12-month window
-- column: level | text | 'england', 'region', 'ics' or 'organisation'
-- column: code | code | ODS code, ICB code, region code or 'ENG'
-- column: name | text | name of the organisation, ICB, region, or 'England'
-- column: staff_negative_or_uncertain_history | people | staff whose first varicella test or vaccine falls in the period (the denominator, proxy)
-- column: staff_tested | people | of those, with a varicella IgG result (the numerator)
-- column: vzv_tested_pct | percent | round(tested ÷ denominator × 100, 2)
-- column: staff_non_immune | people | of those tested, any result non_immune
-- column: staff_vaccinated | people | of the denominator, given a varicella vaccine dose
-- test: unique period_kind, period_end, level, code
-- test: not_null period_kind, period_end, level, code, name
-- test: accepted_values level in england, region, ics, organisation
-- test: expect (code = 'ENG') = (level = 'england')
-- test: expect staff_tested BETWEEN 0 AND staff_negative_or_uncertain_history AND staff_non_immune <= staff_tested
WITH varicella_event AS (
  SELECT staff_id, org_code, resulted_at AS event_at, 'test' AS kind, result
  FROM fct_serology
  WHERE antigen = 'varicella_igg' AND staff_id IS NOT NULL
  UNION ALL
  SELECT staff_id, org_code, administered_at, 'vaccine', NULL
  FROM fct_immunisation
  WHERE vaccine = 'varicella' AND staff_id IS NOT NULL
),
first_event AS (
  SELECT staff_id, org_code, CAST(timezone('Europe/London', event_at) AS DATE) AS first_event_date
  FROM varicella_event
  QUALIFY row_number() OVER (PARTITION BY staff_id ORDER BY event_at, kind, org_code) = 1
),
staff AS (
  SELECT
    staff_id,
    bool_or(kind = 'test') AS tested,
    bool_or(kind = 'test' AND result = 'non_immune') AS non_immune,
    bool_or(kind = 'vaccine') AS vaccinated
  FROM varicella_event
  GROUP BY staff_id
)
SELECT
  period.period_kind, period.period_end, org.level, org.code, any_value(org.name) AS name,
  count(*) AS staff_negative_or_uncertain_history,
  count(*) FILTER (WHERE staff.tested) AS staff_tested,
  round(count(*) FILTER (WHERE staff.tested) / count(*) * 100, 2) AS vzv_tested_pct,
  count(*) FILTER (WHERE staff.non_immune) AS staff_non_immune,
  count(*) FILTER (WHERE staff.vaccinated) AS staff_vaccinated
FROM first_event
JOIN staff USING (staff_id)
JOIN dim_reporting_period AS period ON period.date = first_event.first_event_date
JOIN dim_organisation_level AS org ON org.org_code = first_event.org_code
GROUP BY period.period_kind, period.period_end, org.level, org.code
ORDER BY period_kind, period_end, level, code
