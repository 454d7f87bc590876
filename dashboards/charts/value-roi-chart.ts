/**
 * Value of the OH service by quarter (domain notes §4, §8): the cost of sickness absence, the value of
 * FTE days saved against the baseline and the OH service cost (£, grouped bars), and the FTE days saved
 * with the return on investment written on each bar. The assumptions every figure depends on — baseline
 * kind and rate, annual cost per FTE, how benefit and ROI are computed — are stated in the subtitle and
 * the description, so the chart is never read without them. Quarters whose FTE days available are 330 or
 * fewer are withheld (rule 1: the figures are derived from an FTE-day rate).
 */
import type { TopLevelSpec } from "vega-lite";
import { DashboardInputError } from "../dashboard-errors.js";
import { dashboardMessages } from "../dashboard-messages.js";
import { ESR_MIN_FTE_DAYS_AVAILABLE } from "../disclosure/disclosure-control.js";
import { BASE_CONFIG, CHART_SCHEMA, NHS_COLOURS } from "./chart-style.js";
import { formatGbp, formatGbpPerPound, formatQuarter, formatRatio, round } from "./chart-text.js";
import type { ChartGeography, ValueQuarterRow } from "./oh-chart-rows.js";

export interface ValueRoiChartOptions extends ChartGeography {
  /** Where the cost per FTE and the baseline come from (the value model's `source` notes), if known. */
  costSource?: string;
  baselineSource?: string;
  width?: number;
}

type ConcatPanels = Extract<TopLevelSpec, { hconcat: unknown }>["hconcat"];

export const VALUE_MEASURES = [
  "Cost of sickness absence",
  "Value of FTE days saved",
  "OH service cost",
] as const;

/** Why a quarter has no ROI, by mart_value_roi.roi_status (the mart's reason, never a guess). */
const NO_ROI_REASON: Record<string, string> = {
  baseline_period: "no ROI (these months are the baseline)",
  before_baseline: "no ROI (these months come before the baseline)",
  no_absence_data: "no ROI (no absence data)",
  no_service_cost: "no ROI (no OH service cost recorded)",
  no_baseline: "no ROI (no baseline months to compare with)",
};

export function roiText(
  row: Pick<
    ValueQuarterRow,
    "roi" | "benefit_cost_ratio" | "service_cost_gbp" | "benefit_gbp" | "roi_status"
  >,
): string {
  if (row.roi !== null && row.benefit_cost_ratio !== null)
    return `ROI ${formatRatio(row.roi)} (${formatGbpPerPound(row.benefit_cost_ratio)} per £1)`;
  const reason = row.roi_status ? NO_ROI_REASON[row.roi_status] : undefined;
  if (reason) return reason;
  return row.service_cost_gbp === null
    ? "no ROI (no OH service cost recorded)"
    : "no ROI (no baseline, so no days saved to value)";
}

/** The assumptions sentence shared by the subtitle, the description and the pack narrative. */
export function valueAssumptionsText(
  row: ValueQuarterRow,
  options: Pick<ValueRoiChartOptions, "costSource" | "baselineSource">,
): string {
  const baseline =
    row.baseline_kind === null
      ? "no baseline"
      : `a ${row.baseline_kind.replaceAll("_", " ")} baseline${row.baseline_rate_pct === null ? "" : ` of ${row.baseline_rate_pct.toFixed(2)}%`}`;
  return (
    // computed per organisation and summed, so the averages below do not multiply out to the total exactly
    `Days saved = (baseline rate − observed rate) × FTE days available, for each organisation against its own baseline, then summed (${baseline}${options.baselineSource ? `, ${options.baselineSource}` : ""}, weighted); ` +
    `value = each organisation's days saved × its annual cost per FTE ÷ 365, summed (${row.cost_per_fte_gbp === null ? "the configured cost" : formatGbp(row.cost_per_fte_gbp)} per FTE on average${options.costSource ? `, ${options.costSource}` : ""}); ` +
    "ROI = (value − service cost) ÷ service cost."
  );
}

/**
 * The quarters the chart can show: rule 1 where the FTE days available are known; a quarter before the
 * value model's baseline has a cost of absence but no value row (and so no FTE days available) and is
 * still shown. Oldest first.
 */
export function valueRoiQuarters(rows: readonly ValueQuarterRow[]): ValueQuarterRow[] {
  return [...rows]
    .filter((r) => r.fte_days_available === null || r.fte_days_available > ESR_MIN_FTE_DAYS_AVAILABLE)
    .filter((r) => r.cost_of_absence_gbp !== null || r.days_saved !== null)
    .sort((a, b) => a.quarter_end.localeCompare(b.quarter_end));
}

/** The chart's data, three measures a quarter. Exported so a pack's CSV uses the chart's rows, never the spec. */
export function valueRoiValues(rows: readonly ValueQuarterRow[]) {
  return valueRoiQuarters(rows).flatMap((r) => {
    const amounts = [r.cost_of_absence_gbp, r.benefit_gbp, r.service_cost_gbp];
    return VALUE_MEASURES.map((measure, i) => ({
      quarter_end: r.quarter_end,
      quarter: formatQuarter(r.quarter_end),
      measure,
      gbp: amounts[i] === null || amounts[i] === undefined ? null : round(amounts[i] as number, 0),
      days_saved: r.days_saved === null ? null : round(r.days_saved, 1),
      roi: r.roi === null ? null : round(r.roi, 2),
      benefit_cost_ratio: r.benefit_cost_ratio === null ? null : round(r.benefit_cost_ratio, 2),
      roi_text: roiText(r),
      roi_label: r.roi === null ? "no cost" : `ROI ${formatRatio(r.roi)}`,
    }));
  });
}

export function valueRoiChart(rows: readonly ValueQuarterRow[], options: ValueRoiChartOptions): TopLevelSpec {
  const quarters = valueRoiQuarters(rows);
  const latest = quarters[quarters.length - 1];
  if (!latest) {
    throw new DashboardInputError(
      "CHART_INPUT",
      dashboardMessages.chartNoRows("value and ROI", `no quarter with published absence for ${options.name}`),
    );
  }
  const values = valueRoiValues(quarters);
  const assumptions = valueAssumptionsText(latest, options);
  const anyDaysSaved = quarters.some((q) => q.days_saved !== null);
  const quarterLabels = quarters.map((q) => formatQuarter(q.quarter_end));
  const description =
    `Bar charts of the value of the OH service for ${options.name} by quarter, ${quarterLabels[0]} to ${quarterLabels.at(-1)}: the cost of sickness absence, the value of FTE days saved and the OH service cost in pounds, and the FTE days saved with the return on investment. ` +
    `In ${formatQuarter(latest.quarter_end)}: cost of absence ${latest.cost_of_absence_gbp === null ? "not available" : formatGbp(latest.cost_of_absence_gbp)}, ` +
    `${latest.days_saved === null ? "no days saved computed (no baseline)" : `${round(latest.days_saved, 0).toLocaleString("en-GB")} FTE days ${latest.days_saved >= 0 ? "saved" : "lost over the baseline"} worth ${formatGbp(latest.benefit_gbp ?? 0)}`}, ` +
    `OH service cost ${latest.service_cost_gbp === null ? "not recorded" : formatGbp(latest.service_cost_gbp)}, ${roiText(latest)}. ` +
    `Assumptions: ${assumptions} These are modelled estimates, not accounts.` +
    dashboardMessages.valueCostPartial(
      quarters
        .filter((q) => q.cost_of_absence_gbp !== null && (q.org_months_not_costed ?? 0) > 0)
        .map((q) => `${formatQuarter(q.quarter_end)} (${q.org_months_not_costed})`),
    );
  const x = {
    field: "quarter",
    type: "ordinal" as const,
    title: null,
    sort: quarterLabels,
    axis: { labelAngle: 0 },
  };
  const panels: ConcatPanels = [
    {
      title: "Pounds by quarter",
      width: options.width ?? 300,
      height: 220,
      transform: [{ filter: "datum.gbp !== null" }],
      mark: { type: "bar" },
      encoding: {
        x,
        xOffset: { field: "measure", type: "nominal", sort: [...VALUE_MEASURES] },
        y: { field: "gbp", type: "quantitative", title: "£", axis: { format: ",.0f" } },
        color: {
          field: "measure",
          type: "nominal",
          title: null,
          scale: {
            domain: [...VALUE_MEASURES],
            range: [NHS_COLOURS.orange, NHS_COLOURS.aquaGreen, NHS_COLOURS.darkBlue],
          },
        },
        tooltip: [
          { field: "quarter", type: "nominal", title: "Quarter" },
          { field: "measure", type: "nominal", title: "Measure" },
          { field: "gbp", type: "quantitative", title: "£", format: ",.0f" },
        ],
      },
    },
  ];
  // No baseline in any quarter (e.g. all within the pre-period): no days-saved panel; the subtitle says so.
  if (anyDaysSaved)
    panels.push({
      title: "FTE days saved and ROI",
      width: options.width ?? 220,
      height: 220,
      transform: [
        {
          filter: {
            and: [{ field: "measure", equal: VALUE_MEASURES[0] }, "datum.days_saved !== null"],
          },
        },
      ],
      encoding: { x },
      layer: [
        {
          mark: { type: "bar", color: NHS_COLOURS.aquaGreen },
          encoding: {
            y: { field: "days_saved", type: "quantitative", title: "FTE days saved" },
            tooltip: [
              { field: "quarter", type: "nominal", title: "Quarter" },
              { field: "days_saved", type: "quantitative", title: "FTE days saved", format: ",.1f" },
              { field: "roi_text", type: "nominal", title: "Return" },
            ],
          },
        },
        {
          mark: { type: "text", dy: -8, color: NHS_COLOURS.darkGrey, fontSize: 10 },
          encoding: {
            y: { field: "days_saved", type: "quantitative" },
            text: { field: "roi_label", type: "nominal" },
          },
        },
      ],
    });
  return {
    $schema: CHART_SCHEMA,
    title: {
      text: `Value and return on investment: ${options.name}`,
      subtitle: [
        "Modelled estimates, per organisation and summed. Days saved = (baseline − observed rate) × FTE days available;",
        `value = days × cost per FTE-year ÷ 365 (on average ${latest.cost_per_fte_gbp === null ? "not known" : `${formatGbp(latest.cost_per_fte_gbp)} per FTE-year`}); baseline: ${latest.baseline_kind === null ? "none" : `${latest.baseline_kind.replaceAll("_", " ")}${latest.baseline_rate_pct === null ? "" : ` ${latest.baseline_rate_pct.toFixed(2)}%`}`}.`,
        ...(anyDaysSaved ? [] : ["No FTE days saved or ROI: no baseline rate for these quarters."]),
      ],
    },
    description,
    config: BASE_CONFIG,
    data: { values },
    hconcat: panels,
    resolve: { scale: { color: "independent" } },
  };
}
