/**
 * Funnel plot: each organisation's sickness absence rate against its FTE days available (log scale),
 * with the England rate and 95% / 99.8% limits drawn as functions of the denominator (see
 * ../spc/funnel.ts for the method and its overdispersion caveat). Suppressed organisations are left off.
 */
import type { TopLevelSpec } from "vega-lite";
import { DashboardInputError } from "../../core/errors.js";
import { dashboardMessages } from "../../core/messages.js";
import { type AbsenceMartRow, ALL_STAFF_GROUPS } from "../mart-rows.js";
import { type FunnelClass, funnelClassLabel, funnelCurve, funnelPoints } from "../spc/funnel.js";
import { BASE_CONFIG, CHART_SCHEMA, FUNNEL_COLOURS, NHS_COLOURS } from "./chart-style.js";
import { formatMonth, latestMonthEnd, round } from "./chart-text.js";

export interface AbsenceFunnelChartOptions {
  /** Month to compare; defaults to the latest month in the rows. */
  monthEnd?: string;
  staffGroup?: string;
  width?: number;
  height?: number;
}

const CLASS_ORDER: readonly FunnelClass[] = ["above_99_8", "above_95", "within", "below_95", "below_99_8"];

export function absenceFunnelChart(
  rows: readonly AbsenceMartRow[],
  options: AbsenceFunnelChartOptions = {},
): TopLevelSpec {
  const staffGroup = options.staffGroup ?? ALL_STAFF_GROUPS;
  const monthEnd = options.monthEnd ?? latestMonthEnd(rows);
  const month = rows.filter((r) => r.month_end === monthEnd && r.staff_group === staffGroup);
  const england = month.find((r) => r.level === "england");
  if (!england || england.suppressed || !england.fte_days_lost || !england.fte_days_available) {
    throw new DashboardInputError("CHART_INPUT", dashboardMessages.funnelNoEngland(staffGroup, monthEnd));
  }
  const p0 = england.fte_days_lost / england.fte_days_available;
  const orgs = month.filter((r) => r.level === "organisation");
  const placed = orgs.filter(
    (r) => !r.suppressed && r.fte_days_lost !== null && r.fte_days_available !== null,
  );
  if (placed.length === 0) {
    throw new DashboardInputError(
      "CHART_INPUT",
      dashboardMessages.chartNoRows("funnel", `no unsuppressed organisations in ${monthEnd}`),
    );
  }
  const points = funnelPoints(
    p0,
    placed.map((r) => ({
      code: r.code,
      name: r.name,
      fte_days_lost: r.fte_days_lost as number,
      fte_days_available: r.fte_days_available as number,
    })),
  ).sort((a, b) => a.code.localeCompare(b.code));
  const ns = points.map((p) => p.n);
  const curve = funnelCurve(p0, Math.min(...ns) / 2, Math.max(...ns) * 2, 60);
  const bands = [
    { key: "lower998", label: "99.8% limits", side: "lower" },
    { key: "lower95", label: "95% limits", side: "lower" },
    { key: "upper95", label: "95% limits", side: "upper" },
    { key: "upper998", label: "99.8% limits", side: "upper" },
  ] as const;
  const curveValues = bands.flatMap((band) =>
    curve.map((c) => ({
      n: round(c.n, 1),
      limit_pct: round(c[band.key] * 100, 4),
      band: band.label,
      side: band.side,
    })),
  );
  const pointValues = points.map((p) => ({
    code: p.code,
    name: p.name,
    fte_days_available: round(p.fte_days_available, 0),
    rate_pct: round(p.proportion * 100, 2),
    position: funnelClassLabel(p.classification),
  }));
  const present = CLASS_ORDER.filter((c) => points.some((p) => p.classification === c));
  const englandPct = round(p0 * 100, 2);
  const outside = points.filter(
    (p) => p.classification === "above_99_8" || p.classification === "below_99_8",
  );
  const withheld = orgs.length - placed.length;
  const description =
    `Funnel plot of sickness absence rates for ${points.length} organisations, ${staffGroup}, ${formatMonth(monthEnd)}, ` +
    `against the England rate of ${englandPct}% with 95% and 99.8% control limits that narrow as FTE days available grow. ` +
    `${outside.length} organisation${outside.length === 1 ? " lies" : "s lie"} outside the 99.8% limits` +
    (outside.length > 0 ? ` (${outside.map((p) => p.name).join(", ")}).` : ".") +
    (withheld > 0
      ? ` ${withheld} organisation${withheld === 1 ? " is" : "s are"} withheld for small numbers.`
      : "") +
    " Limits assume binomial variation (no overdispersion adjustment).";

  const x = {
    field: "n",
    type: "quantitative" as const,
    title: "FTE days available (log scale)",
    scale: { type: "log" as const },
  };
  return {
    $schema: CHART_SCHEMA,
    title: {
      text: `Sickness absence rate by organisation: ${formatMonth(monthEnd)}`,
      subtitle: `${staffGroup}. Funnel plot against England (${englandPct}%), 95% and 99.8% limits.`,
    },
    description,
    width: options.width ?? 640,
    height: options.height ?? 360,
    config: BASE_CONFIG,
    layer: [
      {
        data: { values: curveValues },
        mark: { type: "line", color: NHS_COLOURS.darkGrey, strokeWidth: 1.2 },
        encoding: {
          x,
          y: {
            field: "limit_pct",
            type: "quantitative",
            title: "Sickness absence rate (%)",
            scale: { zero: false },
          },
          detail: [{ field: "band" }, { field: "side" }],
          strokeDash: {
            field: "band",
            type: "nominal",
            title: "Control limits",
            scale: {
              domain: ["95% limits", "99.8% limits"],
              range: [
                [4, 3],
                [1, 0],
              ],
            },
          },
        },
      },
      {
        data: { values: [{ england_pct: englandPct }] },
        mark: { type: "rule", color: NHS_COLOURS.darkBlue, strokeWidth: 2 },
        encoding: { y: { field: "england_pct", type: "quantitative" } },
      },
      {
        data: { values: pointValues },
        mark: { type: "point", filled: true, size: 80, opacity: 1 },
        encoding: {
          x: { ...x, field: "fte_days_available" },
          y: { field: "rate_pct", type: "quantitative" },
          color: {
            field: "position",
            type: "nominal",
            title: "Against England",
            scale: { domain: present.map(funnelClassLabel), range: present.map((c) => FUNNEL_COLOURS[c]) },
          },
          tooltip: [
            { field: "name", type: "nominal", title: "Organisation" },
            { field: "rate_pct", type: "quantitative", title: "Rate (%)" },
            { field: "fte_days_available", type: "quantitative", title: "FTE days available", format: "," },
            { field: "position", type: "nominal", title: "Position" },
          ],
        },
      },
    ],
  };
}
