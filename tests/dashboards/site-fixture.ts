/**
 * Test fixture: a real warehouse built from NHS England's 2023 benchmarking CSVs and national by-reason
 * files (imported and transformed the way tests/transforms/nhs-benchmark-mart.test.ts does), and the
 * dashboard site built from it. Slow (≈15 s), so it is built once per test run
 * (tests/support/run-fixture-cache.ts) and each caller gets its own copy of both, free to write to.
 */
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { benchmarkingFiles, reasonFiles } from "../../core/reference-data.js";
import { buildDashboardSite, type SiteBuildResult } from "../../dashboards/site/build-site.js";
import { runTransforms } from "../../transforms/run-transforms.js";
import { importNhsAbsenceFiles } from "../../warehouse/nhs-absence-import.js";
import { importNhsReasonFiles } from "../../warehouse/nhs-reasons-import.js";
import { openWarehouse } from "../../warehouse/open-warehouse.js";
import { copyFixture, runFixture } from "../support/run-fixture-cache.js";
import type { TestWarehouse } from "../transforms/warehouse-fixture.js";

export const referenceFiles = benchmarkingFiles();

/** The absence charts of a page with every provider group: SPC, staff groups, one funnel per group. */
export const ABSENCE_CHARTS_ALL_GROUPS = [
  "spc",
  "staff-group",
  "funnel",
  "funnel-mental-health",
  "funnel-community",
  "funnel-ambulance",
];

export interface BuiltSite {
  warehouse: TestWarehouse;
  site: SiteBuildResult;
  dispose(): void;
}

/** The shared build: warehouse.duckdb, the site in site/, and the build's result in site.json. */
function referenceSiteBuild(): Promise<string> {
  return runFixture("site-reference-2023", async (dir) => {
    const warehouse = await openWarehouse(join(dir, "warehouse.duckdb"));
    try {
      await importNhsAbsenceFiles(warehouse.connection, referenceFiles);
      // NHS England's national by-reason files too (Feb 2024 to Feb 2025, after this site's as-of date,
      // so its pages leave them out; site-build.test builds England's page as of a later date)
      await importNhsReasonFiles(warehouse.connection, reasonFiles());
      await runTransforms(warehouse.connection, { asOf: "2023-12-31" });
      const { pages, milliseconds } = await buildDashboardSite(warehouse.connection, join(dir, "site"));
      writeFileSync(join(dir, "site.json"), JSON.stringify({ pages, milliseconds }));
    } finally {
      warehouse.close();
    }
  });
}

/** This caller's copy of the reference warehouse (open) and site; dispose() removes both. */
export async function buildReferenceSite(): Promise<BuiltSite> {
  const copy = copyFixture(await referenceSiteBuild(), "ohwb-site-");
  try {
    const path = join(copy, "warehouse.duckdb");
    const opened = await openWarehouse(path);
    const warehouse: TestWarehouse = {
      path,
      warehouse: opened,
      connection: opened.connection,
      dispose() {
        opened.close();
      },
    };
    const built = JSON.parse(readFileSync(join(copy, "site.json"), "utf8")) as Omit<SiteBuildResult, "dir">;
    return {
      warehouse,
      site: { ...built, dir: join(copy, "site") },
      dispose() {
        opened.close();
        rmSync(copy, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(copy, { recursive: true, force: true });
    throw error;
  }
}
