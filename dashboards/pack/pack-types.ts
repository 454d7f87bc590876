/**
 * The shapes a pack is made of: sections (narrative, the charts and tables they show), charts, tables
 * and the page-one headline tiles. Sections, the composer and the outputs all import these types from
 * here, so no section imports the composer (no import cycle).
 */
import type { TopLevelSpec } from "vega-lite";
import type { ChartId } from "../charts/chart-registry.js";
import type { TargetSettings } from "../spc/measure-targets.js";
import type { SpcLimitSettings } from "../spc/spc-limits.js";
import type { AssuranceClass, VariationClass } from "../spc/xmr.js";

export type Cell = string | number | null;

/**
 * The configuration that decides what a figure may claim (`coverageThresholdPct`, `spc`, `targets`),
 * the same settings the site takes, so both outputs label, limit and judge alike.
 */
export interface PackEvidenceSettings {
  /** Below this share (%) of expected organisations reporting, a figure is the reporting ones' only. */
  coverageThresholdPct: number;
  spc: SpcLimitSettings;
  targets: TargetSettings;
}

/** Where the absence figures come from: NHS England's published benchmark, or the warehouse's own ESR feed. */
export type AbsenceSource = "benchmark" | "warehouse";

export interface PackTable {
  /** File name under data/, e.g. "absence-quarter.csv". */
  file: string;
  header: string[];
  rows: Cell[][];
}

export interface PackChart {
  /** File stem under charts/ and the chart registry's id, e.g. "absence-spc". */
  id: ChartId;
  spec: TopLevelSpec;
  /** The data file behind the chart (its data table in the HTML and a CSV under data/). */
  table: string;
}

export interface PackSection {
  id: string;
  title: string;
  /** The strategy driver the section evidences. */
  driver: string;
  /** Tables of the warehouse the section's numbers come from (each also in the manifest's tables read). */
  reads: string[];
  paragraphs: string[];
  charts: ChartId[];
  tables: string[];
}

export interface HeadlineFigure {
  label: string;
  value: string;
}

/** One tile of page one: a measure a board can read in a glance. */
export interface HeadlineTile {
  label: string;
  value: string;
  /** Change on the previous quarter and on the same quarter last year, in words (empty when unknown). */
  changes: string[];
  /** England or the peer group beside it, in words; null when there is none. */
  comparison: string | null;
  /** Making Data Count icons, where the measure has an SPC series. */
  icons: { variation: VariationClass; assurance: AssuranceClass | null } | null;
  /** Where the figure comes from, and its coverage above organisation level. */
  source: string;
}

/** The dates every pack states (ISO dates, from the warehouse, never the clock). */
export interface PackDates {
  /** The data's as-of date (the last transform's). */
  asOf: string | null;
  /** The pack's publication date: configured, else the as-of date, so the output is deterministic. */
  published: string;
  /** Null when `publication.date` is configured; else says the date above is the data's as-of date. */
  publishedNote: string | null;
  /** Where the pack's sickness absence figures come from, with their coverage, in words for the cover. */
  absenceSource: string;
  /** NHS England's benchmarking publications loaded, first and last month. */
  sourceFrom: string | null;
  sourceTo: string | null;
  /**
   * When NHS England released those publications: null while the reference data does not record it
   * (the shipped files carry reference months, not release dates), with `sourcePublishedNote` saying so.
   */
  sourcePublished: string | null;
  sourcePublishedNote: string;
}

export interface PackPublication {
  publisher: string;
  protectiveMarking: string;
}

export interface PackContent {
  title: string;
  scopeName: string;
  scopeKey: string;
  quarterLabel: string;
  headline: HeadlineFigure[];
  tiles: HeadlineTile[];
  sections: PackSection[];
  charts: PackChart[];
  tables: PackTable[];
  assumptions: Record<string, unknown>;
  dates: PackDates;
  publication: PackPublication;
}

/** What one section module gives the composer. */
export interface SectionResult {
  section: PackSection;
  charts?: PackChart[];
  tables?: PackTable[];
  headline?: HeadlineFigure[];
  tiles?: HeadlineTile[];
  assumptions?: Record<string, unknown>;
}

/** A section left out, and why (the method section lists these). */
export interface SectionOmitted {
  omitted: string;
}
