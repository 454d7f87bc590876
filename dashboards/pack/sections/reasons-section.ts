/**
 * Reasons for absence (Evidence-based practice): the largest reasons from the organisations' own ESR
 * events (mart_sickness_reason_share) and, beside them, NHS England's published national breakdown.
 */

import { CHART_REGISTRY } from "../../charts/chart-registry.js";
import { formatMonth } from "../../charts/chart-text.js";
import { packMessages } from "../../dashboard-messages.js";
import { round2 } from "../absence-quarter.js";
import { numberOf } from "../mart-record.js";
import type { PackContext } from "../pack-context.js";
import { DRIVERS } from "../pack-drivers.js";
import { quarterKey } from "../pack-quarter.js";
import type { PackChart, PackTable } from "../pack-types.js";
import type { PackSectionModule } from "./section-module.js";

function readsOf(context: PackContext): string[] {
  return [
    "mart_sickness_reason_share",
    ...(context.marts.publishedReasons ? ["mart_published_absence_reason"] : []),
  ];
}

export const reasonsSection: PackSectionModule = {
  id: "reasons",
  reads: readsOf,
  compose(context) {
    const { marts, end, label, name, scope, quarter } = context;
    const reasons = (marts.reasonShare.get(end) ?? []).filter((r) => (numberOf(r, "fte_days_lost") ?? 0) > 0);
    const paragraphs: string[] = [];
    const charts: PackChart[] = [];
    const tables: PackTable[] = [];
    if (reasons.length > 0) {
      const ordered = [...reasons].sort(
        (a, b) => (numberOf(b, "fte_days_lost") ?? 0) - (numberOf(a, "fte_days_lost") ?? 0),
      );
      paragraphs.push(
        `The largest reasons for FTE days lost in ${label} were ${ordered
          .slice(0, 3)
          .map((r) => `${String(r.reason_label)} (${(numberOf(r, "reason_share_pct") ?? 0).toFixed(1)}%)`)
          .join(", ")}.`,
      );
      charts.push({
        id: "reason-share",
        spec: CHART_REGISTRY["reason-share"].build(
          ordered.map((r) => ({
            reason_code: String(r.reason_code),
            reason_label: String(r.reason_label),
            fte_days_lost: numberOf(r, "fte_days_lost") ?? 0,
          })),
          { periodLabel: `${name}, ${label}` },
        ),
        table: "reason-share.csv",
      });
      tables.push({
        file: "reason-share.csv",
        header: [
          "quarter",
          "level",
          "code",
          "reason_code",
          "reason_label",
          "fte_days_lost",
          "reason_share_pct",
        ],
        rows: ordered.map((r) => [
          quarterKey(quarter),
          scope.level,
          scope.code,
          String(r.reason_code),
          String(r.reason_label),
          round2(numberOf(r, "fte_days_lost") ?? 0),
          numberOf(r, "reason_share_pct"),
        ]),
      });
    } else {
      paragraphs.push(packMessages.packNoMartRows("absence reasons (ESR episodes)", label));
    }
    // Beside the events' reasons: NHS England's published national breakdown, with its period and files.
    const published = marts.publishedReasons;
    if (published) {
      const top = [...published.rows].sort((a, b) => b.fte_days_lost - a.fte_days_lost).slice(0, 3);
      paragraphs.push(
        packMessages.packPublishedReasons(
          formatMonth(published.from),
          formatMonth(published.to),
          top.map((r) => `${r.reason_label} (${r.share_pct.toFixed(1)}%)`).join(", "),
          published.sourceFiles.join(", "),
          reasons.length > 0,
          published.period,
        ),
      );
    }
    return {
      section: {
        id: "reasons",
        title: "Reasons for absence",
        driver: DRIVERS.evidence,
        reads: readsOf(context),
        paragraphs,
        charts: charts.map((c) => c.id),
        tables: tables.map((t) => t.file),
      },
      charts,
      tables,
    };
  },
};
