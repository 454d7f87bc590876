/**
 * Funnel plot: each organisation's sickness absence rate against its FTE days available (log scale),
 * with the target rate and 95% / 99.8% limits drawn as functions of the denominator, adjusted for
 * overdispersion by default (see ../spc/funnel.ts for the method). Given each organisation's published
 * cluster, only providers of one comparison group are plotted (../spc/funnel-groups.ts) against that
 * group's pooled rate; without clusters, every organisation against England. Suppressed organisations
 * are left off. The text alternative summarises (counts and the five furthest out), never lists all.
 */
import type { TopLevelSpec } from "vega-lite";
import { DashboardInputError } from "../dashboard-errors.js";
import { dashboardMessages } from "../dashboard-messages.js";
import { type AbsenceMartRow, ALL_STAFF_GROUPS } from "../mart-rows.js";
import {
  type FunnelClass,
  type FunnelPoint,
  funnelClassLabel,
  funnelCurve,
  funnelPoints,
  isFunnelOutlier,
} from "../spc/funnel.js";
import { type FunnelGroup, funnelGroupOf } from "../spc/funnel-groups.js";
import { BASE_CONFIG, CHART_SCHEMA, FUNNEL_COLOURS, NHS_COLOURS } from "./chart-style.js";
import { formatMonth, formatRate, latestMonthEnd, round } from "./chart-text.js";

export interface AbsenceFunnelChartOptions {
  /** Month to compare; defaults to the latest month in the rows. */
  monthEnd?: string;
  staffGroup?: string;
  /** Each organisation's published cluster group: plot one comparison group of providers only. */
  clusters?: ReadonlyMap<string, string | null>;
  /** The comparison group's cluster; defaults to the group with the most plotted organisations. */
  cluster?: string;
  /** Spiegelhalter's overdispersion adjustment (default true). */
  overdispersion?: boolean;
  width?: number;
  height?: number;
}

const CLASS_ORDER: readonly FunnelClass[] = ["above_99_8", "above_95", "within", "below_95", "below_99_8"];
/** How many of the furthest-out organisations the text alternative names. */
const FURTHEST_NAMED = 5;

type Placed = AbsenceMartRow & { fte_days_lost: number; fte_days_available: number };

/** The comparison group to plot and its organisations (all placed rows when no clusters are given). */
function comparisonRows(
  placed: readonly Placed[],
  options: AbsenceFunnelChartOptions,
): { group: FunnelGroup | null; rows: Placed[] } {
  const clusters = options.clusters;
  if (!clusters) return { group: null, rows: [...placed] };
  const byGroup = new Map<FunnelGroup, Placed[]>();
  for (const r of placed) {
    const g = funnelGroupOf(clusters.get(r.code));
    if (!g) continue;
    const members = byGroup.get(g);
    // pushed in place: copying the list for every organisation made this quadratic
    if (members) members.push(r);
    else byGroup.set(g, [r]);
  }
  const ranked = [...byGroup.entries()].sort((a, b) => b[1].length - a[1].length);
  const chosen = options.cluster ? ranked.find(([g]) => g.cluster === options.cluster) : ranked[0];
  return chosen ? { group: chosen[0], rows: chosen[1] } : { group: funnelGroupOf(options.cluster), rows: [] };
}

function targetNameOf(group: FunnelGroup | null): string {
  return group ? `all ${group.label} plotted` : "England";
}

/** The accessible summary: counts each side, the five furthest out by |z|, and what adjustment applied. */
function funnelSummary(
  points: readonly FunnelPoint[],
  unadjustedOutside: number,
  overdispersion: boolean,
): string {
  const above = points.filter((p) => p.classification === "above_99_8").length;
  const below = points.filter((p) => p.classification === "below_99_8").length;
  const furthest = points
    .filter((p) => isFunnelOutlier(p.classification))
    .sort((a, b) => Math.abs(b.z) - Math.abs(a.z) || a.code.localeCompare(b.code))
    .slice(0, FURTHEST_NAMED);
  const named =
    furthest.length > 0
      ? ` Furthest out: ${furthest.map((p) => `${p.name} (${formatRate(p.proportion * 100)})`).join(", ")}.`
      : "";
  const adjustment = overdispersion
    ? ` Limits are adjusted for overdispersion (Spiegelhalter's additive random effects, z-scores winsorised at 10%); unadjusted binomial limits would place ${unadjustedOutside} outside.`
    : " Limits assume binomial variation (no overdispersion adjustment).";
  return `${above} organisation${above === 1 ? " lies" : "s lie"} above and ${below} below the 99.8% limits, ${points.length - above - below} within them.${named}${adjustment}`;
}

export function absenceFunnelChart(
  rows: readonly AbsenceMartRow[],
  options: AbsenceFunnelChartOptions = {},
): TopLevelSpec {
  const staffGroup = options.staffGroup ?? ALL_STAFF_GROUPS;
  const monthEnd = options.monthEnd ?? latestMonthEnd(rows);
  const overdispersion = options.overdispersion ?? true;
  const month = rows.filter((r) => r.month_end === monthEnd && r.staff_group === staffGroup);
  const england = month.find((r) => r.level === "england");
  const orgs = month.filter((r) => r.level === "organisation");
  const placed = orgs.filter(
    (r): r is Placed => !r.suppressed && r.fte_days_lost !== null && r.fte_days_available !== null,
  );
  const { group, rows: compared } = comparisonRows(placed, options);
  if (compared.length === 0) {
    throw new DashboardInputError(
      "CHART_INPUT",
      dashboardMessages.chartNoRows(
        "funnel",
        `no unsuppressed ${group ? group.label : "organisations"} in ${monthEnd}`,
      ),
    );
  }
  const sum = (rs: readonly Placed[], f: "fte_days_lost" | "fte_days_available") =>
    rs.reduce((s, r) => s + r[f], 0);
  let p0: number;
  if (group) p0 = sum(compared, "fte_days_lost") / sum(compared, "fte_days_available");
  else if (england && !england.suppressed && england.fte_days_lost && england.fte_days_available)
    p0 = england.fte_days_lost / england.fte_days_available;
  else throw new DashboardInputError("CHART_INPUT", dashboardMessages.funnelNoEngland(staffGroup, monthEnd));
  if (!(p0 > 0 && p0 < 1)) {
    // e.g. a small staff group with no days lost anywhere in the group: nothing to compare against
    throw new DashboardInputError(
      "CHART_INPUT",
      dashboardMessages.chartNoRows("funnel", `the pooled rate of ${targetNameOf(group)} is ${p0 * 100}%`),
    );
  }
  const inputs = compared.map((r) => ({
    code: r.code,
    name: r.name,
    fte_days_lost: r.fte_days_lost,
    fte_days_available: r.fte_days_available,
  }));
  const result = funnelPoints(p0, inputs, { overdispersion });
  const unadjusted = funnelPoints(p0, inputs, { overdispersion: false });
  const points = [...result.points].sort((a, b) => a.code.localeCompare(b.code));
  const ns = points.map((p) => p.n);
  const curve = funnelCurve(p0, Math.min(...ns) / 2, Math.max(...ns) * 2, 60, result.dispersion.tau2);
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
  const targetPct = round(p0 * 100, 2);
  const targetName = targetNameOf(group);
  const withheld = orgs.length - placed.length;
  const left = placed.length - compared.length;
  const description =
    `Funnel plot of sickness absence rates for ${points.length} ${group ? group.label : "organisations"}, ${staffGroup}, ${formatMonth(monthEnd)}, ` +
    `against the rate of ${targetName} (${targetPct}%) with 95% and 99.8% control limits that narrow as FTE days available grow. ` +
    funnelSummary(
      points,
      unadjusted.points.filter((p) => isFunnelOutlier(p.classification)).length,
      overdispersion,
    ) +
    (left > 0
      ? ` ${left} organisation${left === 1 ? " is" : "s are"} of another type (other trust types, commissioners, national bodies) and not compared here.`
      : "") +
    (withheld > 0
      ? ` ${withheld} organisation${withheld === 1 ? " is" : "s are"} withheld for small numbers.`
      : "");

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
      subtitle: `${staffGroup}${group ? `, ${group.label}` : ""}. Funnel plot against ${targetName} (${targetPct}%), 95% and 99.8% limits${overdispersion ? " adjusted for overdispersion" : ""}.`,
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
        data: { values: [{ target_pct: targetPct }] },
        mark: { type: "rule", color: NHS_COLOURS.darkBlue, strokeWidth: 2 },
        encoding: { y: { field: "target_pct", type: "quantitative" } },
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
            title: group ? "Against the group" : "Against England",
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
