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
import { readCoverage } from "../coverage.js";
import { DashboardInputError } from "../dashboard-errors.js";
import { dashboardSiteMessages } from "../dashboard-messages.js";
import { assertPublishable } from "../disclosure/output-checker.js";
import { buildIntoOutputDirectory } from "../output-directory.js";
import { provenanceText, readProvenance } from "../provenance.js";
import { readBenchmarkSource } from "./benchmark-source.js";
import { readOhSource } from "./oh-source.js";
import { indexHtml, pageDataFile, pageHtml } from "./site-html.js";
import { buildSitePages, pageTableRows, type SitePage } from "./site-pages.js";
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

export async function buildDashboardSite(
  connection: DuckDBConnection,
  dir: string,
  warehouseLabel = "the warehouse",
): Promise<SiteBuildResult> {
  const began = performance.now();
  const source = await readBenchmarkSource(connection);
  if (source.rows.length === 0) {
    throw new DashboardInputError("SITE_NO_ROWS", dashboardSiteMessages.siteNoRows(warehouseLabel));
  }
  const pages = buildSitePages(source, await readOhSource(connection), await readCoverage(connection));
  const provenance = provenanceText(await readProvenance(connection));
  await buildIntoOutputDirectory(dir, "dashboard-site", async (staging) => {
    copyAssets(staging);
    mkdirSync(join(staging, "data"), { recursive: true });
    for (const page of pages) {
      writeFileSync(join(staging, page.file), pageHtml(page, provenance));
      // The same rows as the page's data tables, as a download and so the output check parses them as data.
      writeFileSync(join(staging, pageDataFile(page.file)), JSON.stringify(pageTableRows(page)));
    }
    writeFileSync(join(staging, "index.html"), indexHtml(pages));
    assertPublishable(staging);
  });
  return { dir, pages, milliseconds: performance.now() - began };
}
