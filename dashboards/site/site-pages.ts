/**
 * The page model of the dashboard site: one page for England, each region, each ICS and each
 * organisation, each carrying its charts as pre-built Vega-Lite specs. Rows pass disclosure control
 * (rules 1 and 4) before any chart sees them, so suppressed rates stay null on every page.
 *
 * A page's filters pick among pre-built variants (the browser has no chart builders): the SPC chart and
 * funnel have one variant per staff group, the staff-group chart one per month (the period's end month).
 * The period filter then trims the SPC chart's months in the browser.
 */
import type { TopLevelSpec } from "vega-lite";
import { OhwbError } from "../../core/errors.js";
import { CHART_REGISTRY, type ChartId, type TableColumn } from "../charts/chart-registry.js";
import { formatMonth, latestMonthEnd } from "../charts/chart-text.js";
import {
  type Coverage,
  type CoverageSource,
  coverageKey,
  coverageLabel,
  DEFAULT_COVERAGE_THRESHOLD_PCT,
  isPartialCoverage,
} from "../coverage.js";
import { dashboardSiteMessages } from "../dashboard-messages.js";
import { discloseAbsenceRates } from "../disclosure/disclosure-control.js";
import { type AbsenceMartRow, ALL_STAFF_GROUPS, type GeographyLevel } from "../mart-rows.js";
import { FUNNEL_GROUPS, funnelGroupOf } from "../spc/funnel-groups.js";
import type { ResolvedTarget, TargetSettings } from "../spc/measure-targets.js";
import { type SpcLimitSettings, spcLimitOptions } from "../spc/spc-limits.js";
import {
  assuranceIcon,
  assuranceLabel,
  computeXmr,
  variationIcon,
  variationLabel,
  XMR_MIN_POINTS,
} from "../spc/xmr.js";
import type { BenchmarkSource } from "./benchmark-source.js";
import { type OhGeographySeries, type OhSource, ohKey } from "./oh-source.js";
import { absenceTarget, ohTimelinessTargets } from "./page-targets.js";
import type { ReasonBreakdown, SiteReasons } from "./reason-source.js";

export const ENGLAND_CODE = "ENG";

export type { TableColumn };

export interface ChartVariant {
  spec?: TopLevelSpec;
  /** Why there is no chart for this choice (e.g. too few published months). */
  unavailable?: string;
}

/**
 * Where a chart sits on a page: its section's element id and its CSV's name. A page can show one
 * registry chart more than once (a funnel per provider group, published and events reasons), so the
 * slot names the place and `PageChart.chart` the registry chart drawn there.
 */
export type PageChartSlot =
  | "spc"
  | "staff-group"
  | "funnel"
  | "funnel-mental-health"
  | "funnel-community"
  | "funnel-ambulance"
  | "oh-timeliness"
  | "immunisation-uptake"
  | "exposure-pep"
  | "referral-outcomes"
  | "value-roi"
  | "reasons-published"
  | "reasons-events";

/** The one variant key of a chart the filters do not change (OH charts: all staff, whole series). */
export const SINGLE_VARIANT = "all";

export interface PageChart {
  id: PageChartSlot;
  /** The registry chart (chart-registry.ts) drawn here: its builder, heading and data table, as in the packs. */
  chart: ChartId;
  heading: string;
  /** What a reader should know about the filters' effect on this chart. */
  note: string;
  /** Where the figure comes from: an NHS England publication, or the organisations' own events. */
  source: string;
  /** "n of N organisations reporting …" for a figure from events above organisation level, else absent. */
  coverage?: string;
  /** "none": one variant (SINGLE_VARIANT) whatever the filters say. */
  keyedBy: "staffGroup" | "endMonth" | "none";
  /** The SPC chart's months are trimmed to the period in the browser. */
  periodFiltered: boolean;
  /** Layer whose `data.values` the data table shows; null: the spec's top-level data. */
  tableLayer: number | null;
  tableColumns: TableColumn[];
  variants: Record<string, ChartVariant>;
}

export interface PageLink {
  file: string;
  label: string;
}

/** One row of a page's Making Data Count summary: a staff group's latest SPC icons. */
export interface MdcSummaryRow {
  staff_group: string;
  latest_month: string;
  latest_rate_pct: number;
  /** Mean of the published months' rates (the SPC centre line). */
  mean_pct: number;
  months: number;
  /** Months the limits come from (the baseline). */
  baseline_months: number;
  variation: string;
  assurance: string;
  /** Whether a target applies to the row (the page's configured sickness absence target, all staff groups). */
  has_target: boolean;
  /** The target as the table shows it ("4.2% (…)"), or "no target set". */
  target: string;
  target_pct: number | null;
  target_source: string | null;
  note: string;
}

export interface SitePage {
  file: string;
  level: GeographyLevel;
  code: string;
  name: string;
  parents: PageLink[];
  children: PageLink[];
  staffGroups: string[];
  months: string[];
  charts: PageChart[];
  mdc: MdcSummaryRow[];
}

/** The SPC baseline and rebasing settings (configuration `spc`), shared with the packs. */
export type SpcLimitOptions = SpcLimitSettings;

export interface SitePageOptions {
  /** Coverage (%) below which an area figure from events is "reporting organisations only" (config coverageThresholdPct). */
  coverageThresholdPct?: number;
  spc?: SpcLimitOptions;
  /** Targets per measure and scope (configuration `targets`), shared with the packs. */
  targets?: TargetSettings;
  /** The published national and the events' reason breakdowns (reason-source.ts). */
  reasons?: SiteReasons;
}

/** The registry's part of a page chart (id, heading, data table), so a chart reads the same as in the packs. */
function fromRegistry(chart: ChartId): Pick<PageChart, "chart" | "heading" | "tableLayer" | "tableColumns"> {
  const { heading, table } = CHART_REGISTRY[chart];
  return { chart, heading, tableLayer: table.layer, tableColumns: [...table.columns] };
}

/** England's page has no comparator: its staff-group table has no England column. */
function staffGroupTable<T extends Pick<PageChart, "tableColumns">>(chart: T, withComparator: boolean): T {
  return withComparator
    ? chart
    : { ...chart, tableColumns: chart.tableColumns.filter((c) => c.field !== "comparator_rate_pct") };
}

/** England's published breakdown and the area's events breakdown, each naming its source. */
function reasonCharts(
  published: ReasonBreakdown | null,
  events: ReasonBreakdown | undefined,
  level: GeographyLevel,
  code: string,
  name: string,
  coverage: Coverage,
  threshold: number,
): PageChart[] {
  const chart = (
    id: PageChartSlot,
    heading: string,
    note: string,
    source: string,
    breakdown: ReasonBreakdown,
    periodLabel: string,
    coverageText: string | null = null,
  ): PageChart[] => {
    const built = variant(() => CHART_REGISTRY["reason-share"].build(breakdown.rows, { periodLabel }), "");
    if (!built.spec) return [];
    return [
      {
        id,
        ...fromRegistry("reason-share"),
        // two breakdowns of the one chart on a page: each heading says whose
        heading,
        note,
        source,
        ...(coverageText ? { coverage: coverageText } : {}),
        keyedBy: "none",
        periodFiltered: false,
        variants: { [SINGLE_VARIANT]: built },
      },
    ];
  };
  const span = (b: ReasonBreakdown) => `${formatMonth(b.from)} to ${formatMonth(b.to)}`;
  const charts: PageChart[] = [];
  if (published && level === "england") {
    charts.push(
      ...chart(
        "reasons-published",
        "Sickness absence by reason: NHS England's published figures",
        dashboardSiteMessages.reasonsPublishedNote(),
        dashboardSiteMessages.reasonsPublishedSource(span(published), published.files),
        published,
        `England (published), ${span(published)}`,
      ),
    );
  }
  if (events) {
    const label = coverageLabel(coverage.get(coverageKey(level, code, "esr")), threshold);
    charts.push(
      ...chart(
        "reasons-events",
        "Sickness absence by reason: the organisations' own ESR events",
        [dashboardSiteMessages.reasonsEventsNote(), label].filter(Boolean).join(" "),
        dashboardSiteMessages.reasonsEventsSource(),
        events,
        `${name} (own ESR events), ${span(events)}`,
        label,
      ),
    );
  }
  return charts;
}

function shownSeries(own: readonly AbsenceMartRow[], staffGroup: string): AbsenceMartRow[] {
  return own
    .filter((r) => r.staff_group === staffGroup && !r.suppressed && r.rate_pct !== null)
    .sort((a, b) => a.month_end.localeCompare(b.month_end));
}

const LEVEL_LABEL: Record<GeographyLevel, string> = {
  england: "Country",
  region: "NHS England region",
  ics: "Integrated care system",
  organisation: "Organisation",
};

export function levelLabel(level: GeographyLevel): string {
  return LEVEL_LABEL[level];
}

const FILE_PREFIX: Record<GeographyLevel, string> = {
  england: "england",
  region: "region-",
  ics: "ics-",
  organisation: "org-",
};

export function pageFile(level: GeographyLevel, code: string): string {
  if (level === "england") return "england.html";
  return `${FILE_PREFIX[level]}${code.replace(/[^A-Za-z0-9_-]/g, "_")}.html`;
}

/**
 * The OH charts a geography has data for, each with its one variant. A chart whose builder finds no
 * rows is left off the page (most pages: the OH marts cover only organisations that send OH events).
 */
function ohCharts(
  series: OhGeographySeries | undefined,
  level: GeographyLevel,
  code: string,
  name: string,
  coverage: Coverage,
  threshold: number,
  targets: TargetSettings | undefined,
): PageChart[] {
  if (!series) return [];
  const geography = { level, name };
  // OH charts sit in the slot named after their registry id: one of each on a page
  const candidates: {
    id: PageChartSlot & ChartId;
    source: CoverageSource;
    build: () => TopLevelSpec;
  }[] = [
    {
      id: "oh-timeliness",
      source: "oh_case_management",
      build: () =>
        CHART_REGISTRY["oh-timeliness"].build(series.referralWaits, {
          ...geography,
          targets: ohTimelinessTargets(targets, level, code),
        }),
    },
    {
      id: "exposure-pep",
      source: "exposure",
      build: () => CHART_REGISTRY["exposure-pep"].build(series.exposures, geography),
    },
    {
      id: "immunisation-uptake",
      source: "immunisation",
      build: () => CHART_REGISTRY["immunisation-uptake"].build(series.flu, geography),
    },
    {
      id: "referral-outcomes",
      source: "oh_case_management",
      build: () => CHART_REGISTRY["referral-outcomes"].build(series.referralCategories, geography),
    },
    {
      id: "value-roi",
      source: "esr",
      build: () =>
        CHART_REGISTRY["value-roi"].build(series.value, {
          ...geography,
          ...(series.costSource ? { costSource: series.costSource } : {}),
          ...(series.baselineSource ? { baselineSource: series.baselineSource } : {}),
        }),
    },
  ];
  return candidates.flatMap((c) => {
    let built = variant(c.build, "");
    if (!built.spec) return [];
    const covered = coverage.get(coverageKey(level, code, c.source));
    const label = coverageLabel(covered, threshold);
    // Cost, days saved and ROI are sums: from some organisations they are not the area's total.
    if (c.id === "value-roi" && label && isPartialCoverage(covered, threshold)) {
      built = { unavailable: dashboardSiteMessages.areaTotalWithheld(label) };
    }
    return [
      {
        id: c.id,
        ...fromRegistry(c.id),
        // every figure above organisation level says how much of the area it covers
        note: [dashboardSiteMessages.ohChartNote(), label].filter(Boolean).join(" "),
        source: dashboardSiteMessages.eventSource(c.source),
        ...(label ? { coverage: label } : {}),
        keyedBy: "none" as const,
        periodFiltered: false,
        variants: { [SINGLE_VARIANT]: built },
      },
    ];
  });
}

/** A chart builder's input error becomes a "not available" note; anything else is a bug and throws. */
function variant(build: () => TopLevelSpec, unavailable: string): ChartVariant {
  try {
    return { spec: build() };
  } catch (error) {
    if (error instanceof OhwbError && error.code === "CHART_INPUT") return { unavailable };
    throw error;
  }
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}

function sortedUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort((a, b) => a.localeCompare(b));
}

/** Staff groups with 'All staff groups' first. */
function orderStaffGroups(groups: Iterable<string>): string[] {
  const list = sortedUnique(groups).filter((g) => g !== ALL_STAFF_GROUPS);
  return [ALL_STAFF_GROUPS, ...list];
}

/**
 * A scope's sickness absence target is for its whole workforce, as the packs judge it: it is drawn on,
 * and judges, the all-staff-groups series only.
 */
function targetOption(target: ResolvedTarget | null, staffGroup: string): { target?: number } {
  return target && staffGroup === ALL_STAFF_GROUPS ? { target: target.value } : {};
}

function targetText(target: ResolvedTarget | null): string {
  if (!target) return dashboardSiteMessages.mdcNoTarget();
  return dashboardSiteMessages.targetText(target.value, target.appliesTo, target.source);
}

/** The latest MDC icons of each staff group's SPC series (the series the SPC chart draws). */
function mdcSummary(
  own: readonly AbsenceMartRow[],
  staffGroups: readonly string[],
  spc: SpcLimitOptions | undefined,
  target: ResolvedTarget | null,
): MdcSummaryRow[] {
  return staffGroups.flatMap((g) => {
    const goal = targetOption(target, g).target;
    const shown = shownSeries(own, g);
    const last = shown[shown.length - 1];
    if (shown.length < 2 || !last) return [];
    const limits = spcLimitOptions(
      shown.map((r) => r.month_end),
      spc,
    );
    const xmr = computeXmr(
      shown.map((r) => r.rate_pct as number),
      { direction: "lower_is_better", ...limits },
    );
    return [
      {
        staff_group: g,
        latest_month: last.month_end,
        latest_rate_pct: last.rate_pct as number,
        mean_pct: Math.round(xmr.mean * 100) / 100,
        months: shown.length,
        baseline_months: Math.min(shown.length, limits.baselinePoints),
        variation: variationLabel(variationIcon(xmr)),
        assurance:
          goal === undefined
            ? dashboardSiteMessages.mdcNoTarget()
            : assuranceLabel(assuranceIcon(xmr, goal, "lower_is_better")),
        has_target: goal !== undefined,
        target: goal === undefined ? dashboardSiteMessages.mdcNoTarget() : targetText(target),
        target_pct: goal ?? null,
        target_source: goal === undefined ? null : (target?.source ?? null),
        note: xmr.shortSeries ? dashboardSiteMessages.mdcShortSeries(shown.length, XMR_MIN_POINTS) : "",
      },
    ];
  });
}

export function buildSitePages(
  source: BenchmarkSource,
  oh: OhSource = new Map(),
  coverage: Coverage = new Map(),
  options: SitePageOptions = {},
): SitePage[] {
  const threshold = options.coverageThresholdPct ?? DEFAULT_COVERAGE_THRESHOLD_PCT;
  // With the hierarchy: the site publishes every level, so a withheld organisation must not be
  // recoverable from its ICB, region or England total minus the published rest.
  const rows: AbsenceMartRow[] = discloseAbsenceRates(source.rows, source.parents);
  const byPage = groupBy(rows, (r) => `${r.level}|${r.code}`);
  const englandRows = byPage.get(`england|${ENGLAND_CODE}`) ?? [];
  const nameOf = (level: GeographyLevel, code: string) => {
    const own = byPage.get(`${level}|${code}`) ?? [];
    const latest = latestMonthEnd(own);
    return own.find((r) => r.month_end === latest)?.name ?? code;
  };
  const link = (level: GeographyLevel, code: string): PageLink => ({
    file: pageFile(level, code),
    label: level === "england" ? "England" : `${nameOf(level, code)} (${code})`,
  });
  const has = (level: GeographyLevel, code: string | null): code is string =>
    code !== null && byPage.has(`${level}|${code}`);
  const parentsByOrg = new Map(source.parents.map((p) => [p.code, p]));
  const clusterByOrg = new Map(source.parents.map((p) => [p.code, p.cluster]));
  const orgsByIcs = groupBy(
    source.parents.filter((p) => p.icsCode !== null),
    (p) => p.icsCode as string,
  );
  const orgsByRegion = groupBy(
    source.parents.filter((p) => p.regionCode !== null),
    (p) => p.regionCode as string,
  );
  const icsRegion = new Map<string, string>();
  for (const p of source.parents) if (p.icsCode && p.regionCode) icsRegion.set(p.icsCode, p.regionCode);

  const pages: SitePage[] = [];
  for (const [key, own] of byPage) {
    const [levelText, code = ""] = key.split("|");
    const level = levelText as GeographyLevel;
    const parents: PageLink[] = [];
    let children: PageLink[] = [];
    let memberOrgs: string[] | null = null;
    if (level === "england") {
      children = sortedUnique(rows.filter((r) => r.level === "region").map((r) => r.code)).map((c) =>
        link("region", c),
      );
      memberOrgs = source.parents.map((p) => p.code);
    } else if (level === "region") {
      parents.push(link("england", ENGLAND_CODE));
      memberOrgs = (orgsByRegion.get(code) ?? []).map((p) => p.code);
      children = sortedUnique(
        (orgsByRegion.get(code) ?? []).flatMap((p) => (has("ics", p.icsCode) ? [p.icsCode] : [])),
      ).map((c) => link("ics", c));
    } else if (level === "ics") {
      parents.push(link("england", ENGLAND_CODE));
      const region = icsRegion.get(code) ?? null;
      if (has("region", region)) parents.push(link("region", region));
      memberOrgs = (orgsByIcs.get(code) ?? []).map((p) => p.code);
      children = sortedUnique(memberOrgs.filter((c) => has("organisation", c))).map((c) =>
        link("organisation", c),
      );
    } else {
      parents.push(link("england", ENGLAND_CODE));
      const p = parentsByOrg.get(code);
      if (p && has("region", p.regionCode)) parents.push(link("region", p.regionCode));
      if (p && has("ics", p.icsCode)) parents.push(link("ics", p.icsCode));
    }
    const name = level === "england" ? "England" : nameOf(level, code);
    const target = absenceTarget(options.targets, level, code);
    const staffGroups = orderStaffGroups(own.map((r) => r.staff_group));
    const months = sortedUnique(own.map((r) => r.month_end));
    const published = dashboardSiteMessages.publishedSource(
      formatMonth(months[0] ?? ""),
      formatMonth(months[months.length - 1] ?? ""),
    );
    const charts: PageChart[] = [
      {
        id: "spc",
        ...fromRegistry("absence-spc"),
        note: [dashboardSiteMessages.spcNote(), dashboardSiteMessages.spcTargetNote(target)].join(" "),
        source: published,
        keyedBy: "staffGroup",
        periodFiltered: true,
        variants: Object.fromEntries(
          staffGroups.map((g) => [
            g,
            variant(
              () =>
                CHART_REGISTRY["absence-spc"].build(own, {
                  code,
                  staffGroup: g,
                  ...spcLimitOptions(
                    shownSeries(own, g).map((r) => r.month_end),
                    options.spc,
                  ),
                  ...targetOption(target, g),
                }),
              dashboardSiteMessages.spcUnavailable(g),
            ),
          ]),
        ),
      },
      {
        id: "staff-group",
        ...staffGroupTable(fromRegistry("staff-groups"), level !== "england"),
        note: dashboardSiteMessages.staffGroupNote(level !== "england"),
        source: published,
        keyedBy: "endMonth",
        periodFiltered: false,
        variants: Object.fromEntries(
          months.map((m) => [
            m,
            variant(
              () =>
                CHART_REGISTRY["staff-groups"].build(level === "england" ? own : [...own, ...englandRows], {
                  code,
                  monthEnd: m,
                  ...(level === "england" ? {} : { comparatorCode: ENGLAND_CODE }),
                }),
              dashboardSiteMessages.staffGroupUnavailable(m),
            ),
          ]),
        ),
      },
    ];
    if (memberOrgs !== null) {
      const allFunnelRows = [
        ...englandRows,
        ...memberOrgs.flatMap((c) => byPage.get(`organisation|${c}`) ?? []),
      ];
      const monthEnd = latestMonthEnd(allFunnelRows);
      // the funnels plot one month: cut to it once, not in each of the variants below
      const funnelRows = allFunnelRows.filter((r) => r.month_end === monthEnd);
      // One funnel per comparison group present (like with like); non-providers are on no funnel.
      const present = new Set(memberOrgs.map((c) => funnelGroupOf(parentsByOrg.get(c)?.cluster)));
      for (const group of FUNNEL_GROUPS.filter((g) => present.has(g))) {
        charts.push({
          id: group.id === "acute" ? "funnel" : (`funnel-${group.id}` as PageChartSlot),
          ...fromRegistry("benchmark-funnel"),
          // one funnel per provider group on a page: each heading says which
          heading: dashboardSiteMessages.funnelHeading(group.label),
          note: dashboardSiteMessages.funnelNote(monthEnd, group.label),
          source: published,
          keyedBy: "staffGroup",
          periodFiltered: false,
          variants: Object.fromEntries(
            staffGroups.map((g) => [
              g,
              variant(
                () =>
                  CHART_REGISTRY["benchmark-funnel"].build(funnelRows, {
                    monthEnd,
                    staffGroup: g,
                    clusters: clusterByOrg,
                    cluster: group.cluster,
                  }),
                dashboardSiteMessages.funnelUnavailable(g, group.label),
              ),
            ]),
          ),
        });
      }
    }
    charts.push(
      ...reasonCharts(
        options.reasons?.published ?? null,
        options.reasons?.events.get(`${level}|${code}`),
        level,
        code,
        name,
        coverage,
        threshold,
      ),
    );
    charts.push(
      ...ohCharts(oh.get(ohKey(level, code)), level, code, name, coverage, threshold, options.targets),
    );
    pages.push({
      file: pageFile(level, code),
      level,
      code,
      name,
      parents,
      children,
      staffGroups,
      months,
      charts,
      mdc: mdcSummary(own, staffGroups, options.spc, target),
    });
  }
  const order: GeographyLevel[] = ["england", "region", "ics", "organisation"];
  return pages.sort(
    (a, b) => order.indexOf(a.level) - order.indexOf(b.level) || a.name.localeCompare(b.name),
  );
}

/** Every data-table row of every chart variant of a page, tagged with its chart and filter key. */
export function pageTableRows(page: SitePage): Record<string, unknown>[] {
  return page.charts.flatMap((chart) =>
    Object.entries(chart.variants).flatMap(([key, v]) => {
      if (!v.spec) return [];
      const spec = v.spec as { data?: { values?: unknown[] }; layer?: { data?: { values?: unknown[] } }[] };
      const values =
        chart.tableLayer === null ? spec.data?.values : spec.layer?.[chart.tableLayer]?.data?.values;
      return (values ?? []).map((row) => ({
        chart: chart.id,
        ...(chart.keyedBy === "none"
          ? {}
          : { [chart.keyedBy === "staffGroup" ? "staff_group_filter" : "month_filter"]: key }),
        ...(row as Record<string, unknown>),
      }));
    }),
  );
}
