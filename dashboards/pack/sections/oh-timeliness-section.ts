/**
 * Timely, high-quality OH services: referral → first appointment ≤ 10 and appointment → report ≤ 2
 * working days against their configured targets (default 90%, a stated local-SLA assumption: SEQOHS sets
 * no numbers), change on
 * the previous quarter and last year, DNA, and the months of the year to the quarter's end.
 */
import { CHART_REGISTRY } from "../../charts/chart-registry.js";
import { formatMonth } from "../../charts/chart-text.js";
import {
  FIRST_APPOINTMENT_MEASURE,
  OH_TIMELINESS_TARGETS,
  ohTimelinessValues,
  REPORT_MEASURE,
  type TimelinessTargets,
} from "../../charts/oh-timeliness-chart.js";
import { targetFor } from "../../spc/measure-targets.js";
import {
  DNA,
  FIRST_APPOINTMENT,
  ohActivity,
  REPORT,
  type Share,
  shownPct,
  valuesTable,
  yearBefore,
} from "../oh-activity.js";
import { coverageFirst, coverageSentence, OH_DISCLOSURE_NOTE } from "../oh-coverage.js";
import { optionalChart } from "../optional-chart.js";
import type { PackContext } from "../pack-context.js";
import { DRIVERS } from "../pack-drivers.js";
import { quarterLabel } from "../pack-quarter.js";
import type { HeadlineFigure, HeadlineTile, PackChart, PackTable } from "../pack-types.js";
import type { PackSectionModule } from "./section-module.js";

/** The configured targets of the scope (targets.ohFirstAppointmentPct, targets.ohReportPct), else the defaults. */
function ohTargets(context: PackContext): TimelinessTargets & { source: string } {
  const { targets } = context.evidence;
  const first = targetFor(targets, "ohFirstAppointmentPct", context.scope.key);
  const report = targetFor(targets, "ohReportPct", context.scope.key);
  const sources = [...new Set([first?.source, report?.source].filter((x): x is string => Boolean(x)))];
  return {
    firstAppointmentPct: first?.value ?? OH_TIMELINESS_TARGETS.firstAppointmentPct,
    reportPct: report?.value ?? OH_TIMELINESS_TARGETS.reportPct,
    source: sources.join("; ") || "local SLA assumption (SEQOHS sets no numbers; thresholds from MoHaWK)",
  };
}

const READS = ["mart_referral_waits", "mart_appointment_dna", "mart_coverage"];

export const ohTimelinessSection: PackSectionModule = {
  id: "oh-timeliness",
  reads: () => READS,
  compose(context) {
    const { quarter, previous, lastYear, label, end, name, scope } = context;
    const targets = ohTargets(context);
    const activity = ohActivity(context);
    const paragraphs: string[] = [];
    const charts: PackChart[] = [];
    const tables: PackTable[] = [];
    const headline: HeadlineFigure[] = [];
    const tiles: HeadlineTile[] = [];
    const against = (share: Share, target: number) =>
      typeof share === "number" ? ` (target ${target}%: ${share >= target ? "met" : "not met"})` : "";
    const compare = (measure: string) => {
      const parts = [previous, lastYear].flatMap((q) => {
        const share = activity.share(measure, q);
        return share === undefined ? [] : [`${shownPct(share)} in ${quarterLabel(q)}`];
      });
      return parts.length > 0 ? ` That compares with ${parts.join(" and ")}.` : "";
    };
    const firstAppt = activity.share(FIRST_APPOINTMENT, quarter);
    const report = activity.share(REPORT, quarter);
    if (firstAppt !== undefined) {
      paragraphs.push(
        `First appointment within 10 working days of referral: ${shownPct(firstAppt)} of referrals with an appointment in ${label}${against(firstAppt, targets.firstAppointmentPct)}.` +
          compare(FIRST_APPOINTMENT),
      );
      if (typeof firstAppt === "number") {
        headline.push({
          label: `First appointment within 10 working days, ${label}`,
          value: `${firstAppt}%`,
        });
        tiles.push({
          label: `First OH appointment within 10 working days, ${label}`,
          value: `${firstAppt}%`,
          changes: [previous, lastYear].map((q) => {
            const s = activity.share(FIRST_APPOINTMENT, q);
            const when = quarterLabel(q).split(" (")[0] as string;
            return typeof s === "number"
              ? `${firstAppt - s > 0 ? "+" : firstAppt - s < 0 ? "−" : "±"}${Math.abs(firstAppt - s).toFixed(1)} pp on ${when} (${s}%)`
              : `${when}: ${s === undefined ? "no data" : "withheld"}`;
          }),
          comparison: `Target ${targets.firstAppointmentPct}%: ${firstAppt >= targets.firstAppointmentPct ? "met" : "not met"}`,
          icons: null,
          source: ["Own OH case-management events", coverageSentence(context, "oh_case_management")]
            .filter(Boolean)
            .join(". "),
        });
      }
    }
    if (report !== undefined)
      paragraphs.push(
        `Reports issued within 2 working days of the appointment: ${shownPct(report)}${against(report, targets.reportPct)}.` +
          compare(REPORT),
      );
    const dnaShare = activity.share(DNA, quarter);
    if (dnaShare !== undefined)
      paragraphs.push(`Did-not-attend rate: ${shownPct(dnaShare)} of booked appointments.`);
    const waits = (context.marts.oh?.referralWaits ?? []).filter(
      (r) => r.month_end > yearBefore(end) && r.month_end <= end,
    );
    const geography = { level: scope.level, name };
    const geographyTargets = { ...geography, targets };
    const spec = optionalChart(() => CHART_REGISTRY["oh-timeliness"].build(waits, geographyTargets));
    if (spec) {
      // The narrative counts from the chart's own rows, computed here from the mart (never read from the spec).
      const values = ohTimelinessValues(waits, geographyTargets);
      charts.push({ id: "oh-timeliness", spec, table: "oh-timeliness-monthly.csv" });
      const met = (measure: string, target: number) => {
        const shown = values.filter((v) => v.measure === measure && v.percent !== null);
        return `${shown.filter((v) => (v.percent as number) >= target).length} of ${shown.length}`;
      };
      paragraphs.push(
        `Over the 12 months to ${formatMonth(end)}, first appointments met the ${targets.firstAppointmentPct}% target in ${met(FIRST_APPOINTMENT_MEASURE, targets.firstAppointmentPct)} published months and reports the ${targets.reportPct}% target in ${met(REPORT_MEASURE, targets.reportPct)}. ` +
          `The 10 and 2 working-day thresholds are the MoHaWK indicators; SEQOHS requires every service to set target waiting times in its SLA but sets no numbers, so the percentage targets are configured (targets.ohFirstAppointmentPct, targets.ohReportPct): ${targets.source}.`,
      );
      tables.push(
        valuesTable(
          "oh-timeliness-monthly.csv",
          values,
          ["month_end", "measure", "within_target_count", "denominator_count", "percent", "target_pct"],
          context,
        ),
      );
    }
    if (paragraphs.length === 0) return { omitted: "OH referral waits and appointments" };
    coverageFirst(context, paragraphs, "oh_case_management");
    paragraphs.push(OH_DISCLOSURE_NOTE);
    const activityTables = activity.table ? [activity.table] : [];
    return {
      section: {
        id: "oh-timeliness",
        title: "Timely, high-quality OH services",
        driver: DRIVERS.measurement,
        reads: READS,
        paragraphs,
        charts: charts.map((c) => c.id),
        tables: [...activityTables, ...tables].map((t) => t.file),
      },
      charts,
      tables: [...activityTables, ...tables],
      headline,
      tiles,
      ...(spec
        ? {
            assumptions: {
              ohTimelinessTargets: {
                firstAppointmentWithin10WorkingDaysPct: targets.firstAppointmentPct,
                reportWithin2WorkingDaysPct: targets.reportPct,
                source: targets.source,
              },
            },
          }
        : {}),
    };
  },
};
