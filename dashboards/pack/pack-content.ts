/**
 * The pack's content, composed from its sections: each section is one module under sections/ that
 * declares the tables it reads and composes its narrative, charts and tables from the shared context
 * (pack-context.ts); this file only puts them in order, gathers their charts, tables, headline figures,
 * tiles and assumptions, and tells the method section which were left out. Pure: data in, content out,
 * so the same warehouse and arguments give the same content.
 */
import { formatMonth, formatRate } from "../charts/chart-text.js";
import { coverageLabel } from "../coverage.js";
import { packMessages } from "../dashboard-messages.js";
import { FUNNEL_Z } from "../spc/funnel.js";
import { SPC_BASELINE_MONTHS } from "../spc/spc-limits.js";
import { DEFAULT_RUN_LENGTH, DEFAULT_TREND_LENGTH } from "../spc/xmr.js";
import { coverageOf } from "./oh-coverage.js";
import type { PackContext } from "./pack-context.js";
import type {
  PackChart,
  PackContent,
  PackPublication,
  PackSection,
  PackTable,
  SectionResult,
} from "./pack-types.js";
import { benchmarkSection } from "./sections/benchmark-section.js";
import { headlineSection } from "./sections/headline-section.js";
import { methodSection } from "./sections/method-section.js";
import { ohReferralsSection } from "./sections/oh-referrals-section.js";
import { ohTimelinessSection } from "./sections/oh-timeliness-section.js";
import { preventionSection } from "./sections/prevention-section.js";
import { reasonsSection } from "./sections/reasons-section.js";
import { isOmitted, type PackSectionModule } from "./sections/section-module.js";
import { spcSection } from "./sections/spc-section.js";
import { staffGroupsSection } from "./sections/staff-groups-section.js";
import { valueSection } from "./sections/value-section.js";

/** Rates in the pack's words: the one formatter (../charts/chart-text.ts). */
export const pct = formatRate;

/** The sections in the order a board reads them; the method section follows them. */
export const PACK_SECTIONS: readonly PackSectionModule[] = [
  headlineSection,
  spcSection,
  benchmarkSection,
  staffGroupsSection,
  reasonsSection,
  ohTimelinessSection,
  ohReferralsSection,
  preventionSection,
  valueSection,
];

export interface PackPublicationSettings extends PackPublication {
  /** ISO date; default: the data's as-of date (so the same warehouse gives the same pack). */
  date?: string;
}

export function composePack(context: PackContext, publication: PackPublicationSettings): PackContent {
  const results: SectionResult[] = [];
  const omitted: string[] = [];
  for (const module of PACK_SECTIONS) {
    const result = module.compose(context);
    if (isOmitted(result)) omitted.push(result.omitted);
    else results.push(result);
  }
  const method = methodSection(omitted).compose(context);
  if (!isOmitted(method)) results.push(method);

  const sections: PackSection[] = results.map((r) => r.section);
  const charts: PackChart[] = results.flatMap((r) => r.charts ?? []);
  // Two sections may list the same table (oh-activity.csv): it is one file.
  const tables = new Map<string, PackTable>();
  for (const table of results.flatMap((r) => r.tables ?? []))
    if (!tables.has(table.file)) tables.set(table.file, table);
  const { name, label, provenance } = context;
  return {
    title: `Occupational health and wellbeing evidence pack: ${name}, ${label}`,
    scopeName: name,
    scopeKey: context.scope.key,
    quarterLabel: label,
    headline: results.flatMap((r) => r.headline ?? []),
    tiles: results.flatMap((r) => r.tiles ?? []),
    sections,
    charts,
    tables: [...tables.values()],
    assumptions: {
      quarter: "calendar (Q1 = Jan–Mar)",
      absenceSource: context.absenceTable,
      quarterRate: "Σ fte_days_lost ÷ Σ fte_days_available × 100 over the quarter's published months",
      spc: {
        runLength: DEFAULT_RUN_LENGTH,
        trendLength: DEFAULT_TREND_LENGTH,
        direction: "lower_is_better",
        baselineMonths: context.evidence.spc.baselineMonths ?? SPC_BASELINE_MONTHS,
        rebaseAt: context.evidence.spc.rebaseAt ?? [],
      },
      coverageThresholdPct: context.evidence.coverageThresholdPct,
      targets: context.evidence.targets,
      funnel: {
        z95: FUNNEL_Z.p95,
        z998: FUNNEL_Z.p998,
        overdispersion: "Spiegelhalter additive random effects (tau2), z-scores winsorised 10% each end",
        comparison: "providers within their NHS England cluster group, against the group's pooled rate",
      },
      ...Object.assign({}, ...results.map((r) => r.assumptions ?? {})),
    },
    dates: {
      asOf: provenance.asOf,
      published: publication.date ?? provenance.asOf ?? context.end,
      publishedNote: publication.date ? null : packMessages.packPublishedIsAsOf(),
      absenceSource: absenceSourceText(context),
      sourceFrom: provenance.benchmarkFrom,
      sourceTo: provenance.benchmarkTo,
      // Release dates are not in the reference data; the pack says so rather than showing nothing.
      sourcePublished: null,
      sourcePublishedNote: "publication date not recorded in the shipped data",
    },
    publication: { publisher: publication.publisher, protectiveMarking: publication.protectiveMarking },
  };
}

/** The cover's word on the absence figures: the publication they come from, or the events and their coverage. */
function absenceSourceText(context: PackContext): string {
  const { benchmarkFrom, benchmarkTo } = context.provenance;
  const loaded =
    benchmarkFrom && benchmarkTo ? `${formatMonth(benchmarkFrom)} to ${formatMonth(benchmarkTo)}` : null;
  if (context.absenceSource === "benchmark")
    return packMessages.packAbsenceFromPublication(loaded ?? context.label);
  const coverage = coverageLabel(coverageOf(context, "esr"), context.evidence.coverageThresholdPct);
  return packMessages.packAbsenceFromEvents(coverage, loaded, context.label);
}
