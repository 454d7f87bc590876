/**
 * Test fixture: NHS England's 2023 benchmark (the reference organisation list) and a year of generated
 * events for two of its organisations (orgs 2, months 12, seed 5, scale 0.3, from 2023-01), so only
 * some organisations of their ICS report; transformed as of 2023-12-31, and the dashboard site built
 * from it. coverage.test.ts and site-coverage.test.ts both read it: built once per test run
 * (run-fixture-cache.ts), each caller gets its own copy of the warehouse and site to write to.
 */
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { benchmarkingFiles } from "../../core/reference-data.js";
import { buildDashboardSite, type SiteBuildResult } from "../../dashboards/site/build-site.js";
import { runTransforms } from "../../transforms/run-transforms.js";
import { importNhsAbsenceFiles } from "../../warehouse/nhs-absence-import.js";
import { openWarehouse } from "../../warehouse/open-warehouse.js";
import { ingestGeneratedEvents } from "./generated-warehouse.js";
import { copyFixture, runFixture } from "./run-fixture-cache.js";

export interface PartialCoverageCopy {
  /** This caller's directory: warehouse.duckdb and site/ in it, and room for its own outputs. */
  dir: string;
  warehousePath: string;
  /** The site built from the warehouse, in `dir`/site. */
  site: SiteBuildResult;
  dispose(): void;
}

function partialCoverageBuild(): Promise<string> {
  return runFixture("partial-coverage-2orgs-12m-seed5-scale0.3", async (dir) => {
    const warehousePath = join(dir, "warehouse.duckdb");
    await ingestGeneratedEvents(dir, warehousePath, {
      orgs: 2,
      months: 12,
      seed: 5,
      scale: 0.3,
      start: "2023-01",
    });
    rmSync(join(dir, "events.ndjson.gz")); // loaded; no caller needs it
    const warehouse = await openWarehouse(warehousePath);
    try {
      await importNhsAbsenceFiles(warehouse.connection, benchmarkingFiles());
      await runTransforms(warehouse.connection, { asOf: "2023-12-31" });
      const { pages, milliseconds } = await buildDashboardSite(warehouse.connection, join(dir, "site"));
      writeFileSync(join(dir, "site.json"), JSON.stringify({ pages, milliseconds }));
    } finally {
      warehouse.close();
    }
  });
}

export async function partialCoverageWarehouse(): Promise<PartialCoverageCopy> {
  const dir = copyFixture(await partialCoverageBuild(), "ohwb-coverage-");
  const built = JSON.parse(readFileSync(join(dir, "site.json"), "utf8")) as Omit<SiteBuildResult, "dir">;
  return {
    dir,
    warehousePath: join(dir, "warehouse.duckdb"),
    site: { ...built, dir: join(dir, "site") },
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}
