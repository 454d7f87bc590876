-- description: Did-not-attend rate by month, quarter and rolling 12 months of the appointment slot, at organisation, ICB,
--   region and England level: DNA appointments ÷ appointments booked (every booked appointment counts in
--   the denominator, whatever happened to it later, as the KPI defines it).
-- depends: fct_appointment, dim_reporting_period, dim_organisation_level
-- incremental: periods by fct_appointment.scheduled_date
-- column: period_kind | text | 'month', 'quarter' or 'rolling12' (dim_reporting_period)
-- column: period_end | date | last day of the month, the quarter, or the last month of the 12-month window
-- column: level | text | 'england', 'region', 'ics' or 'organisation'
-- column: code | code | ODS code, ICB code, region code or 'ENG'
-- column: name | text | name of the organisation, ICB, region, or 'England'
-- column: appointments_booked | count | appointments whose slot falls in the period (the denominator)
-- column: appointments_attended | count | of those, attended
-- column: appointments_dna | count | of those, did not attend (the numerator)
-- column: appointments_cancelled | count | of those, cancelled
-- column: dna_rate_pct | percent | round(DNA ÷ booked × 100, 2)
-- appointments counted by month, organisation and status first: the period and level joins then see a
-- few rows per organisation-month rather than every appointment
-- test: unique period_kind, period_end, level, code
-- test: not_null period_kind, period_end, level, code, name
-- test: accepted_values level in england, region, ics, organisation
-- test: expect (code = 'ENG') = (level = 'england')
WITH counts AS (
  SELECT last_day(scheduled_date) AS month_end, org_code, status, count(*) AS n
  FROM fct_appointment
  GROUP BY ALL
)
SELECT
  period.period_kind, period.period_end, org.level, org.code, any_value(org.name) AS name,
  CAST(sum(counts.n) AS BIGINT) AS appointments_booked,
  CAST(coalesce(sum(counts.n) FILTER (WHERE counts.status = 'attended'), 0) AS BIGINT) AS appointments_attended,
  CAST(coalesce(sum(counts.n) FILTER (WHERE counts.status = 'did_not_attend'), 0) AS BIGINT) AS appointments_dna,
  CAST(coalesce(sum(counts.n) FILTER (WHERE counts.status = 'cancelled'), 0) AS BIGINT) AS appointments_cancelled,
  round(coalesce(sum(counts.n) FILTER (WHERE counts.status = 'did_not_attend'), 0) / sum(counts.n) * 100, 2)
    AS dna_rate_pct
FROM counts
JOIN dim_reporting_period AS period ON period.date = counts.month_end
JOIN dim_organisation_level AS org ON org.org_code = counts.org_code
GROUP BY period.period_kind, period.period_end, org.level, org.code
ORDER BY period_kind, period_end, level, code
