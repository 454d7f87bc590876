/**
 * Quarter absence figures from monthly benchmark rows: the quarter rate is Σ FTE days lost ÷ Σ FTE days
 * available over the quarter's published (unsuppressed) months — computed from the sums, not an average
 * of monthly rates — rounded to 2 dp like the marts. A quarter with fewer than three published months
 * says so (`months`).
 */
import { summedShare } from "../charts/published-part.js";
import type { AbsenceMartRow, GeographyLevel } from "../mart-rows.js";

export interface QuarterAbsence {
  level: GeographyLevel;
  code: string;
  name: string;
  staff_group: string;
  fte_days_lost: number;
  fte_days_available: number;
  /** Unrounded Σlost ÷ Σavailable × 100. */
  rate: number;
  /** Published months that went into the sums (0–3). */
  months: number;
  /**
   * The quarter's month summing the smallest share of the organisations published (published rows
   * above organisation level only; see charts/published-part.ts).
   */
  organisations_summed?: number;
  organisations_published?: number;
}

export function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

/** Quarter sums per (level, code, staff group) over `monthEnds`; entries with no published month are left out. */
export function quarterAbsence(
  rows: readonly AbsenceMartRow[],
  monthEnds: readonly string[],
): Map<string, QuarterAbsence> {
  const months = new Set(monthEnds);
  const sums = new Map<string, QuarterAbsence>();
  for (const r of rows) {
    if (!months.has(r.month_end) || r.suppressed) continue;
    if (r.fte_days_lost === null || r.fte_days_available === null || r.fte_days_available <= 0) continue;
    const key = absenceKey(r.level, r.code, r.staff_group);
    const entry = sums.get(key) ?? {
      level: r.level,
      code: r.code,
      name: r.name,
      staff_group: r.staff_group,
      fte_days_lost: 0,
      fte_days_available: 0,
      rate: 0,
      months: 0,
    };
    entry.fte_days_lost += r.fte_days_lost;
    entry.fte_days_available += r.fte_days_available;
    entry.months += 1;
    const share = summedShare(r);
    if (share !== undefined && share < (summedShare(entry) ?? Number.POSITIVE_INFINITY)) {
      entry.organisations_summed = r.organisations_summed;
      entry.organisations_published = r.organisations_published;
    }
    sums.set(key, entry);
  }
  for (const entry of sums.values()) entry.rate = (entry.fte_days_lost / entry.fte_days_available) * 100;
  return sums;
}

export function absenceKey(level: string, code: string, staffGroup: string): string {
  return `${level}|${code}|${staffGroup}`;
}
