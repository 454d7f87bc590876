-- description: Calendar 2015-2030, one row per day, with England and Wales working days. Working days
--   exclude weekends and bank holidays (domain notes section 8). working_day_number counts working days
--   from 1 January 2015, so the working days between two dates is the difference of their numbers.
-- depends: seed_bank_holiday
-- column: date | date | the calendar day
-- column: month_end | date | last day of the day's month (the month key used by every fact and mart)
-- column: year | year | calendar year
-- column: day_of_week | ISO weekday | 1 = Monday … 7 = Sunday
-- column: is_weekend | boolean | Saturday or Sunday
-- column: is_bank_holiday | boolean | England and Wales bank holiday (seed_bank_holiday)
-- column: bank_holiday_name | text | GOV.UK name of the holiday; null on other days
-- column: is_working_day | boolean | not a weekend and not a bank holiday
-- column: working_day_number | working days | running count of working days up to and including this date
-- test: unique date
-- test: not_null date
WITH calendar AS (
  SELECT CAST(day AS DATE) AS date
  FROM generate_series(TIMESTAMP '2015-01-01', TIMESTAMP '2030-12-31', INTERVAL 1 DAY) AS days(day)
),
flagged AS (
  SELECT
    calendar.date,
    last_day(calendar.date) AS month_end,
    year(calendar.date) AS year,
    isodow(calendar.date) AS day_of_week,
    isodow(calendar.date) >= 6 AS is_weekend,
    bank_holiday.holiday_date IS NOT NULL AS is_bank_holiday,
    bank_holiday.holiday_name AS bank_holiday_name
  FROM calendar
  LEFT JOIN seed_bank_holiday AS bank_holiday ON bank_holiday.holiday_date = calendar.date
)
SELECT
  *,
  NOT is_weekend AND NOT is_bank_holiday AS is_working_day,
  -- INTEGER, not the HUGEINT a window sum gives: every working-day difference downstream inherits the type,
  -- and DuckDB reads a stored HUGEINT column about ten times slower than an INTEGER one
  CAST(sum(CASE WHEN NOT is_weekend AND NOT is_bank_holiday THEN 1 ELSE 0 END) OVER (ORDER BY date) AS INTEGER)
    AS working_day_number
FROM flagged
ORDER BY date
