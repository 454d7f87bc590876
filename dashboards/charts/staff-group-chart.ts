/**
 * Sickness absence rate by staff group for one organisation (or ICB, region) and month, optionally with
 * a comparator's rate (e.g. England) as a tick on each bar. Suppressed groups keep their row, with no
 * bar and a "withheld" note, so a gap reads as "not published", never as zero. Complementary
 * suppression (disclosure rule 4) is applied to the month's groups before drawing.
 */
import type { TopLevelSpec } from "vega-lite";
import { DashboardInputError } from "../dashboard-errors.js";
import { dashboardMessages } from "../dashboard-messages.js";
import { discloseAbsenceRates, type SuppressedReason } from "../disclosure/disclosure-control.js";
import { type AbsenceMartRow, ALL_STAFF_GROUPS } from "../mart-rows.js";
import { BASE_CONFIG, CHART_SCHEMA, NHS_COLOURS } from "./chart-style.js";
import { formatMonth, latestMonthEnd } from "./chart-text.js";
import { partOfPublished } from "./published-part.js";

export interface StaffGroupChartOptions {
  code: string;
  /** Defaults to the latest month for `code`. */
  monthEnd?: string;
  /** Comparator code in the same rows, e.g. 'ENG'. */
  comparatorCode?: string;
  width?: number;
}

export const WITHHELD_NOTE = "withheld (small numbers)";
/** Disclosure rule 4: withheld because, published, it would let a withheld figure be worked out. */
export const COMPLEMENTARY_NOTE = "withheld (would reveal a small number)";
export const NO_FTE_DAYS_NOTE = "not computed (no FTE days recorded)";

const NOTE_BY_REASON: Record<SuppressedReason, string> = {
  ESR_330: WITHHELD_NOTE,
  COMPLEMENTARY: COMPLEMENTARY_NOTE,
  NO_FTE_DAYS: NO_FTE_DAYS_NOTE,
};

/** The sentence's words for each reason, in the chart's text alternative. */
const SENTENCE_BY_REASON: Record<SuppressedReason, string> = {
  ESR_330: "Withheld for small numbers",
  COMPLEMENTARY: "Withheld so that no small number can be worked out from the total",
  NO_FTE_DAYS: "Not computed, no FTE days recorded",
};

function partialSentence(rows: readonly AbsenceMartRow[]): string {
  return dashboardMessages.partialPublishedGroups(
    rows.flatMap((r) => {
      const part = !r.suppressed && r.rate_pct !== null ? partOfPublished(r) : undefined;
      return part ? [`${r.staff_group} ${part}`] : [];
    }),
  );
}

export function staffGroupChart(
  rows: readonly AbsenceMartRow[],
  options: StaffGroupChartOptions,
): TopLevelSpec {
  const own = rows.filter((r) => r.code === options.code);
  const monthEnd = options.monthEnd ?? latestMonthEnd(own);
  // Disclosure rules 1 and 4 here too, so the chart withholds exactly what a table of the same month
  // would (a lone withheld group is otherwise recoverable from the total in any export beside it).
  const month = discloseAbsenceRates(own.filter((r) => r.month_end === monthEnd));
  if (month.length === 0) {
    throw new DashboardInputError(
      "CHART_INPUT",
      dashboardMessages.chartNoRows(
        "staff group",
        `no rows for ${options.code} in ${monthEnd || "any month"}`,
      ),
    );
  }
  const comparator = new Map(
    rows
      .filter((r) => r.code === options.comparatorCode && r.month_end === monthEnd && !r.suppressed)
      .map((r) => [r.staff_group, r]),
  );
  const comparatorName = comparator.values().next().value?.name;
  const ordered = [...month].sort((a, b) =>
    a.staff_group === ALL_STAFF_GROUPS
      ? -1
      : b.staff_group === ALL_STAFF_GROUPS
        ? 1
        : a.staff_group.localeCompare(b.staff_group),
  );
  const values = ordered.map((r) => {
    const shown = !r.suppressed && r.rate_pct !== null;
    const part = partOfPublished(r);
    return {
      staff_group: r.staff_group,
      rate_pct: shown ? r.rate_pct : null,
      note: shown
        ? `${(r.rate_pct as number).toFixed(2)}%${part ? ` (${part})` : ""}`
        : NOTE_BY_REASON[r.suppressed_reason ?? "ESR_330"],
      comparator_rate_pct: comparator.get(r.staff_group)?.rate_pct ?? null,
    };
  });
  const name = (month[0] as AbsenceMartRow).name;
  const withheldSentences = (Object.keys(SENTENCE_BY_REASON) as SuppressedReason[]).flatMap((reason) => {
    const groups = ordered
      .filter((r) => (r.suppressed || r.rate_pct === null) && (r.suppressed_reason ?? "ESR_330") === reason)
      .map((r) => r.staff_group);
    return groups.length > 0 ? [` ${SENTENCE_BY_REASON[reason]}: ${groups.join(", ")}.`] : [];
  });
  const description =
    `Bar chart of sickness absence rates by staff group for ${name}, ${formatMonth(monthEnd)}` +
    (comparatorName ? `, with ${comparatorName} rates marked for comparison` : "") +
    ". " +
    values
      .filter((v) => v.rate_pct !== null)
      .map((v) => `${v.staff_group}: ${v.note}`)
      .join("; ") +
    "." +
    withheldSentences.join("") +
    partialSentence(ordered);
  const y = {
    field: "staff_group",
    type: "nominal" as const,
    title: null,
    sort: values.map((v) => v.staff_group),
    // vega estimates text at ~0.8 em a character without a canvas (wider than DejaVu), so allow more
    axis: { labelLimit: 560 },
  };
  const x = { field: "rate_pct", type: "quantitative" as const, title: "Sickness absence rate (%)" };
  return {
    $schema: CHART_SCHEMA,
    title: {
      text: `Sickness absence rate by staff group: ${name}`,
      subtitle: formatMonth(monthEnd) + (comparatorName ? `. Ticks: ${comparatorName}.` : ""),
    },
    description,
    width: options.width ?? 420,
    height: { step: 26 },
    config: BASE_CONFIG,
    data: { values },
    encoding: { y },
    layer: [
      {
        transform: [{ filter: "datum.rate_pct !== null" }],
        mark: { type: "bar", color: NHS_COLOURS.blue },
        encoding: {
          x,
          tooltip: [
            { field: "staff_group", type: "nominal", title: "Staff group" },
            { field: "note", type: "nominal", title: "Rate" },
          ],
        },
      },
      {
        transform: [{ filter: "datum.comparator_rate_pct !== null" }],
        mark: { type: "tick", color: NHS_COLOURS.black, thickness: 2 },
        encoding: { x: { field: "comparator_rate_pct", type: "quantitative" } },
      },
      {
        transform: [{ filter: "datum.rate_pct === null" }],
        mark: { type: "text", align: "left", dx: 4, color: NHS_COLOURS.darkGrey, fontStyle: "italic" },
        encoding: { x: { datum: 0, type: "quantitative" }, text: { field: "note", type: "nominal" } },
      },
    ],
  };
}
