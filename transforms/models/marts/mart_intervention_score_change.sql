-- description: Clinical outcome of intervention episodes: mean change in the validated outcome score from
--   start to discharge, by month, quarter and rolling 12 months of discharge, at organisation, ICB, region
--   and England level, per service (and all services) and per outcome measure. Scores are only compared
--   within one measure (the scales differ in range and direction), so every row is one measure: completed
--   episodes with both a pre and a post score, outcome_measure not 'none'. Change = post − pre. Lower is
--   better for phq9, gad7 and core10; higher is better for msk_hq and psfs, which decides "improved".
-- depends: fct_intervention_episode, dim_reporting_period, dim_organisation_level
-- incremental: periods by fct_intervention_episode.ended_date
-- column: period_kind | text | 'month', 'quarter' or 'rolling12' (dim_reporting_period)
-- column: period_end | date | last day of the month, the quarter, or the last month of the 12-month window
-- column: level | text | 'england', 'region', 'ics' or 'organisation'
-- column: code | code | ODS code, ICB code, region code or 'ENG'
-- column: name | text | name of the organisation, ICB, region, or 'England'
-- column: service | code | msk_physio, psychology, counselling_eap, other, or 'All services'
-- column: outcome_measure | code | phq9, gad7, core10, msk_hq or psfs
-- column: episodes_with_scores | count | episodes discharged in the period with pre and post scores on this measure
-- column: mean_score_pre | score | mean score at start
-- column: mean_score_post | score | mean score at discharge
-- column: mean_score_change | score | mean of (post − pre)
-- column: episodes_improved | count | episodes whose score moved in the better direction for the measure
-- test: unique period_kind, period_end, level, code, service, outcome_measure
-- test: not_null period_kind, period_end, level, code, name, service, outcome_measure
-- test: accepted_values level in england, region, ics, organisation
-- test: expect (code = 'ENG') = (level = 'england')
-- test: accepted_values service in msk_physio, psychology, counselling_eap, other, All services
-- test: accepted_values outcome_measure in phq9, gad7, core10, msk_hq, psfs
-- test: expect episodes_improved BETWEEN 0 AND episodes_with_scores
WITH scored AS (
  SELECT
    org_code, ended_date, service, outcome_measure, score_pre, score_post,
    CASE
      WHEN outcome_measure IN ('phq9', 'gad7', 'core10') THEN score_post < score_pre
      WHEN outcome_measure IN ('msk_hq', 'psfs') THEN score_post > score_pre
    END AS improved
  FROM fct_intervention_episode
  WHERE ended_date IS NOT NULL AND score_pre IS NOT NULL AND score_post IS NOT NULL
    AND outcome_measure IS NOT NULL AND outcome_measure <> 'none'
),
by_service AS (
  SELECT * FROM scored
  UNION ALL
  SELECT * REPLACE ('All services' AS service) FROM scored
)
SELECT
  period.period_kind, period.period_end, org.level, org.code, any_value(org.name) AS name,
  by_service.service, by_service.outcome_measure,
  count(*) AS episodes_with_scores,
  avg(by_service.score_pre) AS mean_score_pre,
  avg(by_service.score_post) AS mean_score_post,
  avg(by_service.score_post - by_service.score_pre) AS mean_score_change,
  count(*) FILTER (WHERE by_service.improved) AS episodes_improved
FROM by_service
JOIN dim_reporting_period AS period ON period.date = by_service.ended_date
JOIN dim_organisation_level AS org ON org.org_code = by_service.org_code
GROUP BY period.period_kind, period.period_end, org.level, org.code, by_service.service, by_service.outcome_measure
ORDER BY period_kind, period_end, level, code, service, outcome_measure
