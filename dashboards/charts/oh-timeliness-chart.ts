/**
 * OH timeliness by month against its targets: % of referrals whose first appointment was within 10
 * working days of receipt, and % of reports issued within 2 working days of the appointment (domain notes
 * §8, MoHaWK indicators), each a line with its target as a dashed rule. SEQOHS requires every service to
 * set target waiting times in its SLA but sets no numbers, so the percentage targets are a stated default
 * (OH_TIMELINESS_TARGETS) that a caller can replace with its own SLA's.
 */
import type { TopLevelSpec } from "vega-lite";
import { DashboardInputError } from "../dashboard-errors.js";
import { dashboardMessages } from "../dashboard-messages.js";
import { BASE_CONFIG, CHART_SCHEMA, NHS_COLOURS } from "./chart-style.js";
import { formatMonth } from "./chart-text.js";
import { disclosedShare } from "./disclosed-share.js";
import type { ChartGeography, ReferralWaitsMonthRow } from "./oh-chart-rows.js";

export interface TimelinessTargets {
  /** % of referrals with a first appointment within 10 working days. */
  firstAppointmentPct: number;
  /** % of reports issued within 2 working days of the appointment. */
  reportPct: number;
}

/** Default SLA targets (an assumption, stated on the chart): SEQOHS sets none. */
export const OH_TIMELINESS_TARGETS: TimelinessTargets = { firstAppointmentPct: 90, reportPct: 90 };

export const FIRST_APPOINTMENT_MEASURE = "First appointment within 10 working days";
export const REPORT_MEASURE = "Report within 2 working days";

export interface OhTimelinessChartOptions extends ChartGeography {
  targets?: TimelinessTargets;
  width?: number;
}

/** The months the chart can show: any referral with an appointment or any report, oldest first. */
function timelinessMonths(rows: readonly ReferralWaitsMonthRow[]): ReferralWaitsMonthRow[] {
  return [...rows]
    .filter((r) => r.first_appointment_referrals > 0 || r.reports_issued > 0)
    .sort((a, b) => a.month_end.localeCompare(b.month_end));
}

/**
 * The chart's data, disclosed (rule 2 counts, rule 3 percentages): two rows a month, one per measure.
 * Exported so a pack's narrative and CSV use the same rows as the chart, never the spec.
 */
export function ohTimelinessValues(
  rows: readonly ReferralWaitsMonthRow[],
  options: OhTimelinessChartOptions,
) {
  const targets = options.targets ?? OH_TIMELINESS_TARGETS;
  return timelinessMonths(rows).flatMap((r) => {
    const first = disclosedShare(r.first_appointment_within_10_wd, r.first_appointment_referrals);
    const report = disclosedShare(r.reports_within_2_wd, r.reports_issued);
    return [
      {
        month_end: r.month_end,
        level: options.level,
        measure: FIRST_APPOINTMENT_MEASURE,
        within_target_count: first.numerator_count,
        denominator_count: first.denominator_count,
        percent: first.percent,
        note: first.note,
        target_pct: targets.firstAppointmentPct,
      },
      {
        month_end: r.month_end,
        level: options.level,
        measure: REPORT_MEASURE,
        within_target_count: report.numerator_count,
        denominator_count: report.denominator_count,
        percent: report.percent,
        note: report.note,
        target_pct: targets.reportPct,
      },
    ];
  });
}

export function ohTimelinessChart(
  rows: readonly ReferralWaitsMonthRow[],
  options: OhTimelinessChartOptions,
): TopLevelSpec {
  const targets = options.targets ?? OH_TIMELINESS_TARGETS;
  const months = timelinessMonths(rows);
  if (months.length === 0) {
    throw new DashboardInputError(
      "CHART_INPUT",
      dashboardMessages.chartNoRows("OH timeliness", `no referrals or reports for ${options.name}`),
    );
  }
  const values = ohTimelinessValues(months, options);
  if (values.every((v) => v.percent === null)) {
    throw new DashboardInputError(
      "CHART_INPUT",
      dashboardMessages.chartNoRows(
        "OH timeliness",
        `every month for ${options.name} is withheld for small numbers`,
      ),
    );
  }
  const latest = months[months.length - 1] as ReferralWaitsMonthRow;
  const latestText = (measure: string, target: number) => {
    const v = values.find((x) => x.month_end === latest.month_end && x.measure === measure);
    if (!v || v.percent === null) return `${measure}: ${v?.note ?? "no data"} (target ${target}%)`;
    return `${measure}: ${v.note} (target ${target}%, ${v.percent >= target ? "met" : "not met"})`;
  };
  const metMonths = (measure: string, target: number) => {
    const shown = values.filter((v) => v.measure === measure && v.percent !== null);
    return `${measure.toLowerCase()} met its ${target}% target in ${shown.filter((v) => (v.percent as number) >= target).length} of ${shown.length} published months`;
  };
  const targetText = `Targets ${targets.firstAppointmentPct}% and ${targets.reportPct}% are local SLA assumptions: SEQOHS requires target waiting times but sets no numbers; the 10 and 2 working-day thresholds are the MoHaWK indicators.`;
  const description =
    `Line chart of OH timeliness by month for ${options.name}, ${formatMonth((months[0] as ReferralWaitsMonthRow).month_end)} to ${formatMonth(latest.month_end)}: ` +
    `the percentage of referrals whose first appointment was within 10 working days of receipt, and of reports issued within 2 working days of the appointment, each against its target drawn as a dashed line. ` +
    `Latest month (${formatMonth(latest.month_end)}): ${latestText(FIRST_APPOINTMENT_MEASURE, targets.firstAppointmentPct)}; ${latestText(REPORT_MEASURE, targets.reportPct)}. ` +
    `Over the period, ${metMonths(FIRST_APPOINTMENT_MEASURE, targets.firstAppointmentPct)}, and ${metMonths(REPORT_MEASURE, targets.reportPct)}. ` +
    `${targetText} Percentages from fewer than 8 cases are withheld.`;
  const colour = {
    field: "measure",
    type: "nominal" as const,
    title: null,
    scale: {
      domain: [FIRST_APPOINTMENT_MEASURE, REPORT_MEASURE],
      range: [NHS_COLOURS.blue, NHS_COLOURS.aquaGreen],
    },
  };
  const x = {
    field: "month_end",
    type: "temporal" as const,
    timeUnit: "yearmonth" as const,
    title: null,
    axis: { format: "%b %Y", labelAngle: -40 },
  };
  return {
    $schema: CHART_SCHEMA,
    title: {
      text: `OH timeliness against targets: ${options.name}`,
      subtitle: `% within 10 working days to first appointment and 2 to report, by month. Dashed: targets (${targets.firstAppointmentPct}%, ${targets.reportPct}%; local SLA assumption).`,
    },
    description,
    width: options.width ?? 560,
    height: 260,
    config: BASE_CONFIG,
    data: { values },
    layer: [
      {
        transform: [
          { aggregate: [{ op: "max", field: "target_pct", as: "target_pct" }], groupby: ["measure"] },
        ],
        mark: { type: "rule", strokeDash: [6, 4], strokeWidth: 1.5 },
        encoding: { y: { field: "target_pct", type: "quantitative" }, color: colour },
      },
      {
        transform: [{ filter: "datum.percent !== null" }],
        mark: { type: "line", point: { filled: true, size: 50 }, strokeWidth: 2 },
        encoding: {
          x,
          y: {
            field: "percent",
            type: "quantitative",
            title: "Within target time (%)",
            scale: { domain: [0, 100] },
          },
          color: colour,
          tooltip: [
            { field: "month_end", type: "temporal", timeUnit: "yearmonth", title: "Month", format: "%b %Y" },
            { field: "measure", type: "nominal", title: "Measure" },
            { field: "note", type: "nominal", title: "Within target" },
            { field: "denominator_count", type: "quantitative", title: "Cases" },
            { field: "target_pct", type: "quantitative", title: "Target (%)" },
          ],
        },
      },
    ],
  };
}
