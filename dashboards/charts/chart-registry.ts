/**
 * The one registry of charts the site and the packs draw: each chart's id (its file stem under a pack's
 * charts/ and the `data-chart` of its section on a site page), its heading, the builder that turns mart
 * rows into its Vega-Lite spec (title, encoding and text alternative, the spec's description), and the
 * data table beside it on the site (which of the spec's rows, which columns). A new chart is added here
 * once and both outputs find it; the site builds nothing that is not in this list.
 */
import { absenceFunnelChart } from "./absence-funnel-chart.js";
import { absenceSpcChart } from "./absence-spc-chart.js";
import { exposurePepChart } from "./exposure-pep-chart.js";
import { immunisationUptakeChart } from "./immunisation-uptake-chart.js";
import { ohTimelinessChart } from "./oh-timeliness-chart.js";
import { reasonShareChart } from "./reason-share-chart.js";
import { referralOutcomesChart } from "./referral-outcomes-chart.js";
import { staffGroupChart } from "./staff-group-chart.js";
import { valueRoiChart } from "./value-roi-chart.js";

/** One column of a chart's data table: a field of the rows the chart draws, and its column title. */
export interface TableColumn {
  field: string;
  title: string;
}

/** The rows a data table shows: the layer whose `data.values` they are (null: the spec's own data). */
export interface ChartTable {
  layer: number | null;
  columns: readonly TableColumn[];
}

export interface ChartEntry<Build> {
  heading: string;
  build: Build;
  table: ChartTable;
}

export const CHART_REGISTRY = {
  "absence-spc": {
    heading: "Sickness absence rate over time (SPC chart)",
    build: absenceSpcChart,
    table: {
      layer: null,
      columns: [
        { field: "month_end", title: "Month end" },
        { field: "rate_pct", title: "Rate (%)" },
        { field: "mean", title: "Mean (%)" },
        { field: "lpl", title: "Lower process limit (%)" },
        { field: "upl", title: "Upper process limit (%)" },
        { field: "variation", title: "Variation" },
        { field: "signals", title: "Signals" },
      ],
    },
  },
  "benchmark-funnel": {
    heading: "Sickness absence funnel plot",
    build: absenceFunnelChart,
    table: {
      // the organisations' points (layers 0 and 1 are the limit lines)
      layer: 2,
      columns: [
        { field: "name", title: "Organisation" },
        { field: "code", title: "Code" },
        { field: "fte_days_available", title: "FTE days available" },
        { field: "rate_pct", title: "Rate (%)" },
        { field: "position", title: "Against the group" },
      ],
    },
  },
  "staff-groups": {
    heading: "Sickness absence rate by staff group",
    build: staffGroupChart,
    table: {
      layer: null,
      columns: [
        { field: "staff_group", title: "Staff group" },
        { field: "note", title: "Rate" },
        { field: "comparator_rate_pct", title: "England rate (%)" },
      ],
    },
  },
  "reason-share": {
    heading: "Reasons for absence",
    build: reasonShareChart,
    table: {
      layer: null,
      columns: [
        { field: "reason", title: "Reason" },
        { field: "share_pct", title: "Share of FTE days lost (%)" },
        { field: "fte_days_lost", title: "FTE days lost" },
      ],
    },
  },
  "oh-timeliness": {
    heading: "OH timeliness against targets",
    build: ohTimelinessChart,
    table: {
      layer: null,
      columns: [
        { field: "month_end", title: "Month end" },
        { field: "measure", title: "Measure" },
        { field: "note", title: "Within target" },
        { field: "denominator_count", title: "Cases" },
        { field: "target_pct", title: "Target (%)" },
      ],
    },
  },
  "exposure-pep": {
    heading: "Exposures and PEP timeliness",
    build: exposurePepChart,
    table: {
      layer: null,
      columns: [
        { field: "month_end", title: "Month end" },
        { field: "exposures_count", title: "Exposures" },
        { field: "high_risk_count", title: "High-risk exposures" },
        { field: "pep_note", title: "PEP within 60 minutes" },
      ],
    },
  },
  "immunisation-uptake": {
    heading: "Frontline flu vaccine uptake through the season",
    build: immunisationUptakeChart,
    table: {
      layer: null,
      columns: [
        { field: "season", title: "Season" },
        { field: "month_end", title: "By the end of" },
        { field: "note", title: "Uptake" },
        { field: "vaccinated_count", title: "Frontline staff vaccinated" },
        { field: "headcount_count", title: "Frontline headcount" },
      ],
    },
  },
  "referral-outcomes": {
    heading: "OH referrals by type and outcome",
    build: referralOutcomesChart,
    table: {
      layer: null,
      columns: [
        { field: "quarter", title: "Quarter" },
        { field: "breakdown", title: "Breakdown" },
        { field: "category", title: "Category" },
        { field: "note", title: "Referrals" },
      ],
    },
  },
  "value-roi": {
    heading: "Value and return on investment",
    build: valueRoiChart,
    table: {
      layer: null,
      columns: [
        { field: "quarter", title: "Quarter" },
        { field: "measure", title: "Measure" },
        { field: "gbp", title: "£" },
        { field: "days_saved", title: "FTE days saved" },
        { field: "roi_text", title: "Return on investment" },
      ],
    },
  },
} as const satisfies Record<string, ChartEntry<unknown>>;

export type ChartId = keyof typeof CHART_REGISTRY;

export function chartHeading(id: ChartId): string {
  return CHART_REGISTRY[id].heading;
}

export function isChartId(id: string): id is ChartId {
  return Object.hasOwn(CHART_REGISTRY, id);
}
