/**
 * Value and ROI (Identity and impact): cost of absence, days saved, benefit and ROI with its low–high
 * range and the value-model assumptions; when there is no ROI, the reason mart_value_roi.roi_status
 * gives; when the headline's FTE days lost are NHS England's published figure, both figures and the
 * published days priced alike. Below the coverage threshold totals are the reporting organisations'.
 */

import { CHART_REGISTRY } from "../../charts/chart-registry.js";
import {
  formatCount,
  formatGbp,
  formatGbpPerPound,
  formatQuarter,
  formatRate,
  formatRatio,
} from "../../charts/chart-text.js";
import {
  roiText,
  valueAssumptionsText,
  valueRoiQuarters,
  valueRoiValues,
} from "../../charts/value-roi-chart.js";
import { packMessages } from "../../dashboard-messages.js";
import { round2 } from "../absence-quarter.js";
import { numberOf } from "../mart-record.js";
import { valuesTable, yearBefore } from "../oh-activity.js";
import { coverageFirst, coverageOf, coverageSentence, isPartial } from "../oh-coverage.js";
import { DRIVERS } from "../pack-drivers.js";
import { quarterKey } from "../pack-quarter.js";
import type { MartRecord } from "../pack-source.js";
import type { Cell, HeadlineFigure, HeadlineTile, PackChart, PackTable } from "../pack-types.js";
import type { PackSectionModule } from "./section-module.js";

/** Why ROI is or is not computed (mart_value_roi.roi_status); no row at all: no data for the scope. */
export type RoiStatus =
  | "computed"
  | "baseline_period"
  | "before_baseline"
  | "no_absence_data"
  | "no_service_cost"
  | "no_baseline"
  | "no_value_row";

const KNOWN: readonly RoiStatus[] = [
  "computed",
  "baseline_period",
  "before_baseline",
  "no_absence_data",
  "no_service_cost",
  "no_baseline",
];

function roiStatusOf(value: MartRecord | undefined): RoiStatus {
  if (!value) return "no_value_row";
  const status = String(value.roi_status);
  return (KNOWN as readonly string[]).includes(status) ? (status as RoiStatus) : "no_value_row";
}

/** The configured baseline in words, from the assumptions the row carries. */
function baselineText(value: MartRecord | undefined): string {
  if (typeof value?.assumptions_json !== "string") return "the configured baseline";
  const baseline = (JSON.parse(value.assumptions_json) as { baseline?: Record<string, unknown> }).baseline;
  if (baseline?.kind === "pre_period")
    return `the pre-period ${String(baseline.pre_period_start)} to ${String(baseline.pre_period_end)}`;
  if (baseline?.kind === "before_first_cost")
    return `the ${String(baseline.months)} months before the first OH service cost`;
  return "the benchmark-group peer rate";
}

/** The low / central / high assumptions behind the ROI range, from the row's value model. */
function sensitivityText(value: MartRecord): string | null {
  if (typeof value.assumptions_json !== "string") return null;
  const sensitivity = (
    JSON.parse(value.assumptions_json) as {
      sensitivity?: {
        cost_per_fte_factor: Record<"low" | "central" | "high", number>;
        attributed_share: Record<"low" | "central" | "high", number>;
      };
    }
  ).sensitivity;
  if (!sensitivity) return null;
  const pct = (x: number) => `${Math.round(x * 100)}%`;
  const { cost_per_fte_factor: cost, attributed_share: share } = sensitivity;
  return `Assumptions (low / central / high): cost per FTE at ${pct(cost.low)} / ${pct(cost.central)} / ${pct(cost.high)} of the configured figures; ${pct(share.low)} / ${pct(share.central)} / ${pct(share.high)} of the change in absence against the baseline attributed to the OH service.`;
}

const READS = ["mart_sickness_cost", "mart_value_roi", "mart_coverage"];

export const valueSection: PackSectionModule = {
  id: "value",
  reads: () => READS,
  compose(context) {
    const { marts, end, label, name, scope, quarter } = context;
    const cost = marts.sicknessCost.get(end)?.[0];
    const value = marts.valueRoi.get(end)?.[0];
    const paragraphs: string[] = [];
    const rows: Cell[][] = [];
    const charts: PackChart[] = [];
    const tables: PackTable[] = [];
    const headline: HeadlineFigure[] = [];
    const tiles: HeadlineTile[] = [];
    const assumptions: Record<string, unknown> = {};
    const costGbp = numberOf(cost, "cost_of_absence_gbp");
    const esrCoverage = coverageOf(context, "esr");
    // Below the configured coverage threshold a total is the reporting organisations', never the area's.
    const partial = isPartial(context, "esr");
    const whose = partial
      ? packMessages.packReportingOnly(esrCoverage?.organisations_reporting ?? 0, name)
      : "";
    const key = quarterKey(quarter);
    if (costGbp !== null) {
      paragraphs.push(
        `Sickness absence${whose} in ${label} cost an estimated ${formatGbp(costGbp)} (FTE days lost in the organisations' own ESR events × annual cost per FTE ÷ 365; weighted cost per FTE ${formatGbp(numberOf(cost, "assumption_cost_per_fte_gbp") ?? 0)}).` +
          packMessages.costNotCosted(numberOf(cost, "org_months_not_costed") ?? 0),
      );
      rows.push([key, scope.level, scope.code, "cost_of_absence_gbp", round2(costGbp)]);
      // One number, one source: the cost prices the ESR events' days; when the headline shows NHS
      // England's published days instead, show both, the difference, and the published days priced alike.
      const eventDays = numberOf(cost, "fte_days_lost");
      if (eventDays !== null && eventDays > 0 && context.absenceSource === "benchmark") {
        const published = context.current.fte_days_lost;
        paragraphs.push(
          packMessages.packTwoSources(
            formatCount(eventDays),
            formatCount(published),
            formatCount(published - eventDays),
            formatGbp((costGbp / eventDays) * published),
          ),
        );
        rows.push([
          key,
          scope.level,
          scope.code,
          "published_days_priced_gbp",
          round2((costGbp / eventDays) * published),
        ]);
      }
      if (typeof cost?.assumptions_json === "string")
        assumptions.sicknessCost = JSON.parse(cost.assumptions_json);
    }
    const daysSaved = numberOf(value, "days_saved");
    const status = roiStatusOf(value);
    if (value && daysSaved !== null) {
      paragraphs.push(
        `Against a ${String(value.assumption_baseline_kind).replaceAll("_", " ")} baseline rate of ${formatRate(numberOf(value, "assumption_baseline_rate_pct") ?? 0)}, ${formatCount(daysSaved)} FTE days were ${daysSaved >= 0 ? "saved" : "lost over the baseline"}, worth ${formatGbp(numberOf(value, "benefit_gbp") ?? 0)}.`,
      );
    }
    const serviceCost = numberOf(value, "service_cost_gbp");
    const roi = numberOf(value, "roi");
    if (value && status === "computed" && serviceCost !== null && roi !== null) {
      const ratio = numberOf(value, "benefit_cost_ratio") ?? 0;
      const [roiLow, roiHigh, ratioLow, ratioHigh] = [
        "roi_low",
        "roi_high",
        "benefit_cost_ratio_low",
        "benefit_cost_ratio_high",
      ].map((k) => numberOf(value, k) ?? Number.NaN) as [number, number, number, number];
      paragraphs.push(
        `With an OH service cost of ${formatGbp(serviceCost)}, the return on investment was ${formatRatio(roi)} (${formatGbpPerPound(ratio)} of benefit per £1); under the low and high assumptions it ranges from ${formatRatio(roiLow)} to ${formatRatio(roiHigh)} (${formatGbpPerPound(ratioLow)} to ${formatGbpPerPound(ratioHigh)} per £1).`,
      );
      const sensitivity = sensitivityText(value);
      if (sensitivity) paragraphs.push(sensitivity);
      const roiLabel = `Return on investment, ${label}${partial ? " (reporting organisations only)" : ""}`;
      headline.push({ label: roiLabel, value: formatRatio(roi) });
      tiles.push({
        label: roiLabel,
        value: formatRatio(roi),
        changes: [`range ${formatRatio(roiLow)} to ${formatRatio(roiHigh)} (low / high assumptions)`],
        comparison: `${formatGbpPerPound(ratio)} of benefit per £1 of OH service cost`,
        icons: null,
        source: [
          "Own ESR events and OH service costs, priced by the value model",
          coverageSentence(context, "esr"),
        ]
          .filter(Boolean)
          .join(". "),
      });
    } else if (costGbp !== null || value) {
      paragraphs.push(packMessages.packRoiMissing(status, baselineText(value)));
    }
    if (value) {
      for (const k of [
        "days_saved",
        "benefit_gbp",
        "service_cost_gbp",
        "roi",
        "benefit_cost_ratio",
        "roi_low",
        "roi_high",
        "benefit_cost_ratio_low",
        "benefit_cost_ratio_high",
        "assumption_cost_per_fte_gbp",
        "assumption_baseline_rate_pct",
      ]) {
        const v = numberOf(value, k);
        if (v !== null) rows.push([key, scope.level, scope.code, k, round2(v)]);
      }
      if (typeof value.assumptions_json === "string")
        assumptions.valueModel = JSON.parse(value.assumptions_json);
      assumptions.baselineKind = value.assumption_baseline_kind;
      assumptions.roiStatus = status;
    }
    if (rows.length > 0)
      tables.push({ file: "value-roi.csv", header: ["quarter", "level", "code", "measure", "value"], rows });
    const oh = marts.oh;
    const series = (oh?.value ?? []).filter((r) => r.quarter_end > yearBefore(end) && r.quarter_end <= end);
    const shown = valueRoiQuarters(series);
    const latest = shown.at(-1);
    if (latest) {
      const sources = {
        ...(oh?.costSource ? { costSource: oh.costSource } : {}),
        ...(oh?.baselineSource ? { baselineSource: oh.baselineSource } : {}),
      };
      const spec = CHART_REGISTRY["value-roi"].build(series, { level: scope.level, name, ...sources });
      charts.push({ id: "value-roi", spec, table: "value-roi-quarterly.csv" });
      paragraphs.push(
        `The chart shows ${shown.map((r) => formatQuarter(r.quarter_end)).join(", ")}; in ${formatQuarter(latest.quarter_end)}: ${roiText(latest)}. Assumptions: ${valueAssumptionsText(latest, sources)}`,
      );
      tables.push(
        valuesTable(
          "value-roi-quarterly.csv",
          valueRoiValues(series),
          ["quarter", "measure", "gbp", "days_saved", "roi", "benefit_cost_ratio"],
          context,
        ),
      );
    }
    if (paragraphs.length === 0)
      return { omitted: "sickness cost and value (from warehouse absence episodes)" };
    coverageFirst(context, paragraphs, "esr");
    paragraphs.push(
      "Every figure carries the value-model assumptions it used; they are listed in manifest.json.",
    );
    return {
      section: {
        id: "value",
        title: "Value and return on investment",
        driver: DRIVERS.impact,
        reads: READS,
        paragraphs,
        charts: charts.map((c) => c.id),
        tables: tables.map((t) => t.file),
      },
      charts,
      tables,
      headline,
      tiles,
      assumptions,
    };
  },
};
