/**
 * Test fixture: a real warehouse built from NHS England's 2023 benchmarking CSVs and national by-reason
 * files (imported and
 * transformed the way tests/transforms/nhs-benchmark-mart.test.ts does), and the dashboard site built
 * from it into a temp directory. Slow (≈15 s), so each test file builds it once.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { benchmarkingFiles, reasonFiles } from "../../core/reference-data.js";
import { buildDashboardSite, type SiteBuildResult } from "../../dashboards/site/build-site.js";
import { runTransforms } from "../../transforms/run-transforms.js";
import { importNhsAbsenceFiles } from "../../warehouse/nhs-absence-import.js";
import { importNhsReasonFiles } from "../../warehouse/nhs-reasons-import.js";
import { freshWarehouse, type TestWarehouse } from "../transforms/warehouse-fixture.js";

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

export async function buildReferenceSite(): Promise<BuiltSite> {
  const warehouse = await freshWarehouse();
  const out = mkdtempSync(join(tmpdir(), "ohwb-site-"));
  try {
    await importNhsAbsenceFiles(warehouse.connection, referenceFiles);
    // NHS England's national by-reason files too: England's page shows the published reasons
    await importNhsReasonFiles(warehouse.connection, reasonFiles());
    await runTransforms(warehouse.connection, { asOf: "2023-12-31" });
    const site = await buildDashboardSite(warehouse.connection, out);
    return {
      warehouse,
      site,
      dispose() {
        warehouse.dispose();
        rmSync(out, { recursive: true, force: true });
      },
    };
  } catch (error) {
    warehouse.dispose();
    rmSync(out, { recursive: true, force: true });
    throw error;
  }
}
