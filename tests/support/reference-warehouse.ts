/**
 * Test fixture: a warehouse holding NHS England's twelve 2023 benchmarking CSVs, imported and
 * transformed as of 2023-12-31, as several files need it unchanged (the benchmark mart's
 * reconciliation, the analyst snapshot's exports and Arrow output, the scheduler's pack catch-up).
 * Built once per test run (run-fixture-cache.ts); each caller opens its own copy and may write to it.
 */
import { rmSync } from "node:fs";
import { join } from "node:path";
import { benchmarkingFiles } from "../../core/reference-data.js";
import { runTransforms } from "../../transforms/run-transforms.js";
import { importNhsAbsenceFiles } from "../../warehouse/nhs-absence-import.js";
import { openWarehouse } from "../../warehouse/open-warehouse.js";
import type { TestWarehouse } from "../transforms/warehouse-fixture.js";
import { copyFixture, runFixture } from "./run-fixture-cache.js";

function referenceWarehouseBuild(): Promise<string> {
  return runFixture("reference-2023-benchmark", async (dir) => {
    const warehouse = await openWarehouse(join(dir, "warehouse.duckdb"));
    try {
      await importNhsAbsenceFiles(warehouse.connection, benchmarkingFiles());
      await runTransforms(warehouse.connection, { asOf: "2023-12-31" });
    } finally {
      warehouse.close();
    }
  });
}

/** The path of this caller's copy (closed), in a new directory of its own; remove `dirname` when done. */
export async function referenceWarehouseFile(): Promise<string> {
  return join(copyFixture(await referenceWarehouseBuild(), "ohwb-reference-"), "warehouse.duckdb");
}

/** This caller's copy, open; dispose() closes and removes it. */
export async function referenceWarehouse(): Promise<TestWarehouse> {
  const path = await referenceWarehouseFile();
  const warehouse = await openWarehouse(path);
  return {
    path,
    warehouse,
    connection: warehouse.connection,
    dispose() {
      warehouse.close();
      rmSync(join(path, ".."), { recursive: true, force: true });
    },
  };
}
