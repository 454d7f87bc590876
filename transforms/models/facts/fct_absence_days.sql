-- description: FTE days lost to sickness by organisation, staff group, reason and month, from the ESR
--   episodes. Every calendar day of an episode counts (weekends included, as NHS England does) weighted
--   by the person's contracted FTE; an episode spanning months is split across them; an open episode counts
--   up to the as-of date, and no day after the as-of date counts. ESR cannot hold two sickness absences
--   for one person on one day, so where a person's episodes overlap each day is counted once, for the
--   episode that started first (ties: lower absence_id). Days outside dim_date (2015-2030) are not counted.
-- depends: stg_absence_episode, dim_date
-- incremental: sum calendar_days_lost, fte_days_lost over staff_id
-- column: month_end | date | last day of the month
-- column: org_code | ODS code | employing organisation
-- column: staff_group | text | canonical staff group
-- column: reason_code | code | ESR reason code
-- column: calendar_days_lost | days | person-days of sickness absence in the month
-- column: fte_days_lost | FTE days | Σ over absent person-days of the person's contracted FTE
-- test: unique month_end, org_code, staff_group, reason_code
-- test: not_null month_end, org_code, staff_group, reason_code
-- test: relationship reason_code -> dim_absence_reason.reason_code
-- test: relationship org_code -> dim_organisation.org_code
WITH bounds AS (
  SELECT min(date) AS first_date, max(date) AS last_date FROM dim_date
),
episode AS (
  SELECT
    absence_id,
    staff_id,
    org_code, staff_group, reason_code, fte, start_date,
    greatest(start_date, bounds.first_date) AS from_day,
    least(coalesce(end_date, {{as_of}}), {{as_of}}, bounds.last_date) AS to_day
  FROM stg_absence_episode
  CROSS JOIN bounds
  WHERE start_date IS NOT NULL
),
-- A day belongs to the episode that started first among those covering it (ties: lower absence_id).
-- Every episode ranked before this one started on or before it, so of this episode's days they cover
-- exactly those up to the latest of their to_days: the episode owns the rest, from the day after. One
-- running max per person, no day-by-day expansion, whether episodes overlap or not.
owned AS (
  SELECT
    *,
    greatest(
      from_day,
      coalesce(max(to_day) OVER (
        PARTITION BY staff_id ORDER BY start_date, absence_id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
      ) + 1, from_day)
    ) AS owned_from
  FROM episode
  WHERE from_day <= to_day
),
-- the days of each month the episode owns, by arithmetic
owned_days AS (
  SELECT
    last_day(month_start) AS month_end, org_code, staff_group, reason_code,
    least(to_day, last_day(month_start)) - greatest(owned_from, month_start) + 1 AS days,
    fte
  FROM (
    SELECT *, unnest(generate_series(date_trunc('month', owned_from), to_day, INTERVAL 1 MONTH))::DATE AS month_start
    FROM owned
    WHERE owned_from <= to_day
  ) AS by_month
)
SELECT
  month_end,
  org_code,
  staff_group,
  reason_code,
  CAST(sum(days) AS BIGINT) AS calendar_days_lost,
  sum(fte * days) AS fte_days_lost
FROM owned_days
GROUP BY month_end, org_code, staff_group, reason_code
ORDER BY month_end, org_code, staff_group, reason_code
