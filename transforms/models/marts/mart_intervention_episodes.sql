-- description: Intervention treatment episodes (physiotherapy, psychology, counselling/EAP, …), by month,
--   quarter and rolling 12 months, at organisation, ICB, region and England level, per service and for all
--   services. Two bases, as in mart_referral_waits: episodes started in the period (activity, completion of
--   that cohort so far, and time to return to work) and episodes completed (discharged) in the period
--   (sessions and return to work during the episode). RTW during episode: completed episodes of staff
--   absent at the start whose episode records a return to work ÷ completed episodes of staff absent at the
--   start. Time to RTW after intervention (domain notes section 8, clock start = the first session, as the
--   contract carries no intervention referral date; the OH-referral clock is mart_referral_outcomes): for
--   episodes absent at the start, calendar days from the first session to the actual return, the day after
--   the end of the ESR sickness episode of the same pseudonymised staff member (stg_absence_episode, linked
--   by staff_id) that covers the first-session date (started on or before it, not ended before it; several:
--   the earliest started, then lowest absence_id). A return counts only when it is on or before the as-of
--   date; episodes whose ESR absence is still open, or not found, are not in the median.
-- depends: fct_intervention_episode, stg_absence_episode, dim_reporting_period, dim_organisation_level
-- column: period_kind | text | 'month', 'quarter' or 'rolling12' (dim_reporting_period)
-- column: period_end | date | last day of the month, the quarter, or the last month of the 12-month window
-- column: level | text | 'england', 'region', 'ics' or 'organisation'
-- column: code | code | ODS code, ICB code, region code or 'ENG'
-- column: name | text | name of the organisation, ICB, region, or 'England'
-- column: service | code | msk_physio, psychology, counselling_eap, other, or 'All services'
-- column: episodes_started | count | episodes whose first session is in the period
-- column: episodes_started_completed | count | of those, discharged by the time of the build
-- column: episodes_started_absent | count | of those started, staff off sick at the start
-- column: episodes_returned_to_work | count | of those absent, with an actual return from ESR (the median's base)
-- column: median_days_to_return_to_work | days | median(actual return date − first-session date) over those
-- column: episodes_completed | count | episodes discharged in the period
-- column: mean_sessions_completed | sessions | mean sessions attended over the episodes discharged
-- column: completed_absent_at_start | count | discharged episodes of staff off sick at the start (the RTW denominator)
-- column: completed_rtw_during_episode | count | of those, returned to work during the episode (the numerator)
-- column: rtw_during_episode_pct | percent | round(numerator ÷ denominator × 100, 2)
-- test: unique period_kind, period_end, level, code, service
-- test: not_null period_kind, period_end, level, code, name, service
-- test: accepted_values level in england, region, ics, organisation
-- test: expect (code = 'ENG') = (level = 'england')
-- test: accepted_values service in msk_physio, psychology, counselling_eap, other, All services
-- test: expect episodes_started_completed <= episodes_started AND episodes_started_absent <= episodes_started AND episodes_returned_to_work <= episodes_started_absent AND completed_absent_at_start <= episodes_completed AND completed_rtw_during_episode <= completed_absent_at_start
WITH absence_at_start AS (
  SELECT intervention.episode_id, absence.end_date AS absence_end_date
  FROM fct_intervention_episode AS intervention
  JOIN stg_absence_episode AS absence
    ON absence.staff_id = intervention.staff_id
    AND absence.start_date <= intervention.started_date
    AND (absence.end_date IS NULL OR absence.end_date >= intervention.started_date)
  WHERE intervention.absent_at_start
  QUALIFY row_number() OVER (
    PARTITION BY intervention.episode_id ORDER BY absence.start_date, absence.absence_id
  ) = 1
),
episode AS (
  SELECT
    intervention.episode_id, intervention.org_code, intervention.started_date, intervention.ended_date,
    intervention.sessions, intervention.absent_at_start, intervention.rtw_during_episode,
    CASE WHEN absence.absence_end_date + 1 <= {{as_of}}
      THEN absence.absence_end_date + 1 - intervention.started_date END AS days_to_return_to_work,
    intervention.service
  FROM fct_intervention_episode AS intervention
  LEFT JOIN absence_at_start AS absence USING (episode_id)
),
by_service AS (
  SELECT * FROM episode
  UNION ALL
  SELECT * REPLACE ('All services' AS service) FROM episode
),
by_start AS (
  SELECT period.period_kind, period.period_end, org.level, org.code, any_value(org.name) AS name, by_service.service,
    count(*) AS episodes_started,
    count(by_service.ended_date) AS episodes_started_completed,
    count(*) FILTER (WHERE by_service.absent_at_start) AS episodes_started_absent,
    count(by_service.days_to_return_to_work) FILTER (WHERE by_service.absent_at_start) AS episodes_returned_to_work,
    median(by_service.days_to_return_to_work) FILTER (WHERE by_service.absent_at_start)
      AS median_days_to_return_to_work
  FROM by_service
  JOIN dim_reporting_period AS period ON period.date = by_service.started_date
  JOIN dim_organisation_level AS org ON org.org_code = by_service.org_code
  GROUP BY period.period_kind, period.period_end, org.level, org.code, by_service.service
),
by_end AS (
  SELECT period.period_kind, period.period_end, org.level, org.code, any_value(org.name) AS name, by_service.service,
    count(*) AS episodes_completed,
    avg(by_service.sessions) AS mean_sessions_completed,
    count(*) FILTER (WHERE by_service.absent_at_start AND by_service.rtw_during_episode IS NOT NULL)
      AS completed_absent_at_start,
    count(*) FILTER (WHERE by_service.absent_at_start AND by_service.rtw_during_episode)
      AS completed_rtw_during_episode
  FROM by_service
  JOIN dim_reporting_period AS period ON period.date = by_service.ended_date
  JOIN dim_organisation_level AS org ON org.org_code = by_service.org_code
  GROUP BY period.period_kind, period.period_end, org.level, org.code, by_service.service
)
SELECT
  period_kind, period_end, level, code,
  coalesce(by_start.name, by_end.name) AS name,
  service,
  coalesce(episodes_started, 0) AS episodes_started,
  coalesce(episodes_started_completed, 0) AS episodes_started_completed,
  coalesce(episodes_started_absent, 0) AS episodes_started_absent,
  coalesce(episodes_returned_to_work, 0) AS episodes_returned_to_work,
  median_days_to_return_to_work,
  coalesce(episodes_completed, 0) AS episodes_completed,
  mean_sessions_completed,
  coalesce(completed_absent_at_start, 0) AS completed_absent_at_start,
  coalesce(completed_rtw_during_episode, 0) AS completed_rtw_during_episode,
  round(completed_rtw_during_episode / nullif(completed_absent_at_start, 0) * 100, 2) AS rtw_during_episode_pct
FROM by_start
FULL OUTER JOIN by_end USING (period_kind, period_end, level, code, service)
ORDER BY period_kind, period_end, level, code, service
