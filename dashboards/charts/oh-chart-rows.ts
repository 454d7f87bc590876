/**
 * The OH and value rows the OH charts read, as plain objects with complete (undisclosed) counts: the
 * charts apply disclosure control themselves, so every caller (pack, site, tests) publishes the same.
 * Shapes follow the marts (transforms/models/marts/*.sql headers) one period and one geography at a time.
 */
import type { GeographyLevel } from "../mart-rows.js";

/** Whose figures a chart shows (for titles; disclosure rules are the same at every level). */
export interface ChartGeography {
  level: GeographyLevel;
  name: string;
}

/** mart_referral_waits, period_kind 'month'. */
export interface ReferralWaitsMonthRow {
  month_end: string;
  first_appointment_referrals: number;
  first_appointment_within_10_wd: number;
  reports_issued: number;
  reports_within_2_wd: number;
}

/** mart_exposure_pep, period_kind 'month'. */
export interface ExposureMonthRow {
  month_end: string;
  exposures: number;
  high_risk_exposures: number;
  pep_within_60_minutes: number;
}

/**
 * Frontline flu vaccinations to date in a season (1 September – end of February), by month: the
 * numerator of mart_flu_uptake accumulated by the month each staff member was first vaccinated that
 * season, over the season's frontline headcount (the mart's denominator; null when not supplied).
 */
export interface FluCumulativeRow {
  /** e.g. '2024/25'. */
  season: string;
  month_end: string;
  cumulative_vaccinated: number;
  frontline_headcount: number | null;
}

export type ReferralBreakdown = "type" | "outcome";

/** Referrals received in a quarter by referral type, or by the latest fitness outcome recorded. */
export interface ReferralCategoryRow {
  quarter_end: string;
  breakdown: ReferralBreakdown;
  category: string;
  referrals: number;
}

/** mart_value_roi joined to mart_sickness_cost ('All staff groups'), period_kind 'quarter'. */
export interface ValueQuarterRow {
  quarter_end: string;
  fte_days_available: number | null;
  cost_of_absence_gbp: number | null;
  days_saved: number | null;
  benefit_gbp: number | null;
  service_cost_gbp: number | null;
  roi: number | null;
  benefit_cost_ratio: number | null;
  /** FTE-days-available-weighted annual cost per FTE used for the benefit. */
  cost_per_fte_gbp: number | null;
  baseline_kind: string | null;
  baseline_rate_pct: number | null;
  /** mart_value_roi.roi_status: 'computed' or why not; absent in rows built without it. */
  roi_status?: string | null;
  /** mart_sickness_cost: organisation-months with days lost but no FTE days recorded, left out of the cost. */
  org_months_not_costed?: number;
}
