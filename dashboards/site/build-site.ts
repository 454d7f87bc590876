/**
 * Builds the static dashboard site into a directory: page per geography, index.html, and the browser
 * builds of vega, vega-lite and vega-embed copied into assets/ so it works offline from file://.
 * It is built in a staging directory that must pass the disclosure output check, and replaces the
 * output directory (only if that is new, empty or an earlier build's: output-directory.ts) only then,
 * so a failed build publishes nothing and leaves the last good site in place.
 */
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import { toCsv } from "../../core/csv-writer.js";
import { readCoverage } from "../coverage.js";
import { DashboardInputError } from "../dashboard-errors.js";
import { dashboardSiteMessages } from "../dashboard-messages.js";
import { assertPublishable } from "../disclosure/output-checker.js";
import { buildIntoOutputDirectory } from "../output-directory.js";
import { type Provenance, provenanceText, readProvenance } from "../provenance.js";
import { readBenchmarkSource } from "./benchmark-source.js";
import { ChartTemplates, compactSpec } from "./chart-templates.js";
import { readOhSource } from "./oh-source.js";
import { readSiteReasons } from "./reason-source.js";
import {
  CHART_TEMPLATES_FILE,
  INDEX_DIRECTORY_CSV,
  INDEX_SUMMARY_CSV,
  indexHtml,
  pageDataFile,
  pageHtml,
  pageScript,
  pageScriptFile,
  type SiteDates,
  tableCsvFile,
} from "./site-html.js";
import {
  buildSitePages,
  levelLabel,
  type PageChart,
  pageTableRows,
  type SitePage,
  type SitePageOptions,
} from "./site-pages.js";
import { SITE_SCRIPT, SITE_STYLE } from "./site-script.js";

const BROWSER_BUILDS = [
  { pkg: "vega", file: "build/vega.min.js", as: "vega.min.js" },
  { pkg: "vega-lite", file: "build/vega-lite.min.js", as: "vega-lite.min.js" },
  { pkg: "vega-embed", file: "build/vega-embed.min.js", as: "vega-embed.min.js" },
] as const;

export interface SiteBuildResult {
  dir: string;
  pages: SitePage[];
  milliseconds: number;
}

/** A package's root: walk up from its resolved entry point (the packages' exports hide package.json). */
function packageRoot(pkg: string): string {
  let dir = dirname(createRequire(import.meta.url).resolve(pkg));
  while (!existsSync(join(dir, "package.json"))) {
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return dir;
}

function copyAssets(dir: string): void {
  const assets = join(dir, "assets");
  mkdirSync(assets, { recursive: true });
  for (const build of BROWSER_BUILDS) {
    const from = join(packageRoot(build.pkg), build.file);
    if (!existsSync(from)) {
      throw new DashboardInputError("SITE_ASSET", dashboardSiteMessages.siteAssetMissing(from));
    }
    copyFileSync(from, join(assets, build.as));
  }
  writeFileSync(join(assets, "site.js"), SITE_SCRIPT);
  writeFileSync(join(assets, "site.css"), SITE_STYLE);
}

export type SiteBuildOptions = Omit<SitePageOptions, "reasons">;

/** A chart as its page script carries it: each variant's spec by template (chart-templates.ts). */
function compactChart(chart: PageChart, templates: ChartTemplates) {
  const variants = Object.entries(chart.variants).map(([key, { spec, ...rest }]) => [
    key,
    spec ? { ...rest, compact: compactSpec(spec, templates) } : rest,
  ]);
  return { ...chart, variants: Object.fromEntries(variants) };
}

function siteDates(p: Provenance): SiteDates {
  return {
    provenance: provenanceText(p),
    dates: dashboardSiteMessages.pageDates(p.transformedOn),
  };
}

/**
 * Every CSV the site offers, each written by the one hardened CSV writer: per page, each chart's table
 * rows (all filter choices, keyed by the filter) and the Making Data Count summary; the index's two
 * tables. Every row names its data as-of date, the build date and its source, so a file read on its
 * own says all three.
 */
export function siteCsvFiles(pages: readonly SitePage[], p: Provenance): { file: string; text: string }[] {
  const asOf = p.asOf ?? "";
  const built = p.transformedOn ?? "";
  const files: { file: string; text: string }[] = [];
  for (const page of pages) {
    for (const chart of page.charts) {
      const key =
        chart.keyedBy === "none"
          ? []
          : [chart.keyedBy === "staffGroup" ? "staff_group_filter" : "month_filter"];
      const fields = chart.tableColumns.map((c) => c.field);
      // a figure from events above organisation level names its coverage in every row, as on the page
      const coverage = chart.coverage === undefined ? [] : ["coverage"];
      const rows = pageTableRows({ ...page, charts: [chart] }).map((r) => [
        ...key.map((k) => r[k]),
        ...fields.map((f) => r[f]),
        asOf,
        built,
        chart.source,
        ...(chart.coverage === undefined ? [] : [chart.coverage]),
      ]);
      files.push({
        file: tableCsvFile(page.file, chart.id),
        text: toCsv([...key, ...fields, "data_as_of", "built", "source", ...coverage], rows),
      });
    }
    if (page.mdc.length > 0) {
      const source = page.charts.find((c) => c.id === "spc")?.source ?? "";
      files.push({
        file: tableCsvFile(page.file, "mdc"),
        text: toCsv(
          [
            "staff_group",
            "latest_month",
            "latest_rate_pct",
            "mean_pct",
            "months",
            "variation",
            "assurance",
            "target_pct",
            "target_source",
            "data_as_of",
            "built",
            "source",
          ],
          page.mdc.map((r) => [
            r.staff_group,
            r.latest_month,
            r.latest_rate_pct,
            r.mean_pct,
            r.months,
            r.variation,
            r.assurance,
            // numbers only in target_pct (an analyst's column of numbers); where no target applies
            // target_source says so, since a blank alone would read as missing data
            r.target_pct,
            r.target_source ?? (r.has_target ? null : dashboardSiteMessages.mdcNoTarget()),
            asOf,
            built,
            source,
          ]),
        ),
      });
    }
  }
  const allStaff = (page: SitePage) => page.mdc.find((r) => r.staff_group === "All staff groups");
  const published = (page: SitePage) => page.charts.find((c) => c.id === "spc")?.source ?? "";
  files.push({
    file: INDEX_SUMMARY_CSV,
    text: toCsv(
      [
        "level",
        "code",
        "name",
        "latest_month",
        "latest_rate_pct",
        "mean_pct",
        "variation",
        "data_as_of",
        "built",
        "source",
      ],
      pages
        .filter((page) => page.level === "england" || page.level === "region")
        .map((page) => [
          page.level,
          page.code,
          page.name,
          allStaff(page)?.latest_month,
          allStaff(page)?.latest_rate_pct,
          allStaff(page)?.mean_pct,
          allStaff(page)?.variation,
          asOf,
          built,
          published(page),
        ]),
    ),
  });
  files.push({
    file: INDEX_DIRECTORY_CSV,
    text: toCsv(
      ["level", "code", "name", "page", "latest_month", "latest_rate_pct", "data_as_of", "built", "source"],
      pages.map((page) => [
        levelLabel(page.level),
        page.code,
        page.name,
        page.file,
        allStaff(page)?.latest_month,
        allStaff(page)?.latest_rate_pct,
        asOf,
        built,
        published(page),
      ]),
    ),
  });
  return files;
}

export async function buildDashboardSite(
  connection: DuckDBConnection,
  dir: string,
  warehouseLabel = "the warehouse",
  options: SiteBuildOptions = {},
): Promise<SiteBuildResult> {
  const began = performance.now();
  const source = await readBenchmarkSource(connection);
  if (source.rows.length === 0) {
    throw new DashboardInputError("SITE_NO_ROWS", dashboardSiteMessages.siteNoRows(warehouseLabel));
  }
  const provenance = await readProvenance(connection);
  const pages = buildSitePages(source, await readOhSource(connection), await readCoverage(connection), {
    ...options,
    reasons: await readSiteReasons(connection, provenance.asOf),
  });
  const dates = siteDates(provenance);
  await buildIntoOutputDirectory(dir, "dashboard-site", async (staging) => {
    copyAssets(staging);
    mkdirSync(join(staging, "data"), { recursive: true });
    const templates = new ChartTemplates();
    for (const page of pages) {
      writeFileSync(join(staging, page.file), pageHtml(page, dates));
      writeFileSync(
        join(staging, pageScriptFile(page.file)),
        pageScript({
          staffGroups: page.staffGroups,
          months: page.months,
          charts: page.charts.map((chart) => compactChart(chart, templates)),
        }),
      );
      // The same rows as the page's data tables, as a download and so the output check parses them as data.
      // Named with its dates and sources, so the download says where and when its numbers are from.
      writeFileSync(
        join(staging, pageDataFile(page.file)),
        JSON.stringify({
          data_as_of: provenance.asOf,
          built: provenance.transformedOn,
          sources: dates.provenance,
          chart_sources: Object.fromEntries(page.charts.map((c) => [c.id, c.source])),
          chart_coverage: Object.fromEntries(
            page.charts.flatMap((c) => (c.coverage ? [[c.id, c.coverage]] : [])),
          ),
          rows: pageTableRows(page),
        }),
      );
    }
    writeFileSync(join(staging, CHART_TEMPLATES_FILE), templates.script());
    for (const csv of siteCsvFiles(pages, provenance)) writeFileSync(join(staging, csv.file), csv.text);
    writeFileSync(join(staging, "index.html"), indexHtml(pages, dates));
    assertPublishable(staging);
  });
  return { dir, pages, milliseconds: performance.now() - began };
}
