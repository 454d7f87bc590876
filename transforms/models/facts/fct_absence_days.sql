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
WITH episode_days AS (
  SELECT
    episode.absence_id,
    coalesce(episode.staff_id, episode.absence_id) AS person_key,
    episode.org_code,
    episode.staff_group,
    episode.reason_code,
    episode.fte,
    episode.start_date,
    day.date,
    day.month_end
  FROM stg_absence_episode AS episode
  JOIN dim_date AS day
    ON day.date BETWEEN episode.start_date AND least(coalesce(episode.end_date, {{as_of}}), {{as_of}})
),
one_absence_per_person_day AS (
  SELECT *
  FROM episode_days
  QUALIFY row_number() OVER (PARTITION BY person_key, date ORDER BY start_date, absence_id) = 1
)
SELECT
  month_end,
  org_code,
  staff_group,
  reason_code,
  count(*) AS calendar_days_lost,
  sum(fte) AS fte_days_lost
FROM one_absence_per_person_day
GROUP BY month_end, org_code, staff_group, reason_code
ORDER BY month_end, org_code, staff_group, reason_code
