/**
 * Sharps and splash exposures by month (bars: all exposures, high-risk ones darker) and the percentage
 * of high-risk exposures given post-exposure prophylaxis within 60 minutes (line, right axis; domain
 * notes §8 PEP timeliness, a MoHaWK indicator). Counts (at every level) are rounded to 5 with 1–7
 * withheld; a withheld count, or a percentage from fewer than 8 high-risk exposures or from 1–7 given PEP,
 * is left as a gap.
 */
import type { TopLevelSpec } from "vega-lite";
import { DashboardInputError } from "../dashboard-errors.js";
import { dashboardMessages } from "../dashboard-messages.js";
import { BASE_CONFIG, CHART_SCHEMA, NHS_COLOURS } from "./chart-style.js";
import { formatMonth } from "./chart-text.js";
import { disclosedCount, disclosedShare } from "./disclosed-share.js";
import type { ChartGeography, ExposureMonthRow } from "./oh-chart-rows.js";

export interface ExposurePepChartOptions extends ChartGeography {
  width?: number;
}

/**
 * The chart's data, disclosed, one row per month with an exposure. Exported so a pack's narrative and
 * CSV use the same rows as the chart, never the spec.
 */
export function exposurePepValues(rows: readonly ExposureMonthRow[], options: ExposurePepChartOptions) {
  return [...rows]
    .filter((r) => r.exposures > 0)
    .sort((a, b) => a.month_end.localeCompare(b.month_end))
    .map((r) => {
      const pep = disclosedShare(r.pep_within_60_minutes, r.high_risk_exposures);
      return {
        month_end: r.month_end,
        level: options.level,
        exposures_count: disclosedCount(r.exposures),
        high_risk_count: pep.denominator_count,
        pep_within_60_count: pep.numerator_count,
        pep_pct: pep.percent,
        pep_note: pep.note,
      };
    });
}

export function exposurePepChart(
  rows: readonly ExposureMonthRow[],
  options: ExposurePepChartOptions,
): TopLevelSpec {
  const months = [...rows]
    .filter((r) => r.exposures > 0)
    .sort((a, b) => a.month_end.localeCompare(b.month_end));
  if (months.length === 0) {
    throw new DashboardInputError(
      "CHART_INPUT",
      dashboardMessages.chartNoRows("exposures and PEP", `no exposures recorded for ${options.name}`),
    );
  }
  const values = exposurePepValues(months, options);
  // High-risk exposures never outnumber exposures, so with every exposure count withheld they are 0 or
  // withheld too: nothing left to draw.
  if (values.every((v) => v.exposures_count === null && v.pep_pct === null)) {
    throw new DashboardInputError(
      "CHART_INPUT",
      dashboardMessages.chartNoRows(
        "exposures and PEP",
        `every month for ${options.name} is withheld for small numbers`,
      ),
    );
  }
  const total = months.reduce((a, r) => a + r.exposures, 0);
  const highRisk = months.reduce((a, r) => a + r.high_risk_exposures, 0);
  const pepTotal = months.reduce((a, r) => a + r.pep_within_60_minutes, 0);
  const overall = disclosedShare(pepTotal, highRisk);
  const first = months[0] as ExposureMonthRow;
  const last = months[months.length - 1] as ExposureMonthRow;
  const totalShown = disclosedCount(total);
  const highShown = disclosedCount(highRisk);
  const description =
    `Bar and line chart of sharps and splash exposures for ${options.name} by month, ${formatMonth(first.month_end)} to ${formatMonth(last.month_end)}. ` +
    `Bars: exposures (${totalShown === null ? "a withheld number" : totalShown.toLocaleString("en-GB")} over the period, ${highShown === null ? "a withheld number" : highShown.toLocaleString("en-GB")} high-risk). ` +
    `Line: high-risk exposures given post-exposure prophylaxis within 60 minutes, ${overall.note} over the period. ` +
    (options.level === "england" ? "" : "Counts are rounded to the nearest 5 and 1–7 withheld; ") +
    "a month's percentage is withheld when it has fewer than 8 high-risk exposures or 1–7 of them given PEP.";
  const x = {
    field: "month_end",
    type: "ordinal" as const,
    timeUnit: "yearmonth" as const,
    title: null,
    axis: { format: "%b %Y", labelAngle: -40 },
  };
  const tooltip = [
    {
      field: "month_end",
      type: "ordinal" as const,
      timeUnit: "yearmonth" as const,
      title: "Month",
      format: "%b %Y",
    },
    { field: "exposures_count", type: "quantitative" as const, title: "Exposures" },
    { field: "high_risk_count", type: "quantitative" as const, title: "High-risk exposures" },
    { field: "pep_note", type: "nominal" as const, title: "PEP within 60 minutes" },
  ];
  return {
    $schema: CHART_SCHEMA,
    title: {
      text: `Exposures and PEP timeliness: ${options.name}`,
      subtitle:
        "Bars: exposures by month (dark: high-risk). Line: % of high-risk exposures given PEP within 60 minutes.",
    },
    description,
    width: options.width ?? 560,
    height: 260,
    config: BASE_CONFIG,
    data: { values },
    encoding: { x },
    layer: [
      {
        layer: [
          {
            transform: [{ filter: "datum.exposures_count !== null" }],
            mark: { type: "bar", color: NHS_COLOURS.lightBlue },
            encoding: {
              y: { field: "exposures_count", type: "quantitative", title: "Exposures" },
              tooltip,
            },
          },
          {
            transform: [{ filter: "datum.high_risk_count !== null" }],
            mark: { type: "bar", color: NHS_COLOURS.darkBlue, width: { band: 0.5 } },
            encoding: { y: { field: "high_risk_count", type: "quantitative" }, tooltip },
          },
        ],
      },
      {
        transform: [{ filter: "datum.pep_pct !== null" }],
        mark: {
          type: "line",
          color: NHS_COLOURS.orange,
          strokeWidth: 2,
          point: { filled: true, size: 50, color: NHS_COLOURS.orange },
        },
        encoding: {
          y: {
            field: "pep_pct",
            type: "quantitative",
            title: "PEP within 60 minutes (%)",
            scale: { domain: [0, 100] },
            axis: { orient: "right", titleColor: NHS_COLOURS.orange },
          },
          tooltip,
        },
      },
    ],
    resolve: { scale: { y: "independent" } },
  };
}
