/**
 * The configured targets (`targets`) that apply to a site page, found by the same scope keys the packs
 * use ("england", "region:Y56", "ics:QHL", "org:RRK"), so a page and the pack of the same scope draw
 * and judge against the same target.
 */
import { OH_TIMELINESS_TARGETS, type TimelinessTargets } from "../charts/oh-timeliness-chart.js";
import type { GeographyLevel } from "../mart-rows.js";
import { type ResolvedTarget, type TargetSettings, targetFor } from "../spc/measure-targets.js";

const SCOPE_PREFIX: Record<Exclude<GeographyLevel, "england">, string> = {
  region: "region",
  ics: "ics",
  organisation: "org",
};

/** The pack scope key of a page's geography (pack-scope.ts spells the same keys from `--scope`). */
export function pageScopeKey(level: GeographyLevel, code: string): string {
  return level === "england" ? "england" : `${SCOPE_PREFIX[level]}:${code.toUpperCase()}`;
}

/** The sickness absence rate target of the page's scope, or null when none is configured. */
export function absenceTarget(
  targets: TargetSettings | undefined,
  level: GeographyLevel,
  code: string,
): ResolvedTarget | null {
  return targetFor(targets, "sicknessAbsenceRatePct", pageScopeKey(level, code));
}

/** The OH timeliness targets of the page's scope: configured, else the stated defaults (as the packs). */
export function ohTimelinessTargets(
  targets: TargetSettings | undefined,
  level: GeographyLevel,
  code: string,
): TimelinessTargets {
  const key = pageScopeKey(level, code);
  return {
    firstAppointmentPct:
      targetFor(targets, "ohFirstAppointmentPct", key)?.value ?? OH_TIMELINESS_TARGETS.firstAppointmentPct,
    reportPct: targetFor(targets, "ohReportPct", key)?.value ?? OH_TIMELINESS_TARGETS.reportPct,
  };
}
