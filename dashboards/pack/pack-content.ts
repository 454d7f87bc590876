/**
 * The pack's content, generated from the numbers: sections (one PDF page each) with narrative
 * paragraphs, the charts they show, and the disclosure-controlled tables written as CSVs. Sections are
 * grouped under the Growing OHWB Together drivers (domain notes §1) where the data speaks to them.
 * Pure: mart rows in, content out, so the same warehouse and arguments give the same content.
 */
import type { TopLevelSpec } from "vega-lite";
import { absenceFunnelChart } from "../charts/absence-funnel-chart.js";
import { absenceSpcChart } from "../charts/absence-spc-chart.js";
import { formatCount, formatMonth, formatRate } from "../charts/chart-text.js";
import { reasonShareChart } from "../charts/reason-share-chart.js";
import { staffGroupChart } from "../charts/staff-group-chart.js";
import { PackNoDataError } from "../dashboard-errors.js";
import { packMessages } from "../dashboard-messages.js";
import { discloseAbsenceRates, type OrganisationHierarchy } from "../disclosure/disclosure-control.js";
import { type AbsenceMartRow, ALL_STAFF_GROUPS, type GeographyLevel } from "../mart-rows.js";
import { FUNNEL_Z, funnelClassLabel, funnelPoints } from "../spc/funnel.js";
import { type FunnelGroup, funnelGroupOf } from "../spc/funnel-groups.js";
import {
  assuranceIcon,
  assuranceLabel,
  computeXmr,
  DEFAULT_RUN_LENGTH,
  DEFAULT_TREND_LENGTH,
  variationIcon,
  variationLabel,
  XMR_MIN_POINTS,
} from "../spc/xmr.js";
import { absenceKey, type QuarterAbsence, quarterAbsence, round2 } from "./absence-quarter.js";
import { DRIVERS } from "./pack-drivers.js";
import { composeOhSections } from "./pack-oh-sections.js";
import {
  previousQuarter,
  type Quarter,
  quarterEnd,
  quarterKey,
  quarterLabel,
  quarterMonthEnds,
  sameQuarterLastYear,
} from "./pack-quarter.js";
import type { PackScope } from "./pack-scope.js";
import type { BenchmarkSource, MartRecord, ScopeMarts } from "./pack-source.js";

export type Cell = string | number | null;

/** Where the absence figures come from: NHS England's published benchmark, or the warehouse's own ESR feed. */
export type AbsenceSource = "benchmark" | "warehouse";

const ABSENCE_SOURCE_TEXT: Record<AbsenceSource, string> = {
  benchmark:
    "Absence figures are NHS England's published sickness absence benchmark (mart_absence_benchmark): organisation rows as published, ICB, region and England rows summed from unsuppressed organisation rows.",
  warehouse:
    "NHS England's published benchmark has no rows for this scope and quarter, so absence figures come from this warehouse's own ESR absence episodes and FTE (mart_absence_rate); the England and peer figures are those of the organisations in the warehouse, not all of England.",
};

export interface PackTable {
  /** File name under data/, e.g. "absence-quarter.csv". */
  file: string;
  header: string[];
  rows: Cell[][];
}

export interface PackChart {
  /** File stem under charts/, e.g. "absence-spc". */
  id: string;
  spec: TopLevelSpec;
}

export interface PackSection {
  id: string;
  title: string;
  /** The strategy driver the section evidences. */
  driver: string;
  paragraphs: string[];
  charts: string[];
  tables: string[];
}

export interface HeadlineFigure {
  label: string;
  value: string;
}

export interface PackContent {
  title: string;
  scopeName: string;
  quarterLabel: string;
  headline: HeadlineFigure[];
  sections: PackSection[];
  charts: PackChart[];
  tables: PackTable[];
  assumptions: Record<string, unknown>;
}

const LEVEL_NAMES: Record<GeographyLevel, string> = {
  england: "England",
  region: "regions",
  ics: "integrated care systems",
  organisation: "organisations",
};

/** Rates and FTE days in the pack's words: the one formatter (../charts/chart-text.ts). */
export const pct = formatRate;
const days = formatCount;

function changeText(current: number, before: QuarterAbsence | undefined, what: string): string {
  if (!before) return `There are no published figures for ${what}, so no change against it can be shown.`;
  const diff = round2(current) - round2(before.rate);
  const direction = diff > 0 ? "higher than" : diff < 0 ? "lower than" : "the same as";
  const amount = diff === 0 ? "" : `${Math.abs(diff).toFixed(2)} percentage points `;
  return `That is ${amount}${direction} ${what} (${pct(before.rate)}).`;
}

function disclosedQuarterRows(
  entries: readonly QuarterAbsence[],
  quarter: Quarter,
  hierarchy: readonly OrganisationHierarchy[] = [],
): ReturnType<typeof discloseAbsenceRates> {
  const rows: AbsenceMartRow[] = entries.map((e) => ({
    month_end: quarterEnd(quarter),
    level: e.level,
    code: e.code,
    name: e.name,
    staff_group: e.staff_group,
    fte_days_lost: round2(e.fte_days_lost),
    fte_days_available: round2(e.fte_days_available),
    rate_pct: round2(e.rate),
    suppressed: false,
  }));
  return discloseAbsenceRates(rows, hierarchy);
}

function membersOf(source: BenchmarkSource, scope: PackScope): Set<string> {
  if (scope.level === "england") return new Set(source.parents.map((p) => p.code));
  if (scope.level === "region")
    return new Set(source.parents.filter((p) => p.regionCode === scope.code).map((p) => p.code));
  if (scope.level === "ics")
    return new Set(source.parents.filter((p) => p.icsCode === scope.code).map((p) => p.code));
  const own = source.parents.find((p) => p.code === scope.code);
  return new Set(source.parents.filter((p) => own?.icsCode && p.icsCode === own.icsCode).map((p) => p.code));
}

/** The comparison group with the most member organisations (an area's pack shows that group's funnel). */
function largestGroup(members: ReadonlySet<string>, clusters: ReadonlyMap<string, string | null>) {
  const counts = new Map<FunnelGroup, number>();
  for (const code of members) {
    const g = funnelGroupOf(clusters.get(code));
    if (g) counts.set(g, (counts.get(g) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
}

/**
 * Where an organisation's quarter lies on the overdispersion-adjusted funnel of every organisation of
 * its comparison group (quarter sums, against the group's pooled rate); null when it has no group.
 */
function quarterFunnelPosition(
  source: BenchmarkSource,
  code: string,
  months: readonly string[],
): string | null {
  const clusters = new Map(source.parents.map((p) => [p.code, p.cluster]));
  const group = funnelGroupOf(clusters.get(code));
  if (!group) return null;
  const peers = [
    ...quarterAbsence(
      source.rows.filter(
        (r) =>
          r.level === "organisation" &&
          r.staff_group === ALL_STAFF_GROUPS &&
          funnelGroupOf(clusters.get(r.code)) === group,
      ),
      months,
    ).values(),
  ];
  const lost = peers.reduce((s, r) => s + r.fte_days_lost, 0);
  const available = peers.reduce((s, r) => s + r.fte_days_available, 0);
  if (!(available > 0 && lost > 0)) return null;
  const result = funnelPoints(lost / available, peers);
  const own = result.points.find((p) => p.code === code);
  if (!own) return null;
  return `Against the ${peers.length} ${group.label} (pooled rate ${pct((lost / available) * 100)}), with ${days(own.fte_days_available)} FTE days available, the quarter's rate is ${funnelClassLabel(own.classification).toLowerCase()} of a funnel plot (95% limits ${pct(own.lower95 * 100)} to ${pct(own.upper95 * 100)}, adjusted for overdispersion between trusts).`;
}

function numberOf(record: MartRecord | undefined, key: string): number | null {
  const value = record?.[key];
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

export function composePack(
  source: BenchmarkSource,
  marts: ScopeMarts,
  scope: PackScope,
  quarter: Quarter,
  absenceSource: AbsenceSource = "benchmark",
): PackContent {
  const previous = previousQuarter(quarter);
  const lastYear = sameQuarterLastYear(quarter);
  const months = quarterMonthEnds(quarter);
  const end = quarterEnd(quarter);
  const relevant = source.rows.filter(
    (r) => (r.level === scope.level && r.code === scope.code) || r.level === "england",
  );
  const sums = quarterAbsence(relevant, months);
  const sumsPrevious = quarterAbsence(relevant, quarterMonthEnds(previous));
  const sumsLastYear = quarterAbsence(relevant, quarterMonthEnds(lastYear));
  const key = absenceKey(scope.level, scope.code, ALL_STAFF_GROUPS);
  const current = sums.get(key);
  if (!current) throw new PackNoDataError(packMessages.packNoAbsence(scope.key, quarterKey(quarter)));
  const england = sums.get(absenceKey("england", "ENG", ALL_STAFF_GROUPS));
  const name = current.name;
  // Without the published benchmark, "England" is the sum of the organisations in this warehouse.
  const englandName = absenceSource === "benchmark" ? "England" : "England (organisations in this warehouse)";
  const label = quarterLabel(quarter);
  const charts: PackChart[] = [];
  const tables: PackTable[] = [];
  const sections: PackSection[] = [];

  // ---- Headline: the quarter rate, its change, and England beside it ----
  const headline: HeadlineFigure[] = [
    { label: `Sickness absence rate, ${label}`, value: pct(current.rate) },
    {
      label: `FTE days lost (${absenceSource === "benchmark" ? "NHS England published" : "own ESR events"})`,
      value: days(current.fte_days_lost),
    },
  ];
  const before = sumsPrevious.get(key);
  const yearBefore = sumsLastYear.get(key);
  if (before) headline.push({ label: `Rate, ${quarterLabel(previous)}`, value: pct(before.rate) });
  if (yearBefore) headline.push({ label: `Rate, ${quarterLabel(lastYear)}`, value: pct(yearBefore.rate) });
  if (england && scope.level !== "england")
    headline.push({ label: `${englandName}, ${label}`, value: pct(england.rate) });
  const headlineParagraphs = [
    `The sickness absence rate for ${name} in ${label} was ${pct(current.rate)}: ${days(current.fte_days_lost)} FTE days lost of ${days(current.fte_days_available)} FTE days available, all staff groups` +
      (current.months < 3
        ? `, from ${current.months} of the quarter's 3 months (the others were not published).`
        : "."),
    changeText(current.rate, before, `the previous quarter, ${quarterLabel(previous)}`),
    changeText(current.rate, yearBefore, `the same quarter last year, ${quarterLabel(lastYear)}`),
  ];
  if (england && scope.level !== "england") {
    const diff = round2(current.rate) - round2(england.rate);
    headlineParagraphs.push(
      `${englandName}'s rate for the quarter was ${pct(england.rate)}; ${name} was ${diff === 0 ? "level with it" : `${Math.abs(diff).toFixed(2)} percentage points ${diff > 0 ? "above" : "below"} it`}.`,
    );
  }
  headlineParagraphs.push(
    "Rates are Σ FTE days lost ÷ Σ FTE days available over the quarter's months (calendar quarter), computed from the sums rather than averaged from monthly rates.",
  );
  const quarterRows = [
    ...[quarter, previous, lastYear].flatMap((q) => {
      const qSums = q === quarter ? sums : q === previous ? sumsPrevious : sumsLastYear;
      const entries = [...qSums.values()]
        .filter((e) => e.level === scope.level && e.code === scope.code)
        .sort((a, b) => a.staff_group.localeCompare(b.staff_group));
      const englandTotal = qSums.get(absenceKey("england", "ENG", ALL_STAFF_GROUPS));
      const withEngland = scope.level !== "england" && englandTotal ? [...entries, englandTotal] : entries;
      return disclosedQuarterRows(withEngland, q).map((r) => {
        const e = qSums.get(absenceKey(r.level, r.code, r.staff_group));
        return [
          quarterKey(q),
          r.level,
          r.code,
          r.name,
          r.staff_group,
          r.fte_days_lost,
          r.fte_days_available,
          r.rate_pct,
          e?.months ?? null,
        ] as Cell[];
      });
    }),
  ];
  tables.push({
    file: "absence-quarter.csv",
    header: [
      "quarter",
      "level",
      "code",
      "name",
      "staff_group",
      "fte_days_lost",
      "fte_days_available",
      "rate_pct",
      "months_published",
    ],
    rows: quarterRows,
  });
  sections.push({
    id: "headline",
    title: `Headline: ${name}, ${label}`,
    driver: DRIVERS.impact,
    paragraphs: headlineParagraphs,
    charts: [],
    tables: ["absence-quarter.csv"],
  });

  // ---- SPC: monthly rate up to the quarter's end, special-cause signals in the quarter ----
  const series = relevant
    .filter(
      (r) =>
        r.level === scope.level &&
        r.code === scope.code &&
        r.staff_group === ALL_STAFF_GROUPS &&
        r.month_end <= end,
    )
    .sort((a, b) => a.month_end.localeCompare(b.month_end));
  const plotted = series.filter((r) => !r.suppressed && r.rate_pct !== null);
  const spcParagraphs: string[] = [];
  const spcCharts: string[] = [];
  if (plotted.length >= 2) {
    const xmr = computeXmr(
      plotted.map((r) => r.rate_pct as number),
      { direction: "lower_is_better" },
    );
    const first = plotted[0] as AbsenceMartRow;
    const last = plotted[plotted.length - 1] as AbsenceMartRow;
    spcParagraphs.push(
      `Over ${plotted.length} published months (${formatMonth(first.month_end)} to ${formatMonth(last.month_end)}) the monthly rate averaged ${pct(xmr.mean)}, with process limits ${pct(xmr.lpl)} to ${pct(xmr.upl)}.`,
    );
    const inQuarter = plotted
      .map((r, i) => ({ row: r, point: xmr.points[i] }))
      .filter((p) => months.includes(p.row.month_end));
    const flagged = inQuarter.filter((p) => (p.point?.signals.length ?? 0) > 0);
    spcParagraphs.push(
      flagged.length === 0
        ? `No month of ${label} shows special-cause variation: the quarter's months are common cause variation.`
        : `Special-cause signals in ${label}: ${flagged
            .map(
              (p) =>
                `${formatMonth(p.row.month_end)} ${pct(p.row.rate_pct as number)}, ${variationLabel(p.point?.variation ?? "common_cause").toLowerCase()} (${(p.point?.signals ?? []).map((s) => `${s.rule.replaceAll("_", " ")} ${s.side}`).join(", ")})`,
            )
            .join("; ")}.`,
    );
    const lastPoint = xmr.points[xmr.points.length - 1];
    if (lastPoint)
      spcParagraphs.push(
        `Latest month (${formatMonth(last.month_end)}): ${pct(last.rate_pct as number)}, ${variationLabel(lastPoint.variation).toLowerCase()}.`,
      );
    spcParagraphs.push(
      `Making Data Count icons: ${variationLabel(variationIcon(xmr)).toLowerCase()} (variation); ${assuranceLabel(assuranceIcon(xmr, null, "lower_is_better")).toLowerCase()} for sickness absence (assurance).` +
        (xmr.shortSeries
          ? ` Warning: only ${plotted.length} months, fewer than the ${XMR_MIN_POINTS} Making Data Count advises, so the limits are provisional.`
          : ""),
    );
    charts.push({ id: "absence-spc", spec: absenceSpcChart(series, { code: scope.code }) });
    spcCharts.push("absence-spc");
    // The section's summary table of MDC icons, one row per measure charted.
    const assurance = assuranceIcon(xmr, null, "lower_is_better");
    tables.push({
      file: "mdc-icons.csv",
      header: ["section", "measure", "variation_icon", "assurance_icon", "points", "short_series"],
      rows: [
        [
          "spc",
          "sickness absence rate, all staff groups",
          variationIcon(xmr),
          assurance ?? "none (no target)",
          plotted.length,
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
    spcParagraphs.push(packMessages.packTooFewMonths(plotted.length));
  }
  sections.push({
    id: "spc",
    title: "Sickness absence over time (statistical process control)",
    driver: DRIVERS.measurement,
    paragraphs: spcParagraphs,
    charts: spcCharts,
    tables: spcCharts.length > 0 ? ["absence-monthly.csv", "mdc-icons.csv"] : [],
  });

  // ---- Benchmark position: rank among peers at the same level, funnel position against England ----
  const peerLevel: GeographyLevel = scope.level === "england" ? "region" : scope.level;
  const peerSums = quarterAbsence(
    source.rows.filter(
      (r) => (r.level === peerLevel || r.level === "england") && r.staff_group === ALL_STAFF_GROUPS,
    ),
    months,
  );
  // Disclosed with England's total beside them: the pack also publishes England, and England minus
  // every published peer must not give away a withheld one.
  const peers = disclosedQuarterRows([...peerSums.values()], quarter, source.parents)
    .filter((r) => r.level === peerLevel && r.rate_pct !== null)
    .sort((a, b) => (a.rate_pct as number) - (b.rate_pct as number) || a.code.localeCompare(b.code));
  const benchParagraphs: string[] = [];
  if (scope.level === "england") {
    const low = peers[0];
    const high = peers[peers.length - 1];
    if (low && high)
      benchParagraphs.push(
        `Across the ${peers.length} NHS England regions the quarter's rate ranged from ${pct(low.rate_pct as number)} (${low.name}) to ${pct(high.rate_pct as number)} (${high.name}).`,
      );
  } else {
    const rank = peers.findIndex((r) => r.code === scope.code) + 1;
    if (rank > 0)
      benchParagraphs.push(
        `${name} ranked ${rank} of ${peers.length} ${LEVEL_NAMES[peerLevel]} for the quarter (1 = lowest absence rate).`,
      );
    const position =
      scope.level === "organisation" ? quarterFunnelPosition(source, scope.code, months) : null;
    if (position) benchParagraphs.push(position);
  }
  const members = membersOf(source, scope);
  const lastMonth = [...months]
    .reverse()
    .find((m) => source.rows.some((r) => r.month_end === m && r.level === "england"));
  const benchCharts: string[] = [];
  if (lastMonth) {
    const funnelRows = source.rows.filter(
      (r) =>
        r.month_end === lastMonth &&
        r.staff_group === ALL_STAFF_GROUPS &&
        (r.level === "england" || (r.level === "organisation" && members.has(r.code))),
    );
    const clusters = new Map(source.parents.map((p) => [p.code, p.cluster]));
    const ownGroup =
      scope.level === "organisation"
        ? funnelGroupOf(clusters.get(scope.code))
        : largestGroup(members, clusters);
    const placed = funnelRows.filter(
      (r) => r.level === "organisation" && !r.suppressed && funnelGroupOf(clusters.get(r.code)) === ownGroup,
    );
    if (ownGroup && placed.length > 0) {
      charts.push({
        id: "benchmark-funnel",
        spec: absenceFunnelChart(funnelRows, { monthEnd: lastMonth, clusters, cluster: ownGroup.cluster }),
      });
      benchCharts.push("benchmark-funnel");
      benchParagraphs.push(
        `The funnel plot compares the ${ownGroup.label} of ${scope.level === "organisation" ? `${name}'s integrated care system` : name} with each other for ${formatMonth(lastMonth)}, the quarter's last published month; other organisation types are not compared with them.`,
      );
    }
  }
  tables.push({
    file: "benchmark-peers.csv",
    header: ["quarter", "level", "code", "name", "fte_days_lost", "fte_days_available", "rate_pct", "rank"],
    rows: peers.map((r, i) => [
      quarterKey(quarter),
      r.level,
      r.code,
      r.name,
      r.fte_days_lost,
      r.fte_days_available,
      r.rate_pct,
      i + 1,
    ]),
  });
  sections.push({
    id: "benchmark",
    title: "Benchmark position",
    driver: DRIVERS.measurement,
    paragraphs: benchParagraphs,
    charts: benchCharts,
    tables: ["benchmark-peers.csv"],
  });

  // ---- Staff groups (People) ----
  const groups = disclosedQuarterRows(
    [...sums.values()].filter(
      (e) => e.level === scope.level && e.code === scope.code && e.staff_group !== ALL_STAFF_GROUPS,
    ),
    quarter,
  )
    .filter((r) => r.rate_pct !== null)
    .sort(
      (a, b) => (b.rate_pct as number) - (a.rate_pct as number) || a.staff_group.localeCompare(b.staff_group),
    );
  const peopleParagraphs: string[] = [];
  const top = groups[0];
  const bottom = groups[groups.length - 1];
  if (top && bottom && groups.length > 1) {
    peopleParagraphs.push(
      `By staff group, the quarter's highest published rate was ${top.staff_group} at ${pct(top.rate_pct as number)} and the lowest ${bottom.staff_group} at ${pct(bottom.rate_pct as number)} (${groups.length} groups published).`,
    );
  } else {
    peopleParagraphs.push("Too few staff groups were published for this scope and quarter to compare them.");
  }
  const peopleCharts: string[] = [];
  const scopeMonth = [...months]
    .reverse()
    .find((m) => series.some((r) => r.month_end === m && !r.suppressed));
  if (scopeMonth) {
    charts.push({
      id: "staff-groups",
      spec: staffGroupChart(relevant, {
        code: scope.code,
        monthEnd: scopeMonth,
        ...(scope.level === "england" ? {} : { comparatorCode: "ENG" }),
      }),
    });
    peopleCharts.push("staff-groups");
    peopleParagraphs.push(`The chart shows ${formatMonth(scopeMonth)}, the quarter's last published month.`);
  }
  sections.push({
    id: "staff-groups",
    title: "Staff groups",
    driver: DRIVERS.people,
    paragraphs: peopleParagraphs,
    charts: peopleCharts,
    tables: ["absence-quarter.csv"],
  });

  // ---- Reasons (Evidence-based practice) ----
  const reasons = (marts.reasonShare.get(end) ?? []).filter((r) => (numberOf(r, "fte_days_lost") ?? 0) > 0);
  const reasonParagraphs: string[] = [];
  const reasonCharts: string[] = [];
  const reasonTables: string[] = [];
  if (reasons.length > 0) {
    const ordered = [...reasons].sort(
      (a, b) => (numberOf(b, "fte_days_lost") ?? 0) - (numberOf(a, "fte_days_lost") ?? 0),
    );
    reasonParagraphs.push(
      `The largest reasons for FTE days lost in ${label} were ${ordered
        .slice(0, 3)
        .map((r) => `${String(r.reason_label)} (${(numberOf(r, "reason_share_pct") ?? 0).toFixed(1)}%)`)
        .join(", ")}.`,
    );
    charts.push({
      id: "reason-share",
      spec: reasonShareChart(
        ordered.map((r) => ({
          reason_code: String(r.reason_code),
          reason_label: String(r.reason_label),
          fte_days_lost: numberOf(r, "fte_days_lost") ?? 0,
        })),
        { periodLabel: `${name}, ${label}` },
      ),
    });
    reasonCharts.push("reason-share");
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
    reasonTables.push("reason-share.csv");
  } else {
    reasonParagraphs.push(packMessages.packNoMartRows("absence reasons (ESR episodes)", label));
  }
  // Beside the events' reasons: NHS England's published national breakdown, with its period and files.
  const published = marts.publishedReasons;
  if (published) {
    const top = [...published.rows].sort((a, b) => b.fte_days_lost - a.fte_days_lost).slice(0, 3);
    reasonParagraphs.push(
      packMessages.packPublishedReasons(
        formatMonth(published.from),
        formatMonth(published.to),
        top.map((r) => `${r.reason_label} (${r.share_pct.toFixed(1)}%)`).join(", "),
        published.sourceFiles.join(", "),
        reasons.length > 0,
      ),
    );
  }
  sections.push({
    id: "reasons",
    title: "Reasons for absence",
    driver: DRIVERS.evidence,
    paragraphs: reasonParagraphs,
    charts: reasonCharts,
    tables: reasonTables,
  });

  // ---- OH services, prevention and value (pack-oh-sections.ts) ----
  const oh = composeOhSections({
    marts,
    scope,
    quarter,
    name,
    headlineDaysLost: { value: current.fte_days_lost, source: absenceSource },
  });
  sections.push(...oh.sections);
  charts.push(...oh.charts);
  tables.push(...oh.tables);
  headline.push(...oh.headline);

  // ---- Method ----
  sections.push({
    id: "method",
    title: "Method and disclosure",
    driver: DRIVERS.measurement,
    paragraphs: [
      `Quarters are calendar quarters (Q1 = January to March), the quarters the warehouse marts report; ${label} covers ${months.map(formatMonth).join(", ")}.`,
      ABSENCE_SOURCE_TEXT[absenceSource],
      `SPC: XmR chart, limits mean ± 2.66 × mean moving range, NHS Making Data Count rules (beyond limits, shift of ${DEFAULT_RUN_LENGTH}, trend of ${DEFAULT_TREND_LENGTH}, two of three beyond 2σ). Funnel plots compare providers only within their NHS England cluster group (acute, mental health, community, ambulance), against the group's pooled rate, with 95% and 99.8% limits (z ${FUNNEL_Z.p95} and ${FUNNEL_Z.p998}) adjusted for overdispersion between trusts (Spiegelhalter: arcsine z-scores winsorised at 10%, additive τ²). The Making Data Count icons: variation from the latest month; assurance only where a target exists.`,
      "Disclosure control: rates with 330 FTE days available or fewer are withheld; a lone withheld staff group forces the next-smallest to be withheld too; counts at every level (England too) are rounded to 5 with 1–7 shown as *, and percentages come from the rounded counts. Every file of the pack passed the disclosure output check before it was published.",
      ...(oh.omitted ? [oh.omitted] : []),
    ],
    charts: [],
    tables: [],
  });

  return {
    title: `Occupational health and wellbeing evidence pack: ${name}, ${label}`,
    scopeName: name,
    quarterLabel: label,
    headline,
    sections,
    charts,
    tables,
    assumptions: {
      quarter: "calendar (Q1 = Jan–Mar)",
      absenceSource: absenceSource === "benchmark" ? "mart_absence_benchmark" : "mart_absence_rate",
      quarterRate: "Σ fte_days_lost ÷ Σ fte_days_available × 100 over the quarter's published months",
      spc: { runLength: DEFAULT_RUN_LENGTH, trendLength: DEFAULT_TREND_LENGTH, direction: "lower_is_better" },
      funnel: {
        z95: FUNNEL_Z.p95,
        z998: FUNNEL_Z.p998,
        overdispersion: "Spiegelhalter additive random effects (tau2), z-scores winsorised 10% each end",
        comparison: "providers within their NHS England cluster group, against the group's pooled rate",
      },
      ...oh.assumptions,
    },
  };
}
