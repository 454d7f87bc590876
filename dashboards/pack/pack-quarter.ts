/**
 * Quarters of an evidence pack. `2025-Q1` is a CALENDAR quarter (Jan–Mar), the same quarters the marts
 * report (dim_reporting_period: date_trunc('quarter')), so a pack's figures match `period_kind =
 * 'quarter'` rows. NHS financial quarters (Q1 = Apr–Jun) are deliberately not used.
 */
import { UsageError } from "../../core/errors.js";
import { packMessages } from "../dashboard-messages.js";

export interface Quarter {
  year: number;
  /** 1–4: Jan–Mar, Apr–Jun, Jul–Sep, Oct–Dec. */
  quarter: number;
}

const MONTH_NAMES = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

export function parseQuarter(text: string): Quarter {
  const match = /^(\d{4})-Q([1-4])$/.exec(text.trim());
  if (!match) throw new UsageError(packMessages.packBadQuarter(text));
  return { year: Number(match[1]), quarter: Number(match[2]) };
}

export function quarterKey(q: Quarter): string {
  return `${q.year}-Q${q.quarter}`;
}

/** "Q4 2023 (Oct–Dec)" */
export function quarterLabel(q: Quarter): string {
  const first = MONTH_NAMES[(q.quarter - 1) * 3];
  const last = MONTH_NAMES[(q.quarter - 1) * 3 + 2];
  return `Q${q.quarter} ${q.year} (${first}–${last})`;
}

export function previousQuarter(q: Quarter): Quarter {
  return q.quarter === 1 ? { year: q.year - 1, quarter: 4 } : { year: q.year, quarter: q.quarter - 1 };
}

export function sameQuarterLastYear(q: Quarter): Quarter {
  return { year: q.year - 1, quarter: q.quarter };
}

function lastDay(year: number, month: number): string {
  const day = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** The three month ends ('YYYY-MM-DD') of the quarter, in order. */
export function quarterMonthEnds(q: Quarter): string[] {
  const first = (q.quarter - 1) * 3 + 1;
  return [first, first + 1, first + 2].map((m) => lastDay(q.year, m));
}

/** The quarter's last day, as the marts' `period_end` of a quarter row. */
export function quarterEnd(q: Quarter): string {
  return lastDay(q.year, q.quarter * 3);
}
