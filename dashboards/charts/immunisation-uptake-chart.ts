/**
 * Frontline healthcare worker flu vaccine uptake through the season (1 September to the end of
 * February; domain notes §8): the cumulative % of the frontline headcount vaccinated by the end of each
 * month, one line per season so this season can be read against the last. The percentage is withheld
 * when the vaccinated count is withheld (1–7) or the headcount is 1–7; a season without
 * headcount has no line.
 */
import type { TopLevelSpec } from "vega-lite";
import { DashboardInputError } from "../dashboard-errors.js";
import { dashboardMessages } from "../dashboard-messages.js";
import { BASE_CONFIG, CHART_SCHEMA, NHS_COLOURS } from "./chart-style.js";
import { formatMonth } from "./chart-text.js";
import { disclosedShare } from "./disclosed-share.js";
import type { ChartGeography, FluCumulativeRow } from "./oh-chart-rows.js";

export interface ImmunisationUptakeChartOptions extends ChartGeography {
  /** How many seasons to draw, latest first (default 2). */
  seasons?: number;
  width?: number;
}

export const SEASON_MONTHS = ["Sep", "Oct", "Nov", "Dec", "Jan", "Feb"] as const;

function seasonMonth(monthEnd: string): string {
  return SEASON_MONTHS[(Number(monthEnd.slice(5, 7)) + 3) % 12] ?? monthEnd;
}

/** The seasons the chart shows (the latest `options.seasons`, default 2), oldest first. */
function chartSeasons(rows: readonly FluCumulativeRow[], options: ImmunisationUptakeChartOptions): string[] {
  return [
    ...new Set(
      rows.filter((r) => r.frontline_headcount !== null && r.frontline_headcount > 0).map((r) => r.season),
    ),
  ]
    .sort((a, b) => b.localeCompare(a))
    .slice(0, options.seasons ?? 2)
    .sort();
}

/**
 * The chart's data, disclosed, one row per season month. Exported so a pack's narrative and CSV use the
 * same rows as the chart, never the spec.
 */
export function immunisationUptakeValues(
  rows: readonly FluCumulativeRow[],
  options: ImmunisationUptakeChartOptions,
) {
  const seasons = chartSeasons(rows, options);
  return rows
    .filter((r) => r.frontline_headcount !== null && r.frontline_headcount > 0)
    .filter((r) => seasons.includes(r.season))
    .sort((a, b) => a.season.localeCompare(b.season) || a.month_end.localeCompare(b.month_end))
    .map((r) => {
      const share = disclosedShare(r.cumulative_vaccinated, r.frontline_headcount as number);
      return {
        season: r.season,
        month_end: r.month_end,
        season_month: seasonMonth(r.month_end),
        level: options.level,
        vaccinated_count: share.numerator_count,
        headcount_count: share.denominator_count,
        uptake_pct: share.percent,
        note: share.note,
      };
    });
}

export function immunisationUptakeChart(
  rows: readonly FluCumulativeRow[],
  options: ImmunisationUptakeChartOptions,
): TopLevelSpec {
  const seasons = chartSeasons(rows, options);
  if (seasons.length === 0) {
    throw new DashboardInputError(
      "CHART_INPUT",
      dashboardMessages.chartNoRows("flu uptake", `no season with a frontline headcount for ${options.name}`),
    );
  }
  const values = immunisationUptakeValues(rows, options);
  if (values.every((v) => v.uptake_pct === null)) {
    throw new DashboardInputError(
      "CHART_INPUT",
      dashboardMessages.chartNoRows(
        "flu uptake",
        `every month for ${options.name} is withheld for small numbers`,
      ),
    );
  }
  const latestSeason = seasons[seasons.length - 1] as string;
  const latest = values.filter((v) => v.season === latestSeason).at(-1);
  const previous = seasons.length > 1 ? (seasons[seasons.length - 2] as string) : null;
  const previousSameMonth = latest
    ? values.find((v) => v.season === previous && v.season_month === latest.season_month)
    : undefined;
  const description =
    `Line chart of cumulative frontline healthcare worker flu vaccine uptake for ${options.name} through the September to February season${seasons.length > 1 ? `, seasons ${seasons.join(" and ")}` : `, season ${latestSeason}`}. ` +
    (latest
      ? `By the end of ${formatMonth(latest.month_end)}, ${latest.note === "withheld (small numbers)" ? "uptake is withheld for small numbers" : `${latest.note} of frontline staff were vaccinated in ${latestSeason}`}` +
        (previousSameMonth ? `, against ${previousSameMonth.note} by the same point of ${previous}` : "") +
        ". "
      : "") +
    "Uptake = frontline staff vaccinated since 1 September ÷ frontline staff-group headcount (clinical staff groups; estates, central functions and managers not counted as frontline). Percentages from small numbers are withheld.";
  const earlier = [NHS_COLOURS.midGrey, NHS_COLOURS.lightBlue, NHS_COLOURS.darkGrey];
  const palette = seasons.map((_, i) =>
    i === seasons.length - 1 ? NHS_COLOURS.blue : (earlier[i % 3] as string),
  );
  return {
    $schema: CHART_SCHEMA,
    title: {
      text: `Frontline flu vaccine uptake: ${options.name}`,
      subtitle: "Cumulative % of frontline headcount vaccinated, 1 September to end of February.",
    },
    description,
    width: options.width ?? 480,
    height: 260,
    config: BASE_CONFIG,
    data: { values },
    transform: [{ filter: "datum.uptake_pct !== null" }],
    mark: { type: "line", point: { filled: true, size: 50 }, strokeWidth: 2 },
    encoding: {
      x: {
        field: "season_month",
        type: "ordinal",
        title: null,
        sort: [...SEASON_MONTHS],
        axis: { labelAngle: 0 },
        scale: { domain: [...SEASON_MONTHS] },
      },
      y: {
        field: "uptake_pct",
        type: "quantitative",
        title: "Frontline staff vaccinated (%)",
        scale: { domain: [0, 100] },
      },
      color: {
        field: "season",
        type: "nominal",
        title: "Season",
        scale: { domain: seasons, range: palette },
      },
      tooltip: [
        { field: "season", type: "nominal", title: "Season" },
        { field: "month_end", type: "temporal", title: "By the end of", format: "%b %Y" },
        { field: "note", type: "nominal", title: "Uptake" },
        { field: "vaccinated_count", type: "quantitative", title: "Vaccinated" },
      ],
    },
  };
}
