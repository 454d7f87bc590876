/**
 * Builds one quarterly evidence pack into a directory:
 *   pack.pdf, index.html, charts/<id>.svg + .png, data/<table>.csv, manifest.json
 * Order: the warehouse must pass the data tests (publish-gate.ts); the content is composed from the
 * marts; everything is written; then the whole directory must pass the disclosure output check
 * (`assertPublishable`), or the build fails. It is written into a staging directory that replaces DIR
 * only once it passes (and only if DIR is new, empty or an earlier build's: output-directory.ts), so no
 * stale file is published or listed in the manifest, and a failed build leaves nothing of its own behind. `preparePackInputs` does the once-per-warehouse part, so a
 * set of packs (bench/pack-national.ts) checks and reads the warehouse once.
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import { configSchema } from "../../core/config.js";
import { toCsv } from "../../core/csv-writer.js";
import { quoteIdentifier } from "../../core/sql-quote.js";
import { assertPublishable } from "../disclosure/output-checker.js";
import { buildIntoOutputDirectory, OUTPUT_MARKER } from "../output-directory.js";
import { assertWarehousePasses, type DataTestOutcome } from "../publish-gate.js";
import { defaultFontFiles, svgToPng } from "../render/render-png.js";
import { composePack, type PackPublicationSettings } from "./pack-content.js";
import { packContext } from "./pack-context.js";
import { packIndexHtml } from "./pack-html.js";
import { type ManifestFile, type PackManifest, sha256, stableJson } from "./pack-manifest.js";
import { PackPrinter } from "./pack-pdf.js";
import {
  previousQuarter,
  type Quarter,
  quarterEnd,
  quarterKey,
  quarterMonthEnds,
  sameQuarterLastYear,
} from "./pack-quarter.js";
import type { PackScope } from "./pack-scope.js";
import {
  type BenchmarkSource,
  readBenchmarkSource,
  readOwnAbsenceSource,
  readScopeMarts,
} from "./pack-source.js";
import type { PackContent, PackEvidenceSettings } from "./pack-types.js";
import { outlineKey, outlinePages } from "./pdf-outline.js";
import { renderPrintSvg } from "./print-chart.js";
import { recordingReader } from "./recording-reader.js";

export interface PackInputs {
  /** How the manifest names the warehouse (a label, never an absolute path). */
  warehouseLabel: string;
  schemaVersion: number;
  transformAsOf: string;
  dataTests: { passed: number; failed: number };
  /** Tables these shared reads touched (recorded, recording-reader.ts). */
  tablesRead: string[];
  /** NHS England's published benchmark (mart_absence_benchmark). */
  source: BenchmarkSource;
  /** The warehouse's own absence (mart_absence_rate), used where the benchmark has no rows for the scope. */
  ownSource: BenchmarkSource;
}

export interface PackBuildResult {
  dir: string;
  content: PackContent;
  manifest: PackManifest;
  milliseconds: number;
}

export interface PackBuildOptions {
  /** Publisher and protective marking (configuration `publication`); the date defaults to the data's as-of. */
  publication?: PackPublicationSettings;
  /** The printer (one Chromium, one page) a set of packs shares; default: one launched for this pack. */
  printer?: PackPrinter;
  /** The Chromium binary and the chart fonts (configuration `render`). */
  render?: { chromium?: string; fontDir?: string };
  /** Coverage threshold, SPC limits and targets (configuration `coverageThresholdPct`, `spc`, `targets`). */
  evidence?: Partial<PackEvidenceSettings>;
}

/** The configuration's defaults, for callers that pass no publication settings. */
export function defaultPublication(): PackPublicationSettings {
  return configSchema.parse({}).publication;
}

/** The configured evidence settings over the configuration's defaults. */
export function packEvidence(evidence: Partial<PackEvidenceSettings> = {}): PackEvidenceSettings {
  const defaults = configSchema.parse({});
  return {
    coverageThresholdPct: evidence.coverageThresholdPct ?? defaults.coverageThresholdPct,
    spc: evidence.spc ?? defaults.spc,
    targets: evidence.targets ?? defaults.targets,
  };
}

/** Runs the data tests (throws DataTestsFailedError on any failure) and reads what every pack shares. */
export async function preparePackInputs(
  connection: DuckDBConnection,
  warehouseLabel: string,
): Promise<PackInputs> {
  return readPackInputs(connection, warehouseLabel, await assertWarehousePasses(connection, warehouseLabel));
}

/**
 * Reads the shared inputs given a data-test outcome. Publishing code goes through `preparePackInputs`;
 * this is exported for tests that render a pack from a warehouse whose data tests fail upstream, and the
 * outcome is recorded in the manifest as given.
 */
export async function readPackInputs(
  connection: DuckDBConnection,
  warehouseLabel: string,
  outcome: DataTestOutcome,
): Promise<PackInputs> {
  const reader = recordingReader(connection);
  const version = await reader.connection.runAndReadAll(
    "SELECT coalesce(max(version), 0)::INTEGER AS v FROM schema_migrations",
  );
  const source = stableSource(await readBenchmarkSource(reader.connection));
  const ownSource = stableSource(await readOwnAbsenceSource(reader.connection));
  return {
    warehouseLabel,
    schemaVersion: Number(version.getRowObjectsJson()[0]?.v ?? 0),
    transformAsOf: outcome.asOf,
    dataTests: { passed: outcome.passed, failed: outcome.failed },
    tablesRead: reader.tablesRead(),
    source,
    ownSource,
  };
}

/**
 * ICB, region and England FTE days are DuckDB sums of doubles, whose last bits depend on the (parallel)
 * summation order (it varies between transform runs by a few ulps, ~1e-8 FTE days). Rounded to 2 dp, as
 * published, they are the same across rebuilds of the same data except in the ~1e-6 chance that a sum
 * lands within that noise of a rounding boundary; for one warehouse file they are always the same.
 */
function stableSource(source: BenchmarkSource): BenchmarkSource {
  const fix = (v: number | null) => (v === null ? null : Math.round(v * 100) / 100);
  return {
    ...source,
    rows: source.rows.map((r) => ({
      ...r,
      fte_days_lost: fix(r.fte_days_lost),
      fte_days_available: fix(r.fte_days_available),
    })),
  };
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      return entry.isDirectory() ? listFiles(path) : entry.isFile() ? [path] : [];
    })
    .sort();
}

/**
 * Prints index.html twice: a measuring print with the charts left empty (same size, so the same pages,
 * and cheap: nothing to draw) gives each section's page from its outline, then the full print states those
 * pages in the contents. The full print's own outline must agree (the contents kept whole have room for
 * the page numbers); if it does not, it is printed again with its own pages until they hold.
 */
async function printWithContents(
  printer: PackPrinter,
  staging: string,
  content: PackContent,
  svgs: ReadonlyMap<string, string>,
): Promise<Buffer> {
  const index = join(staging, "index.html");
  writeFileSync(index, packIndexHtml(content, svgs, undefined, true));
  let pages = outlinePages(await printer.print(index, content));
  let pdf: Buffer = Buffer.alloc(0);
  for (let pass = 0; pass < 3; pass++) {
    writeFileSync(index, packIndexHtml(content, svgs, pages));
    pdf = await printer.print(index, content);
    const found = outlinePages(pdf);
    if (content.sections.every((s) => found.get(outlineKey(s.title)) === pages.get(outlineKey(s.title))))
      break;
    pages = found;
  }
  return pdf;
}

/** Rows of each table read (the manifest's inputs), counted outside the recording: counting is not reading. */
async function rowCounts(
  connection: DuckDBConnection,
  tables: readonly string[],
): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const counted = await connection.runAndReadAll(
      `SELECT count(*)::BIGINT AS n FROM ${quoteIdentifier(table)}`,
    );
    counts[table] = Number(counted.getRowObjectsJson()[0]?.n ?? 0);
  }
  return counts;
}

export async function buildPack(
  connection: DuckDBConnection,
  inputs: PackInputs,
  scope: PackScope,
  quarter: Quarter,
  dir: string,
  options: PackBuildOptions = {},
): Promise<PackBuildResult> {
  const began = performance.now();
  const ends = [quarter, previousQuarter(quarter), sameQuarterLastYear(quarter)].map(quarterEnd);
  // Everything the pack shows is read here, once, through the recording reader; sections only compose.
  const reader = recordingReader(connection);
  const marts = await readScopeMarts(reader.connection, scope, ends);
  const tablesRead = [...new Set([...inputs.tablesRead, ...reader.tablesRead()])].sort();
  // The published benchmark when it covers the scope in the quarter, else the warehouse's own absence.
  const months = new Set(quarterMonthEnds(quarter));
  const covers = (source: BenchmarkSource) =>
    source.rows.some(
      (r) => r.level === scope.level && r.code === scope.code && months.has(r.month_end) && !r.suppressed,
    );
  const absence = covers(inputs.source) || !covers(inputs.ownSource) ? "benchmark" : "warehouse";
  const context = packContext(
    absence === "benchmark" ? inputs.source : inputs.ownSource,
    marts,
    scope,
    quarter,
    absence,
    packEvidence(options.evidence),
    absence === "warehouse" ? inputs.source : undefined,
  );
  const content = composePack(context, options.publication ?? defaultPublication());
  // A section that names a table the build never read is a defect of the section, not of the data.
  for (const section of content.sections) {
    const unread = section.reads.filter((t) => !tablesRead.includes(t));
    if (unread.length > 0)
      throw new Error(`pack section ${section.id} declares tables it did not read: ${unread.join(", ")}`);
  }
  const tableRows = await rowCounts(connection, tablesRead);

  const printer = options.printer ?? (await PackPrinter.launch(options.render?.chromium));
  try {
    const manifest = await buildIntoOutputDirectory(dir, "evidence-pack", async (staging) => {
      mkdirSync(join(staging, "charts"), { recursive: true });
      mkdirSync(join(staging, "data"), { recursive: true });
      const svgs = new Map<string, string>();
      for (const chart of content.charts) {
        const svg = await renderPrintSvg(chart.spec);
        writeFileSync(join(staging, "charts", `${chart.id}.svg`), svg);
        svgs.set(chart.id, svg);
      }
      const csvRows = new Map<string, number>();
      for (const table of content.tables) {
        writeFileSync(join(staging, "data", table.file), toCsv(table.header, table.rows));
        csvRows.set(`data/${table.file}`, table.rows.length);
      }
      // Chromium prints in its own process while this one draws the PNGs (resvg, synchronous): one PNG
      // per turn of the event loop, so the print's next step is never held up by more than one chart.
      const printed = printWithContents(printer, staging, content, svgs);
      // Handled here so a failed print waits for the PNG loop instead of being an unhandled rejection.
      printed.catch(() => undefined);
      try {
        for (const [id, svg] of svgs) {
          await new Promise((resolve) => setImmediate(resolve));
          writeFileSync(
            join(staging, "charts", `${id}.png`),
            svgToPng(svg, { scale: 2, fontFiles: defaultFontFiles(options.render?.fontDir) }),
          );
        }
      } catch (error) {
        await printed.catch(() => undefined); // the print ends before the staging directory goes
        throw error;
      }
      writeFileSync(join(staging, "pack.pdf"), await printed);

      const files: ManifestFile[] = listFiles(staging)
        .map((path) => relative(staging, path).split(sep).join("/"))
        .filter((path) => path !== "manifest.json" && path !== OUTPUT_MARKER)
        .map((path) => {
          const bytes = readFileSync(join(staging, path));
          const rows = csvRows.get(path);
          return {
            path,
            bytes: statSync(join(staging, path)).size,
            sha256: sha256(bytes),
            ...(rows === undefined ? {} : { rows }),
          };
        });
      const manifest: PackManifest = {
        manifestVersion: 2,
        pack: {
          scope: scope.key,
          quarter: quarterKey(quarter),
          quarterDefinition: "calendar quarter (Q1 = Jan–Mar)",
          title: content.title,
          publisher: content.publication.publisher,
          protectiveMarking: content.publication.protectiveMarking,
        },
        dates: content.dates,
        inputs: {
          warehouse: inputs.warehouseLabel,
          schemaVersion: inputs.schemaVersion,
          transformAsOf: inputs.transformAsOf,
          dataTests: inputs.dataTests,
          tablesRead: tableRows,
        },
        sections: content.sections.map((s) => ({
          id: s.id,
          title: s.title,
          driver: s.driver,
          reads: s.reads,
          charts: s.charts,
          tables: s.tables,
        })),
        headline: content.headline,
        tiles: content.tiles,
        assumptions: content.assumptions,
        files,
      };
      writeFileSync(join(staging, "manifest.json"), stableJson(manifest));
      assertPublishable(staging);
      return manifest;
    });
    return { dir, content, manifest, milliseconds: performance.now() - began };
  } finally {
    if (!options.printer) await printer.close();
  }
}

/** One pack from a warehouse connection: data tests, inputs, build. */
export async function buildEvidencePack(
  connection: DuckDBConnection,
  options: { scope: PackScope; quarter: Quarter; dir: string; warehouseLabel: string } & PackBuildOptions,
): Promise<PackBuildResult> {
  const inputs = await preparePackInputs(connection, options.warehouseLabel);
  return buildPack(connection, inputs, options.scope, options.quarter, options.dir, options);
}
