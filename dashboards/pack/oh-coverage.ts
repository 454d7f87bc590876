/**
 * Above organisation level a section whose figures come from the organisations' own events (OH, and
 * sickness absence when the quarter is not published) opens with how much of the area they cover
 * ("n of N organisations reporting", and "reporting organisations only" below the configured
 * threshold, `coverageThresholdPct`), from mart_coverage.
 */

import { type CoverageSource, coverageKey, coverageLabel, isPartialCoverage } from "../coverage.js";
import { packMessages } from "../dashboard-messages.js";
import type { PackContext } from "./pack-context.js";

export function coverageOf(context: PackContext, source: CoverageSource) {
  return context.marts.coverage?.get(coverageKey(context.scope.level, context.scope.code, source));
}

/** The feed covers too few of the area's organisations (configured threshold) for its totals to be the area's. */
export function isPartial(context: PackContext, source: CoverageSource): boolean {
  return isPartialCoverage(coverageOf(context, source), context.evidence.coverageThresholdPct);
}

/** The coverage sentence of these feeds, or null (organisation level, or no coverage data). */
export function coverageSentence(context: PackContext, ...sources: CoverageSource[]): string | null {
  const labels = [
    ...new Set(
      sources
        .map((s) => coverageLabel(coverageOf(context, s), context.evidence.coverageThresholdPct))
        .filter((l): l is string => l !== null),
    ),
  ];
  return labels.length > 0 ? packMessages.packCoverage(labels.join(" ")) : null;
}

/** Puts the coverage sentence first in a section that has figures. */
export function coverageFirst(
  context: PackContext,
  paragraphs: string[],
  ...sources: CoverageSource[]
): void {
  const sentence = coverageSentence(context, ...sources);
  if (paragraphs.length > 0 && sentence) paragraphs.unshift(sentence);
}

/** Sickness absence from own ESR events above organisation level: its coverage sentence; null for published data. */
export function absenceCoverageSentence(context: PackContext): string | null {
  return context.absenceSource === "warehouse" ? coverageSentence(context, "esr") : null;
}

/** Puts the absence coverage sentence first in a section that has figures (own events only). */
export function absenceCoverageFirst(context: PackContext, paragraphs: string[]): void {
  const sentence = absenceCoverageSentence(context);
  if (paragraphs.length > 0 && sentence) paragraphs.unshift(sentence);
}

/** The area's absence figures are the reporting organisations' only (own events, below the threshold). */
export function isAbsencePartial(context: PackContext): boolean {
  return context.absenceSource === "warehouse" && isPartial(context, "esr");
}

/** mart_coverage, when an absence section's figures need its sentence. */
export function absenceCoverageReads(context: PackContext): string[] {
  return context.absenceSource === "warehouse" && context.scope.level !== "organisation"
    ? ["mart_coverage"]
    : [];
}

export const OH_DISCLOSURE_NOTE =
  "Counts at every level are rounded to the nearest 5 and 1–7 shown as *; percentages come from the rounded counts and are withheld when either count is.";
