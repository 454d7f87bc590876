/**
 * Which calendar quarters the scheduler builds packs for. "Complete" is judged on the wall clock of
 * the schedule's timezone (Europe/London by default), so a pack job at 00:30 on 1 April London time
 * already counts Q1 as complete even though it is still 31 March in UTC.
 */
import { ConfigError } from "../../core/errors.js";
import { previousQuarter, type Quarter, quarterKey } from "../../dashboards/pack/pack-quarter.js";
import { scheduleMessages } from "../job-messages.js";

/** The calendar year and month (1–12) of `now` in `timezone`. */
function wallClockMonth(now: Date, timezone: string): { year: number; month: number } {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat("en-GB", {
      timeZone: timezone,
      year: "numeric",
      month: "numeric",
    }).formatToParts(now);
  } catch {
    throw new ConfigError(scheduleMessages.scheduleBadTimezone(timezone), { timezone });
  }
  const value = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { year: value("year"), month: value("month") };
}

/** The last quarter that has fully ended at `now` in `timezone`. */
export function lastCompleteQuarter(now: Date, timezone: string): Quarter {
  const { year, month } = wallClockMonth(now, timezone);
  return previousQuarter({ year, quarter: Math.floor((month - 1) / 3) + 1 });
}

const ordinal = (q: Quarter) => q.year * 4 + (q.quarter - 1);

/** Every quarter from `from` to `to`, oldest first (empty when `from` is after `to`). */
export function quartersBetween(from: Quarter, to: Quarter): Quarter[] {
  const out: Quarter[] = [];
  for (let n = ordinal(from); n <= ordinal(to); n++)
    out.push({ year: Math.floor(n / 4), quarter: (n % 4) + 1 });
  return out;
}

export function describeQuarters(quarters: Quarter[]): string {
  if (quarters.length === 0) return "none";
  const first = quarters[0] as Quarter;
  const last = quarters.at(-1) as Quarter;
  return quarters.length === 1 ? quarterKey(first) : `${quarterKey(first)}…${quarterKey(last)}`;
}
