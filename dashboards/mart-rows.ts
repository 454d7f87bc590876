/**
 * The mart rows the dashboards read (transforms' `mart_absence_rate` / `mart_absence_benchmark`),
 * as plain objects: the dashboards never import transforms code, only this fixed shape.
 */
export type GeographyLevel = "england" | "region" | "ics" | "organisation";

export const ALL_STAFF_GROUPS = "All staff groups";

export interface AbsenceMartRow {
  /** Last day of the month, 'YYYY-MM-DD'. */
  month_end: string;
  level: GeographyLevel;
  /** ODS code (organisation), ICB code, region code, or 'ENG'. */
  code: string;
  name: string;
  /** Canonical staff group, or 'All staff groups' for the total. */
  staff_group: string;
  fte_days_lost: number | null;
  fte_days_available: number | null;
  /** round(Σlost ÷ Σavailable × 100, 2); null when suppressed. */
  rate_pct: number | null;
  suppressed: boolean;
  /**
   * Published figures only (mart_absence_benchmark), above organisation level: the organisations the
   * row sums and those published for it, blank ones included. Absent for the events' own rates.
   */
  organisations_summed?: number;
  organisations_published?: number;
}

/** FTE days lost by ESR sickness reason (input of the reason-share chart). */
export interface ReasonDaysRow {
  reason_code: string;
  reason_label: string;
  fte_days_lost: number;
}
