-- description: A sickness absence rate as NHS England publishes it: round(lost ÷ available × 100, 2), and
--   null (withheld) when available ≤ 330 FTE days (the ESR_330 rule, domain notes section 10).
CREATE OR REPLACE TEMP MACRO rate_pct(fte_days_lost, fte_days_available) AS
  CASE WHEN fte_days_available > 330 THEN round(fte_days_lost / fte_days_available * 100, 2) END
