/** Month arithmetic and timestamp formatting in UTC (no local clock, no Date.now()). */
export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;
export const MINUTE_MS = 60_000;

export interface Month {
  /** 0 = the first generated month; negative = warm-up months before the window. */
  index: number;
  year: number;
  /** 1–12. */
  month: number;
  startMs: number;
  endMs: number;
  days: number;
}

/** Parses "YYYY-MM" to the epoch ms of its first day, or undefined. */
export function parseStartMonth(text: string): number | undefined {
  const m = /^(\d{4})-(\d{2})$/.exec(text);
  if (!m) return undefined;
  const month = Number(m[2]);
  if (month < 1 || month > 12) return undefined;
  return Date.UTC(Number(m[1]), month - 1, 1);
}

export function monthAt(startMs: number, index: number): Month {
  const start = new Date(startMs);
  const y = start.getUTCFullYear();
  const m0 = start.getUTCMonth() + index;
  const startOf = Date.UTC(y, m0, 1);
  const endOf = Date.UTC(y, m0 + 1, 1);
  const d = new Date(startOf);
  return {
    index,
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    startMs: startOf,
    endMs: endOf,
    days: Math.round((endOf - startOf) / DAY_MS),
  };
}

/** ISO 8601 with seconds and Z. */
export function isoDateTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

export function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function startOfDay(ms: number): number {
  return ms - (((ms % DAY_MS) + DAY_MS) % DAY_MS);
}

export function isWeekend(ms: number): boolean {
  const dow = new Date(ms).getUTCDay();
  return dow === 0 || dow === 6;
}

/** Moves forward n working days (weekends skipped; bank holidays ignored), keeping the time of day. */
export function addWorkingDays(ms: number, n: number): number {
  let t = ms;
  let left = n;
  while (isWeekend(t)) t += DAY_MS;
  while (left > 0) {
    t += DAY_MS;
    if (!isWeekend(t)) left--;
  }
  return t;
}

/** The next weekday on or after `ms`, at hh:mm. */
export function workingSlot(ms: number, hour: number, minute: number): number {
  let day = startOfDay(ms);
  while (isWeekend(day)) day += DAY_MS;
  return day + hour * HOUR_MS + minute * MINUTE_MS;
}

/** NHS flu season label for a date: Sep–Aug years, e.g. 2024/25. */
export function fluSeason(year: number, month: number): string {
  const first = month >= 9 ? year : year - 1;
  return `${first}/${String((first + 1) % 100).padStart(2, "0")}`;
}
