/**
 * Sickness absence rate over time as an XmR (SPC) chart, the form NHS "Making Data Count" asks boards
 * to use instead of RAG ratings: monthly rate, mean, process limits, and points coloured by MDC
 * variation class. Suppressed months are left out of the statistics and the line (and said so). The
 * title carries the measure's MDC variation icon and, with a target, its assurance icon and a target
 * line; fewer than 15 months carry a warning that the limits are provisional.
 */
import type { TopLevelSpec } from "vega-lite";
import { DashboardInputError } from "../dashboard-errors.js";
import { dashboardMessages } from "../dashboard-messages.js";
import { type AbsenceMartRow, ALL_STAFF_GROUPS } from "../mart-rows.js";
import {
  assuranceIcon,
  assuranceLabel,
  computeXmr,
  type ImprovementDirection,
  type VariationClass,
  variationIcon,
  variationLabel,
  XMR_MIN_POINTS,
  type XmrOptions,
} from "../spc/xmr.js";
import { BASE_CONFIG, CHART_SCHEMA, NHS_COLOURS, VARIATION_COLOURS } from "./chart-style.js";
import { formatMonth, round } from "./chart-text.js";
import { fewestOfPublished } from "./published-part.js";

export interface AbsenceSpcChartOptions extends Omit<XmrOptions, "direction"> {
  /** Organisation, ICB, region code or 'ENG'. */
  code: string;
  staffGroup?: string;
  /** Absence: lower is better (the default). */
  direction?: ImprovementDirection;
  /** A target rate (%), drawn as a line and judged by the assurance icon. */
  target?: number;
  width?: number;
  height?: number;
}

const VARIATION_ORDER: readonly VariationClass[] = [
  "common_cause",
  "improvement_high",
  "improvement_low",
  "concern_high",
  "concern_low",
  "neither_high",
  "neither_low",
];

const RULE_LABEL = {
  beyond_limits: "beyond a limit",
  shift: "shift",
  trend: "trend",
  two_of_three: "2 of 3 near limit",
};

export function absenceSpcChart(
  rows: readonly AbsenceMartRow[],
  options: AbsenceSpcChartOptions,
): TopLevelSpec {
  const staffGroup = options.staffGroup ?? ALL_STAFF_GROUPS;
  const series = rows
    .filter((r) => r.code === options.code && r.staff_group === staffGroup)
    .sort((a, b) => a.month_end.localeCompare(b.month_end));
  const shown = series.filter((r) => !r.suppressed && r.rate_pct !== null);
  if (shown.length < 2) {
    throw new DashboardInputError(
      "CHART_INPUT",
      dashboardMessages.chartNoRows(
        "SPC",
        `${shown.length} unsuppressed months for ${options.code} / ${staffGroup}`,
      ),
    );
  }
  const xmr = computeXmr(
    shown.map((r) => r.rate_pct as number),
    { ...options, direction: options.direction ?? "lower_is_better" },
  );
  const values = shown.map((r, i) => {
    const p = xmr.points[i];
    if (p === undefined) throw new Error("unreachable: one XmR point per value");
    return {
      month_end: r.month_end,
      rate_pct: r.rate_pct,
      mean: round(p.mean, 3),
      upl: round(p.upl, 3),
      lpl: round(p.lpl, 3),
      variation: variationLabel(p.variation),
      signals: p.signals.map((s) => `${RULE_LABEL[s.rule]} (${s.side})`).join(", ") || "none",
      ...(options.target === undefined ? {} : { target_pct: options.target }),
    };
  });
  const present = VARIATION_ORDER.filter((v) => xmr.points.some((p) => p.variation === v));
  const first = shown[0] as AbsenceMartRow;
  const last = shown[shown.length - 1] as AbsenceMartRow;
  const lastPoint = xmr.points[xmr.points.length - 1];
  const flagged = xmr.points.filter((p) => p.signals.length > 0).length;
  // a month with no FTE days available has no rate at all: that is missing data, not small numbers
  const notPlotted = series.filter((r) => r.suppressed || r.rate_pct === null);
  const noDenominator = notPlotted.filter((r) => !r.fte_days_available).length;
  const withheld = notPlotted.length - noDenominator;
  const range = `${formatMonth(first.month_end)} to ${formatMonth(last.month_end)}`;
  const partial = fewestOfPublished(shown);
  const limitsText = `Mean ${xmr.mean.toFixed(2)}%, process limits ${xmr.lpl.toFixed(2)}% to ${xmr.upl.toFixed(2)}%.`;
  const latestText = `Latest (${formatMonth(last.month_end)}) ${last.rate_pct}%: ${lastPoint ? variationLabel(lastPoint.variation).toLowerCase() : ""}.`;
  const direction = options.direction ?? "lower_is_better";
  const icons = dashboardMessages.spcIcons(
    variationLabel(variationIcon(xmr)),
    assuranceLabel(assuranceIcon(xmr, options.target, direction)),
    options.target,
  );
  const warning = xmr.shortSeries ? ` ${dashboardMessages.spcShortSeries(shown.length, XMR_MIN_POINTS)}` : "";
  const summary = `${limitsText} ${latestText} ${icons}${warning}`;
  const description =
    `XmR statistical process control chart of the monthly sickness absence rate for ${first.name}, ${staffGroup}, ` +
    `${range} (${shown.length} months). ${summary} ${flagged} month${flagged === 1 ? "" : "s"} show special-cause variation ` +
    `(lower is ${options.direction === "higher_is_better" ? "worse" : "better"}).` +
    dashboardMessages.spcNotPlotted(withheld, noDenominator) +
    dashboardMessages.partialPublishedMonths(partial.months, partial.fewest);

  const x = {
    field: "month_end",
    type: "temporal" as const,
    timeUnit: "utcyearmonth" as const,
    title: "Month",
    axis: { format: "%b %Y", labelAngle: -45 },
  };
  const limitLine = (field: "upl" | "lpl" | "mean", dashed: boolean) => ({
    mark: {
      type: "line" as const,
      color: NHS_COLOURS.darkGrey,
      strokeDash: dashed ? [6, 4] : [1, 0],
      strokeWidth: 1.5,
    },
    encoding: { x, y: { field, type: "quantitative" as const } },
  });
  return {
    $schema: CHART_SCHEMA,
    title: {
      text: `Sickness absence rate: ${first.name}`,
      subtitle: [
        `${staffGroup}, ${range}.`,
        limitsText,
        latestText,
        icons,
        ...(warning ? [warning.trim()] : []),
      ],
    },
    description,
    width: options.width ?? 640,
    height: options.height ?? 320,
    config: BASE_CONFIG,
    data: { values },
    encoding: { x },
    layer: [
      limitLine("upl", true),
      limitLine("lpl", true),
      limitLine("mean", false),
      ...(options.target === undefined
        ? []
        : [
            {
              mark: {
                type: "line" as const,
                color: NHS_COLOURS.darkBlue,
                strokeDash: [2, 2],
                strokeWidth: 2,
              },
              encoding: { x, y: { field: "target_pct", type: "quantitative" as const } },
            },
          ]),
      {
        mark: { type: "line", color: NHS_COLOURS.midGrey, strokeWidth: 2 },
        encoding: {
          y: {
            field: "rate_pct",
            type: "quantitative",
            title: "Sickness absence rate (%)",
            scale: { zero: false },
          },
        },
      },
      {
        mark: { type: "point", filled: true, size: 60, opacity: 1 },
        encoding: {
          y: { field: "rate_pct", type: "quantitative", title: "Sickness absence rate (%)" },
          color: {
            field: "variation",
            type: "nominal",
            title: "Variation",
            scale: { domain: present.map(variationLabel), range: present.map((v) => VARIATION_COLOURS[v]) },
          },
          tooltip: [
            { field: "month_end", type: "temporal", timeUnit: "utcyearmonth", title: "Month" },
            { field: "rate_pct", type: "quantitative", title: "Rate (%)" },
            { field: "variation", type: "nominal", title: "Variation" },
            { field: "signals", type: "nominal", title: "Signals" },
          ],
        },
      },
    ],
  };
}
