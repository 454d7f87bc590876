/**
 * Benchmark position: rank among peers at the same level (England: the range across regions), an
 * organisation's place on its cluster group's overdispersion-adjusted funnel, and the funnel plot of the
 * scope's trusts of one group (like with like).
 */
import { CHART_REGISTRY } from "../../charts/chart-registry.js";
import { formatCount, formatMonth, formatRate } from "../../charts/chart-text.js";
import { packMessages } from "../../dashboard-messages.js";
import { ALL_STAFF_GROUPS, type GeographyLevel } from "../../mart-rows.js";
import { funnelClassLabel, funnelPoints } from "../../spc/funnel.js";
import { type FunnelGroup, funnelGroupOf } from "../../spc/funnel-groups.js";
import { quarterAbsence } from "../absence-quarter.js";
import { disclosedQuarterRows } from "../disclosed-quarter.js";
import { absenceCoverageFirst, absenceCoverageReads } from "../oh-coverage.js";
import type { PackContext } from "../pack-context.js";
import { DRIVERS } from "../pack-drivers.js";
import { quarterKey } from "../pack-quarter.js";
import type { PackScope } from "../pack-scope.js";
import type { BenchmarkSource } from "../pack-source.js";
import type { HeadlineTile, PackChart } from "../pack-types.js";
import type { PackSectionModule } from "./section-module.js";

const LEVEL_NAMES: Record<GeographyLevel, string> = {
  england: "England",
  region: "regions",
  ics: "integrated care systems",
  organisation: "organisations",
};

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

/** Fewer organisations than this make no funnel: a trust compared with itself or one other says nothing. */
export const FUNNEL_MIN_ORGANISATIONS = 3;

/**
 * Where an organisation's quarter lies on the overdispersion-adjusted funnel of every organisation of
 * its comparison group (quarter sums, against the group's pooled rate); null when it has no group.
 */
function quarterFunnelPosition(
  source: BenchmarkSource,
  code: string,
  months: readonly string[],
  peersWord: string,
) {
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
  if (!(available > 0 && lost > 0) || peers.length < FUNNEL_MIN_ORGANISATIONS) return null;
  const result = funnelPoints(lost / available, peers);
  const own = result.points.find((p) => p.code === code);
  if (!own) return null;
  return `Against the ${peers.length} ${group.label}${peersWord} (pooled rate ${formatRate((lost / available) * 100)}), with ${formatCount(own.fte_days_available)} FTE days available, the quarter's rate is ${funnelClassLabel(own.classification).toLowerCase()} of a funnel plot (95% limits ${formatRate(own.lower95 * 100)} to ${formatRate(own.upper95 * 100)}, adjusted for overdispersion between trusts).`;
}

function readsOf(context: PackContext): string[] {
  return context.absenceSource === "benchmark"
    ? ["mart_absence_benchmark", "stg_absence_published"]
    : ["mart_absence_rate", "dim_organisation", ...absenceCoverageReads(context)];
}

export const benchmarkSection: PackSectionModule = {
  id: "benchmark",
  reads: readsOf,
  compose(context) {
    const { source, scope, months, quarter, name } = context;
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
    const paragraphs: string[] = [];
    const tiles: HeadlineTile[] = [];
    const low = peers[0];
    const high = peers[peers.length - 1];
    const range =
      low && high
        ? `${LEVEL_NAMES[peerLevel]} range ${formatRate(low.rate_pct as number)} (${low.name}) to ${formatRate(high.rate_pct as number)} (${high.name})`
        : null;
    const tileSource =
      context.absenceSource === "benchmark"
        ? "NHS England, NHS Sickness Absence benchmarking tool"
        : "The organisations' own ESR events";
    const regionsWord =
      context.absenceSource === "benchmark"
        ? "NHS England regions"
        : "NHS England regions with organisations reporting ESR events";
    if (scope.level === "england") {
      if (low && high) {
        paragraphs.push(
          `Across the ${peers.length} ${regionsWord} the quarter's rate ranged from ${formatRate(low.rate_pct as number)} (${low.name}) to ${formatRate(high.rate_pct as number)} (${high.name}).`,
        );
        tiles.push({
          label: `Regions, ${context.label}`,
          value: `${formatRate(low.rate_pct as number)} to ${formatRate(high.rate_pct as number)}`,
          changes: [`lowest ${low.name}, highest ${high.name}`],
          comparison: `${peers.length} ${regionsWord}`,
          icons: null,
          source: tileSource,
        });
      }
    } else {
      const rank = peers.findIndex((r) => r.code === scope.code) + 1;
      if (rank > 0) {
        paragraphs.push(
          `${name} ranked ${rank} of ${peers.length} ${LEVEL_NAMES[peerLevel]} for the quarter (1 = lowest absence rate).`,
        );
        tiles.push({
          label: `Rank among ${LEVEL_NAMES[peerLevel]}, ${context.label}`,
          value: `${rank} of ${peers.length}`,
          changes: ["1 = lowest absence rate"],
          comparison: range ? `${range.charAt(0).toUpperCase()}${range.slice(1)}` : null,
          icons: null,
          source: tileSource,
        });
      }
      const position =
        scope.level === "organisation"
          ? quarterFunnelPosition(
              source,
              scope.code,
              months,
              context.absenceSource === "warehouse" ? " reporting ESR events to this warehouse" : "",
            )
          : null;
      if (position) paragraphs.push(position);
    }
    const members = membersOf(source, scope);
    const lastMonth = [...months]
      .reverse()
      .find((m) => source.rows.some((r) => r.month_end === m && r.level === "england"));
    const charts: PackChart[] = [];
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
        (r) =>
          r.level === "organisation" && !r.suppressed && funnelGroupOf(clusters.get(r.code)) === ownGroup,
      );
      if (ownGroup && placed.length > 0 && placed.length < FUNNEL_MIN_ORGANISATIONS) {
        paragraphs.push(
          packMessages.packFunnelTooFew(placed.length, ownGroup.label, FUNNEL_MIN_ORGANISATIONS),
        );
      } else if (ownGroup && placed.length > 0) {
        charts.push({
          id: "benchmark-funnel",
          spec: CHART_REGISTRY["benchmark-funnel"].build(funnelRows, {
            monthEnd: lastMonth,
            clusters,
            cluster: ownGroup.cluster,
          }),
          table: "benchmark-peers.csv",
        });
        paragraphs.push(
          `The funnel plot compares the ${ownGroup.label} of ${scope.level === "organisation" ? `${name}'s integrated care system` : name} with each other for ${formatMonth(lastMonth)}, the quarter's last published month; other organisation types are not compared with them.`,
        );
      }
    }
    absenceCoverageFirst(context, paragraphs);
    return {
      section: {
        id: "benchmark",
        title: "Benchmark position",
        driver: DRIVERS.measurement,
        reads: readsOf(context),
        paragraphs,
        charts: charts.map((c) => c.id),
        tables: ["benchmark-peers.csv"],
      },
      charts,
      tiles,
      tables: [
        {
          file: "benchmark-peers.csv",
          header: [
            "quarter",
            "level",
            "code",
            "name",
            "fte_days_lost",
            "fte_days_available",
            "rate_pct",
            "rank",
          ],
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
        },
      ],
    };
  },
};
