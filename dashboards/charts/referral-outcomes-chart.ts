/**
 * OH referrals received by quarter, stacked by referral type (management, self, pre-placement, …) and,
 * beside it, by the latest fitness outcome recorded (fit, fit with adjustments, unfit, …, or none yet).
 * Each breakdown is a quarters × categories count table under rules 2 and 4 (at every level: 1–7
 * withheld, others rounded to 5, and complementary suppression so no withheld cell can be recovered from
 * the quarter's total or the category's total); withheld cells are left out of the stack and listed.
 */
import type { TopLevelSpec } from "vega-lite";
import { DashboardInputError } from "../dashboard-errors.js";
import { dashboardMessages } from "../dashboard-messages.js";
import { discloseCountTable, SUPPRESSED } from "../disclosure/disclosure-control.js";
import { BASE_CONFIG, CHART_SCHEMA, NHS_COLOURS } from "./chart-style.js";
import { formatQuarter } from "./chart-text.js";
import type { ChartGeography, ReferralBreakdown, ReferralCategoryRow } from "./oh-chart-rows.js";
import { COMPLEMENTARY_NOTE, WITHHELD_NOTE } from "./staff-group-chart.js";

export interface ReferralOutcomesChartOptions extends ChartGeography {
  width?: number;
}

export const BREAKDOWN_TITLES: Record<ReferralBreakdown, string> = {
  type: "By referral type",
  outcome: "By latest outcome",
};

const PALETTE = [
  NHS_COLOURS.blue,
  NHS_COLOURS.lightBlue,
  NHS_COLOURS.aquaGreen,
  NHS_COLOURS.warmYellow,
  NHS_COLOURS.orange,
  NHS_COLOURS.purple,
  NHS_COLOURS.red,
  NHS_COLOURS.midGrey,
];

/** 'fit_with_adjustments_temporary' → 'Fit with adjustments temporary'. */
export function categoryLabel(code: string): string {
  const words = code.replaceAll("_", " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export interface DisclosedReferralCell {
  quarter_end: string;
  quarter: string;
  breakdown: string;
  category: string;
  level: string;
  referrals_count: number | null;
  note: string;
}

/** Rules 2 and 4 on each breakdown's quarters × categories table. */
export function discloseReferralCategories(
  rows: readonly ReferralCategoryRow[],
  level: ChartGeography["level"],
): DisclosedReferralCell[] {
  const out: DisclosedReferralCell[] = [];
  for (const breakdown of ["type", "outcome"] as const) {
    const own = rows.filter((r) => r.breakdown === breakdown);
    const quarters = [...new Set(own.map((r) => r.quarter_end))].sort();
    const categories = [...new Set(own.map((r) => r.category))].sort();
    if (quarters.length === 0) continue;
    const cells = quarters.map((q) =>
      categories.map((c) =>
        own.filter((r) => r.quarter_end === q && r.category === c).reduce((a, r) => a + r.referrals, 0),
      ),
    );
    const table = discloseCountTable({ rowLabels: quarters, columnLabels: categories, cells, level });
    quarters.forEach((q, i) => {
      categories.forEach((c, j) => {
        const cell = table.cells[i]?.[j];
        if (!cell || cell.value === 0) return;
        const shown = cell.value === SUPPRESSED ? null : cell.value;
        out.push({
          quarter_end: q,
          quarter: formatQuarter(q),
          breakdown: BREAKDOWN_TITLES[breakdown],
          category: categoryLabel(c),
          level,
          referrals_count: shown,
          note:
            shown !== null
              ? shown.toLocaleString("en-GB")
              : cell.reason === "complementary"
                ? COMPLEMENTARY_NOTE
                : WITHHELD_NOTE,
        });
      });
    });
  }
  return out;
}

export function referralOutcomesChart(
  rows: readonly ReferralCategoryRow[],
  options: ReferralOutcomesChartOptions,
): TopLevelSpec {
  const values = discloseReferralCategories(rows, options.level);
  if (values.every((v) => v.referrals_count === null)) {
    throw new DashboardInputError(
      "CHART_INPUT",
      dashboardMessages.chartNoRows("referrals by type and outcome", `no referrals for ${options.name}`),
    );
  }
  const quarters = [...new Set(values.map((v) => v.quarter))];
  const summary = (breakdown: ReferralBreakdown) => {
    const title = BREAKDOWN_TITLES[breakdown];
    const latest = values.filter((v) => v.breakdown === title && v.quarter === quarters.at(-1));
    const shown = latest
      .filter((v) => v.referrals_count !== null)
      .sort((a, b) => (b.referrals_count as number) - (a.referrals_count as number));
    const withheld = (note: string) =>
      latest.filter((v) => v.referrals_count === null && v.note === note).map((v) => v.category);
    const small = withheld(WITHHELD_NOTE);
    const complementary = withheld(COMPLEMENTARY_NOTE);
    const reasons = [
      ...(small.length > 0 ? [`withheld for small numbers: ${small.join(", ")}`] : []),
      ...(complementary.length > 0
        ? [`withheld because they would reveal a small number: ${complementary.join(", ")}`]
        : []),
    ];
    return (
      `${title.toLowerCase()}: ${shown.map((v) => `${v.category} ${v.note}`).join(", ") || "none published"}` +
      (reasons.length > 0 ? ` (${reasons.join("; ")})` : "")
    );
  };
  const description =
    `Stacked bar charts of OH referrals received for ${options.name} by quarter, ${quarters[0]} to ${quarters.at(-1)}, by referral type and by the latest fitness outcome recorded (referrals without an outcome yet shown as "None yet"). ` +
    `In ${quarters.at(-1)}, ${summary("type")}; ${summary("outcome")}. ` +
    (options.level === "england"
      ? ""
      : "Counts are rounded to the nearest 5; 1–7 and any count that could be recovered from a total are withheld.");
  const panel = (breakdown: ReferralBreakdown) => {
    const title = BREAKDOWN_TITLES[breakdown];
    const categories = [
      ...new Set(values.filter((v) => v.breakdown === title).map((v) => v.category)),
    ].sort();
    return {
      title,
      transform: [
        { filter: { and: [{ field: "breakdown", equal: title }, "datum.referrals_count !== null"] } },
      ],
      width: options.width ?? 280,
      height: 240,
      mark: { type: "bar" as const },
      encoding: {
        x: {
          field: "quarter",
          type: "ordinal" as const,
          title: null,
          sort: quarters,
          axis: { labelAngle: 0 },
        },
        y: {
          field: "referrals_count",
          type: "quantitative" as const,
          title: "Referrals received",
          stack: "zero" as const,
        },
        color: {
          field: "category",
          type: "nominal" as const,
          title: title,
          scale: { domain: categories, range: PALETTE.slice(0, Math.max(categories.length, 1)) },
        },
        tooltip: [
          { field: "quarter", type: "nominal" as const, title: "Quarter" },
          {
            field: "category",
            type: "nominal" as const,
            title: breakdown === "type" ? "Referral type" : "Outcome",
          },
          { field: "note", type: "nominal" as const, title: "Referrals" },
        ],
      },
    };
  };
  return {
    $schema: CHART_SCHEMA,
    title: {
      text: `OH referrals by type and outcome: ${options.name}`,
      subtitle:
        "Referrals received by quarter; outcome is the latest fitness outcome recorded for the referral.",
    },
    description,
    config: BASE_CONFIG,
    data: { values },
    hconcat: [panel("type"), panel("outcome")],
    resolve: { scale: { color: "independent" } },
  };
}
