/**
 * Reason share (%) = Σ FTE days lost for a reason ÷ Σ FTE days lost for all reasons × 100 (domain
 * notes §8), as a horizontal bar per ESR reason, largest first; reasons beyond `maxBars − 1` are
 * pooled into "All other reasons" so the chart stays readable.
 */
import type { TopLevelSpec } from "vega-lite";
import { DashboardInputError } from "../dashboard-errors.js";
import { dashboardMessages } from "../dashboard-messages.js";
import type { ReasonDaysRow } from "../mart-rows.js";
import { BASE_CONFIG, CHART_SCHEMA, NHS_COLOURS } from "./chart-style.js";
import { round } from "./chart-text.js";

export interface ReasonShareChartOptions {
  /** e.g. "England, 12 months to Feb 2025". */
  periodLabel: string;
  maxBars?: number;
  width?: number;
}

export interface ReasonShare {
  reason_code: string;
  reason_label: string;
  fte_days_lost: number;
  share_pct: number;
}

export const OTHER_REASONS = "All other reasons";

/** Shares by reason, summed over repeated codes, largest first, the tail pooled into one bar. */
export function reasonShares(rows: readonly ReasonDaysRow[], maxBars = 10): ReasonShare[] {
  const byCode = new Map<string, { label: string; days: number }>();
  for (const r of rows) {
    const entry = byCode.get(r.reason_code) ?? { label: r.reason_label, days: 0 };
    entry.days += r.fte_days_lost;
    byCode.set(r.reason_code, entry);
  }
  const total = [...byCode.values()].reduce((a, e) => a + e.days, 0);
  if (!(total > 0)) {
    throw new DashboardInputError(
      "CHART_INPUT",
      dashboardMessages.chartNoRows("reason share", "no FTE days lost"),
    );
  }
  const sorted = [...byCode.entries()]
    .map(([code, e]) => ({ reason_code: code, reason_label: e.label, fte_days_lost: e.days }))
    .sort((a, b) => b.fte_days_lost - a.fte_days_lost || a.reason_code.localeCompare(b.reason_code));
  const kept = sorted.length > maxBars ? sorted.slice(0, maxBars - 1) : sorted;
  const rest = sorted.slice(kept.length);
  if (rest.length > 0) {
    kept.push({
      reason_code: "OTHER",
      reason_label: OTHER_REASONS,
      fte_days_lost: rest.reduce((a, r) => a + r.fte_days_lost, 0),
    });
  }
  return kept.map((r) => ({ ...r, share_pct: (r.fte_days_lost / total) * 100 }));
}

export function reasonShareChart(
  rows: readonly ReasonDaysRow[],
  options: ReasonShareChartOptions,
): TopLevelSpec {
  const shares = reasonShares(rows, options.maxBars ?? 10);
  const values = shares.map((s) => ({
    reason_code: s.reason_code,
    reason: `${s.reason_code === "OTHER" ? "" : `${s.reason_code} `}${s.reason_label}`,
    fte_days_lost: round(s.fte_days_lost, 0),
    share_pct: round(s.share_pct, 1),
  }));
  const top = values[0];
  const description =
    `Bar chart of the share of FTE days lost to sickness by reason, ${options.periodLabel}. ` +
    (top ? `The largest is ${top.reason} at ${top.share_pct}%. ` : "") +
    values.map((v) => `${v.reason}: ${v.share_pct}%`).join("; ") +
    ".";
  const y = {
    field: "reason",
    type: "nominal" as const,
    title: null,
    sort: values.map((v) => v.reason),
    // vega estimates text at ~0.8 em a character without a canvas (wider than DejaVu), so allow more
    axis: { labelLimit: 560 },
  };
  return {
    $schema: CHART_SCHEMA,
    title: { text: "Sickness absence by reason", subtitle: `Share of FTE days lost, ${options.periodLabel}` },
    description,
    width: options.width ?? 420,
    height: { step: 24 },
    config: BASE_CONFIG,
    data: { values },
    encoding: { y },
    layer: [
      {
        mark: { type: "bar", color: NHS_COLOURS.blue },
        encoding: {
          x: { field: "share_pct", type: "quantitative", title: "Share of FTE days lost (%)" },
          tooltip: [
            { field: "reason", type: "nominal", title: "Reason" },
            { field: "share_pct", type: "quantitative", title: "Share (%)", format: ".1f" },
            { field: "fte_days_lost", type: "quantitative", title: "FTE days lost", format: "," },
          ],
        },
      },
      {
        mark: { type: "text", align: "left", dx: 4, color: NHS_COLOURS.darkGrey },
        encoding: {
          x: { field: "share_pct", type: "quantitative" },
          text: { field: "share_pct", type: "quantitative", format: ".1f" },
        },
      },
    ],
  };
}
