/** Quarter absence sums as mart rows, through disclosure rules 1 and 4 (shared by the absence sections). */
import { discloseAbsenceRates, type OrganisationHierarchy } from "../disclosure/disclosure-control.js";
import type { AbsenceMartRow } from "../mart-rows.js";
import { type QuarterAbsence, round2 } from "./absence-quarter.js";
import { type Quarter, quarterEnd } from "./pack-quarter.js";

export function disclosedQuarterRows(
  entries: readonly QuarterAbsence[],
  quarter: Quarter,
  hierarchy: readonly OrganisationHierarchy[] = [],
): ReturnType<typeof discloseAbsenceRates> {
  const rows: AbsenceMartRow[] = entries.map((e) => ({
    month_end: quarterEnd(quarter),
    level: e.level,
    code: e.code,
    name: e.name,
    staff_group: e.staff_group,
    fte_days_lost: round2(e.fte_days_lost),
    fte_days_available: round2(e.fte_days_available),
    rate_pct: round2(e.rate),
    suppressed: false,
    ...(e.organisations_published === undefined
      ? {}
      : { organisations_summed: e.organisations_summed, organisations_published: e.organisations_published }),
  }));
  return discloseAbsenceRates(rows, hierarchy);
}
