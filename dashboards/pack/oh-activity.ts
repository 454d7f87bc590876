/**
 * The OH quarter measures the timeliness and prevention sections state (first appointment ≤ 10 and
 * report ≤ 2 working days, DNA, PEP ≤ 60 minutes, for the quarter and its comparison quarters), under
 * disclosure rules 2 and 3 and, stricter than rule 3, a percentage withheld when its numerator is. The
 * same disclosed rows are the narrative's numbers and oh-activity.csv.
 */
import { type Disclosed, discloseCount, disclosePercentage } from "../disclosure/disclosure-control.js";
import { numberOf } from "./mart-record.js";
import type { PackContext } from "./pack-context.js";
import { type Quarter, quarterEnd, quarterKey } from "./pack-quarter.js";
import type { QuarterRows } from "./pack-source.js";
import type { Cell, PackTable } from "./pack-types.js";

export const FIRST_APPOINTMENT = "first appointment within 10 working days";
export const REPORT = "report within 2 working days";
export const DNA = "did not attend";
export const PEP = "PEP within 60 minutes of a high-risk exposure";

/** A disclosed share; null: nothing to share; undefined: no data for it. */
export type Share = Disclosed | null | undefined;

export interface OhActivity {
  share(measure: string, quarter: Quarter): Share;
  table: PackTable | null;
}

const MEASURES: readonly {
  name: string;
  rows: (context: PackContext) => QuarterRows;
  numerator: string;
  denominator: string;
}[] = [
  {
    name: FIRST_APPOINTMENT,
    rows: (c) => c.marts.referralWaits,
    numerator: "first_appointment_within_10_wd",
    denominator: "first_appointment_referrals",
  },
  {
    name: REPORT,
    rows: (c) => c.marts.referralWaits,
    numerator: "reports_within_2_wd",
    denominator: "reports_issued",
  },
  {
    name: DNA,
    rows: (c) => c.marts.appointmentDna,
    numerator: "appointments_dna",
    denominator: "appointments_booked",
  },
  {
    name: PEP,
    rows: (c) => c.marts.exposurePep,
    numerator: "pep_within_60_minutes",
    denominator: "high_risk_exposures",
  },
];

export function ohActivity(context: PackContext): OhActivity {
  const rows: Cell[][] = [];
  const shares = new Map<string, Share>();
  // Current quarter first, then the comparison quarters, as the narrative reads them.
  for (const q of [context.quarter, context.previous, context.lastYear]) {
    for (const m of MEASURES) {
      const row = m.rows(context).get(quarterEnd(q))?.[0];
      const numerator = numberOf(row, m.numerator);
      const denominator = numberOf(row, m.denominator);
      if (numerator === null || denominator === null || denominator === 0) continue;
      const shownNumerator = discloseCount(numerator);
      const share = shownNumerator === "*" ? "*" : disclosePercentage(numerator, denominator);
      shares.set(`${m.name}|${quarterKey(q)}`, share);
      rows.push([
        quarterKey(q),
        context.scope.level,
        context.scope.code,
        m.name,
        shownNumerator,
        discloseCount(denominator),
        share,
      ]);
    }
  }
  return {
    share: (measure, q) => shares.get(`${measure}|${quarterKey(q)}`),
    table:
      rows.length === 0
        ? null
        : {
            file: "oh-activity.csv",
            header: [
              "quarter",
              "level",
              "code",
              "measure",
              "numerator_count",
              "denominator_count",
              "percent",
            ],
            rows,
          },
  };
}

export function shownPct(value: Share): string {
  return value === null || value === undefined ? "none" : value === "*" ? "*" : `${value}%`;
}

/** Month ends after this are in the 12 months to the quarter's end (quarter ends are never in February). */
export function yearBefore(end: string): string {
  return `${Number(end.slice(0, 4)) - 1}${end.slice(4)}`;
}

/** Values as CSV rows: null counts are withheld ("*"), other nulls empty. */
export function valuesTable(
  file: string,
  values: readonly object[],
  columns: readonly string[],
  context: PackContext,
): PackTable {
  return {
    file,
    header: ["level", "code", ...columns],
    rows: values.map((v) => [
      context.scope.level,
      context.scope.code,
      ...columns.map((c): Cell => {
        const x = (v as Record<string, unknown>)[c];
        if (x === null || x === undefined) return c.endsWith("_count") ? "*" : null;
        return typeof x === "number" || typeof x === "string" ? x : String(x);
      }),
    ]),
  };
}
