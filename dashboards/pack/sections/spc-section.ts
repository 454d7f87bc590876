/**
 * Sickness absence over time: XmR over every published month to the quarter's end, special-cause
 * signals in the quarter, the Making Data Count icons (with a warning below 15 points), the SPC chart,
 * absence-monthly.csv and the section's summary table of icons (mdc-icons.csv).
 */

import { CHART_REGISTRY } from "../../charts/chart-registry.js";
import { formatMonth, formatRate } from "../../charts/chart-text.js";
import { packMessages } from "../../dashboard-messages.js";
import type { AbsenceMartRow } from "../../mart-rows.js";
import { rebasedMonths } from "../../spc/spc-limits.js";
import { assuranceLabel, variationIcon, variationLabel, XMR_MIN_POINTS } from "../../spc/xmr.js";
import { round2 } from "../absence-quarter.js";
import { absenceXmr } from "../absence-xmr.js";
import { absenceCoverageFirst, absenceCoverageReads } from "../oh-coverage.js";
import { DRIVERS } from "../pack-drivers.js";
import type { PackChart, PackTable } from "../pack-types.js";
import type { PackSectionModule } from "./section-module.js";

export const spcSection: PackSectionModule = {
  id: "spc",
  reads: (context) => [context.absenceTable, ...absenceCoverageReads(context)],
  compose(context) {
    const { label, months, scope } = context;
    const spc = absenceXmr(context);
    const paragraphs: string[] = [];
    const charts: PackChart[] = [];
    const tables: PackTable[] = [];
    if (spc) {
      const { plotted, xmr, limits, target, assurance } = spc;
      const rebased = rebasedMonths(
        plotted.map((r) => r.month_end),
        context.evidence.spc,
      );
      const first = plotted[0] as AbsenceMartRow;
      const last = plotted[plotted.length - 1] as AbsenceMartRow;
      paragraphs.push(
        `Over ${plotted.length} published months (${formatMonth(first.month_end)} to ${formatMonth(last.month_end)}) the monthly rate averaged ${formatRate(xmr.mean)}, with process limits ${formatRate(xmr.lpl)} to ${formatRate(xmr.upl)}.`,
        packMessages.packSpcLimits(limits.baselinePoints, plotted.length, rebased),
      );
      const flagged = plotted
        .map((r, i) => ({ row: r, point: xmr.points[i] }))
        .filter((p) => months.includes(p.row.month_end))
        .filter((p) => (p.point?.signals.length ?? 0) > 0);
      paragraphs.push(
        flagged.length === 0
          ? `No month of ${label} shows special-cause variation: the quarter's months are common cause variation.`
          : `Special-cause signals in ${label}: ${flagged
              .map(
                (p) =>
                  `${formatMonth(p.row.month_end)} ${formatRate(p.row.rate_pct as number)}, ${variationLabel(p.point?.variation ?? "common_cause").toLowerCase()} (${(p.point?.signals ?? []).map((s) => `${s.rule.replaceAll("_", " ")} ${s.side}`).join(", ")})`,
              )
              .join("; ")}.`,
      );
      const lastPoint = xmr.points[xmr.points.length - 1];
      if (lastPoint)
        paragraphs.push(
          `Latest month (${formatMonth(last.month_end)}): ${formatRate(last.rate_pct as number)}, ${variationLabel(lastPoint.variation).toLowerCase()}.`,
        );
      paragraphs.push(
        packMessages.packSpcTarget(
          target ? formatRate(target.value) : null,
          target?.appliesTo ?? "",
          target?.source ?? null,
        ),
      );
      paragraphs.push(
        `Making Data Count icons: ${variationLabel(variationIcon(xmr)).toLowerCase()} (variation); ${assuranceLabel(assurance).toLowerCase()} for sickness absence (assurance).` +
          (xmr.shortSeries
            ? ` Warning: only ${plotted.length} months, fewer than the ${XMR_MIN_POINTS} Making Data Count advises, so the limits are provisional.`
            : ""),
      );
      charts.push({
        id: "absence-spc",
        spec: CHART_REGISTRY["absence-spc"].build(context.series, {
          code: scope.code,
          ...limits,
          ...(target ? { target: target.value } : {}),
        }),
        table: "absence-monthly.csv",
      });
      tables.push({
        file: "mdc-icons.csv",
        header: [
          "section",
          "measure",
          "variation_icon",
          "assurance_icon",
          "target_pct",
          "target_source",
          "points",
          "baseline_months",
          "rebased_at",
          "short_series",
        ],
        rows: [
          [
            "spc",
            "sickness absence rate, all staff groups",
            variationIcon(xmr),
            assurance ?? "none (no target)",
            target ? target.value : null,
            target?.source ?? null,
            plotted.length,
            Math.min(limits.baselinePoints, plotted.length),
            rebased.join(" "),
            xmr.shortSeries ? "yes" : "no",
          ],
        ],
      });
      tables.push({
        file: "absence-monthly.csv",
        header: [
          "month_end",
          "level",
          "code",
          "name",
          "staff_group",
          "fte_days_lost",
          "fte_days_available",
          "rate_pct",
          "mean_pct",
          "lower_limit_pct",
          "upper_limit_pct",
          "variation",
        ],
        rows: plotted.map((r, i) => {
          const p = xmr.points[i];
          return [
            r.month_end,
            r.level,
            r.code,
            r.name,
            r.staff_group,
            r.fte_days_lost,
            r.fte_days_available,
            r.rate_pct,
            p ? round2(p.mean) : null,
            p ? round2(p.lpl) : null,
            p ? round2(p.upl) : null,
            p ? p.variation : null,
          ];
        }),
      });
    } else {
      paragraphs.push(packMessages.packTooFewMonths(context.series.filter((r) => !r.suppressed).length));
    }
    absenceCoverageFirst(context, paragraphs);
    return {
      section: {
        id: "spc",
        title: "Sickness absence over time (statistical process control)",
        driver: DRIVERS.measurement,
        reads: spcSection.reads(context),
        paragraphs,
        charts: charts.map((c) => c.id),
        tables: charts.length > 0 ? ["absence-monthly.csv", "mdc-icons.csv"] : [],
      },
      charts,
      tables,
    };
  },
};
