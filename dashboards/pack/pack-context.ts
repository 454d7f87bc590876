/**
 * What every section of one pack shares, computed once from the data the pack read: the scope and
 * quarter, the quarter sums of absence (this quarter, the previous one, the same quarter last year,
 * England), the scope's monthly series, the OH and value mart rows and the provenance. Sections compose
 * from this and never read the warehouse or another section's output.
 */
import { PackNoDataError } from "../dashboard-errors.js";
import { packMessages } from "../dashboard-messages.js";
import { type AbsenceMartRow, ALL_STAFF_GROUPS } from "../mart-rows.js";
import type { Provenance } from "../provenance.js";
import { absenceKey, type QuarterAbsence, quarterAbsence } from "./absence-quarter.js";
import {
  previousQuarter,
  type Quarter,
  quarterEnd,
  quarterKey,
  quarterLabel,
  quarterMonthEnds,
  sameQuarterLastYear,
} from "./pack-quarter.js";
import type { PackScope } from "./pack-scope.js";
import type { BenchmarkSource, ScopeMarts } from "./pack-source.js";
import type { AbsenceSource, PackEvidenceSettings } from "./pack-types.js";

export interface PackContext {
  scope: PackScope;
  quarter: Quarter;
  previous: Quarter;
  lastYear: Quarter;
  /** 'Q4 2023 (Oct–Dec)'. */
  label: string;
  /** The quarter's last day and its month ends ('YYYY-MM-DD'). */
  end: string;
  months: string[];
  source: BenchmarkSource;
  absenceSource: AbsenceSource;
  /** The absence mart the figures come from. */
  absenceTable: "mart_absence_benchmark" | "mart_absence_rate";
  marts: ScopeMarts;
  provenance: Provenance;
  name: string;
  /** "England", or the organisations in the warehouse when the absence is the warehouse's own. */
  englandName: string;
  /** Absence rows of the scope and of England (every month, every staff group). */
  relevant: AbsenceMartRow[];
  sums: Map<string, QuarterAbsence>;
  sumsPrevious: Map<string, QuarterAbsence>;
  sumsLastYear: Map<string, QuarterAbsence>;
  current: QuarterAbsence;
  before: QuarterAbsence | undefined;
  yearBefore: QuarterAbsence | undefined;
  england: QuarterAbsence | undefined;
  /** The scope's monthly all-staff-groups rows up to the quarter's end, oldest first. */
  series: AbsenceMartRow[];
  /** Coverage threshold, SPC limits and targets from the configuration (the site's settings too). */
  evidence: PackEvidenceSettings;
  /**
   * With the warehouse's own absence: NHS England's published figure for the comparison quarters, where
   * published, so both are shown with their difference (never just a different number elsewhere).
   */
  publishedBefore?: QuarterAbsence;
  publishedYearBefore?: QuarterAbsence;
}

export function packContext(
  source: BenchmarkSource,
  marts: ScopeMarts,
  scope: PackScope,
  quarter: Quarter,
  absenceSource: AbsenceSource,
  evidence: PackEvidenceSettings,
  /** The published benchmark, when `source` is the warehouse's own absence. */
  published?: BenchmarkSource,
): PackContext {
  const previous = previousQuarter(quarter);
  const lastYear = sameQuarterLastYear(quarter);
  const months = quarterMonthEnds(quarter);
  const end = quarterEnd(quarter);
  const relevant = source.rows.filter(
    (r) => (r.level === scope.level && r.code === scope.code) || r.level === "england",
  );
  const sums = quarterAbsence(relevant, months);
  const sumsPrevious = quarterAbsence(relevant, quarterMonthEnds(previous));
  const sumsLastYear = quarterAbsence(relevant, quarterMonthEnds(lastYear));
  const key = absenceKey(scope.level, scope.code, ALL_STAFF_GROUPS);
  const current = sums.get(key);
  if (!current) throw new PackNoDataError(packMessages.packNoAbsence(scope.key, quarterKey(quarter)));
  const series = relevant
    .filter(
      (r) =>
        r.level === scope.level &&
        r.code === scope.code &&
        r.staff_group === ALL_STAFF_GROUPS &&
        r.month_end <= end,
    )
    .sort((a, b) => a.month_end.localeCompare(b.month_end));
  return {
    scope,
    quarter,
    previous,
    lastYear,
    label: quarterLabel(quarter),
    end,
    months,
    source,
    absenceSource,
    absenceTable: absenceSource === "benchmark" ? "mart_absence_benchmark" : "mart_absence_rate",
    marts,
    provenance: marts.provenance,
    name: current.name,
    englandName: absenceSource === "benchmark" ? "England" : "England (organisations in this warehouse)",
    relevant,
    sums,
    sumsPrevious,
    sumsLastYear,
    current,
    before: sumsPrevious.get(key),
    yearBefore: sumsLastYear.get(key),
    england: sums.get(absenceKey("england", "ENG", ALL_STAFF_GROUPS)),
    series,
    evidence,
    ...(published ? publishedComparisons(published, scope, previous, lastYear) : {}),
  };
}

function publishedComparisons(
  published: BenchmarkSource,
  scope: PackScope,
  previous: Quarter,
  lastYear: Quarter,
) {
  const rows = published.rows.filter((r) => r.level === scope.level && r.code === scope.code);
  const key = absenceKey(scope.level, scope.code, ALL_STAFF_GROUPS);
  const before = quarterAbsence(rows, quarterMonthEnds(previous)).get(key);
  const yearBefore = quarterAbsence(rows, quarterMonthEnds(lastYear)).get(key);
  return {
    ...(before ? { publishedBefore: before } : {}),
    ...(yearBefore ? { publishedYearBefore: yearBefore } : {}),
  };
}
