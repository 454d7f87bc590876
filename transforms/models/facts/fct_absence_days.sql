-- description: FTE days lost to sickness by organisation, staff group, reason and month, from the ESR
--   episodes. Every calendar day of an episode counts (weekends included, as NHS England does) weighted
--   by the person's contracted FTE; an episode spanning months is split across them; an open episode counts
--   up to the as-of date, and no day after the as-of date counts. ESR cannot hold two sickness absences
--   for one person on one day, so where a person's episodes overlap each day is counted once, for the
--   episode that started first (ties: lower absence_id). Days outside dim_date (2015-2030) are not counted.
-- depends: stg_absence_episode, dim_date
-- column: month_end | date | last day of the month
-- column: org_code | ODS code | employing organisation
-- column: staff_group | text | canonical staff group
-- column: reason_code | code | ESR reason code
-- column: calendar_days_lost | days | person-days of sickness absence in the month
-- column: fte_days_lost | FTE days | Σ over absent person-days of the person's contracted FTE
WITH bounds AS (
  SELECT min(date) AS first_date, max(date) AS last_date FROM dim_date
),
episode AS (
  SELECT
    absence_id,
    coalesce(staff_id, absence_id) AS person_key,
    org_code, staff_group, reason_code, fte, start_date,
    greatest(start_date, bounds.first_date) AS from_day,
    least(coalesce(end_date, {{as_of}}), {{as_of}}, bounds.last_date) AS to_day
  FROM stg_absence_episode
  CROSS JOIN bounds
  WHERE start_date IS NOT NULL
),
-- Most episodes share no day with another episode of the same person; only those that do need the
-- day-by-day treatment. Episodes are ordered as the rule ranks them (start_date, absence_id).
ranked AS (
  SELECT
    *,
    coalesce(from_day <= max(to_day) OVER (
      PARTITION BY person_key ORDER BY start_date, absence_id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
    ), false)
    OR coalesce(to_day >= min(from_day) OVER (
      PARTITION BY person_key ORDER BY start_date, absence_id ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING
    ), false) AS shares_days
  FROM episode
  WHERE from_day <= to_day
),
months AS (
  SELECT month_end, min(date) AS month_start FROM dim_date GROUP BY month_end
),
-- no overlap: the days in each month the episode spans, by arithmetic
clear_days AS (
  SELECT
    month.month_end, ranked.org_code, ranked.staff_group, ranked.reason_code,
    least(ranked.to_day, month.month_end) - greatest(ranked.from_day, month.month_start) + 1 AS days,
    ranked.fte
  FROM ranked
  JOIN months AS month ON month.month_end >= ranked.from_day AND month.month_start <= ranked.to_day
  WHERE NOT ranked.shares_days
),
-- shared days: each day once, for the episode that started first (ties: lower absence_id)
overlap_days AS (
  SELECT last_day(absence_day) AS month_end, org_code, staff_group, reason_code, fte
  FROM (
    SELECT *, unnest(generate_series(from_day, to_day, INTERVAL 1 DAY))::DATE AS absence_day
    FROM ranked
    WHERE shares_days
  ) AS expanded
  QUALIFY row_number() OVER (PARTITION BY person_key, absence_day ORDER BY start_date, absence_id) = 1
),
all_days AS (
  SELECT month_end, org_code, staff_group, reason_code, days, fte * days AS fte_days FROM clear_days
  UNION ALL
  SELECT month_end, org_code, staff_group, reason_code, 1, fte FROM overlap_days
)
SELECT
  month_end,
  org_code,
  staff_group,
  reason_code,
  CAST(sum(days) AS BIGINT) AS calendar_days_lost,
  sum(fte_days) AS fte_days_lost
FROM all_days
GROUP BY month_end, org_code, staff_group, reason_code
ORDER BY month_end, org_code, staff_group, reason_code
