/**
 * A count and its share as an OH chart publishes them (domain notes §10): the numerator and denominator
 * under rule 2 (at every level: 1–7 withheld, others rounded to 5), the percentage under rule 3 from the
 * rounded counts as published (1 dp), withheld with either count. Withheld values are null, never "*", so a
 * chart's quantitative fields stay numeric and a gap reads as "not published", not zero.
 */
import { discloseCount, disclosePercentage, SUPPRESSED } from "../disclosure/disclosure-control.js";
import { WITHHELD_NOTE } from "./staff-group-chart.js";

export interface DisclosedShare {
  numerator_count: number | null;
  denominator_count: number | null;
  /** null when withheld or when the denominator is 0. */
  percent: number | null;
  /** "82.4%", "withheld (small numbers)" or "none in the period". */
  note: string;
}

export const NO_CASES_NOTE = "none in the period";

export function disclosedCount(n: number): number | null {
  const shown = discloseCount(n);
  return shown === SUPPRESSED ? null : shown;
}

export function disclosedShare(numerator: number, denominator: number): DisclosedShare {
  const numeratorShown = discloseCount(numerator);
  const share = numeratorShown === SUPPRESSED ? SUPPRESSED : disclosePercentage(numerator, denominator);
  const percent = typeof share === "number" ? share : null;
  return {
    numerator_count: numeratorShown === SUPPRESSED ? null : numeratorShown,
    denominator_count: disclosedCount(denominator),
    percent,
    note: share === null ? NO_CASES_NOTE : percent === null ? WITHHELD_NOTE : `${percent.toFixed(1)}%`,
  };
}
