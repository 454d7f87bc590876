/**
 * Incremental equals full on generated data, fed the way a warehouse receives it: a year of generated
 * events (absence episodes with updates, ends and cancellations, overlapping episodes, FTE, referrals
 * and their journeys, immunisations, exposures, interventions, costs) is cut into four chronological
 * slices. Warehouse A ingests one slice at a time through `ohwb ingest --from-file` and is brought up to
 * date incrementally after each; warehouse B ingests all four and is built in full. Every model must
 * match row for row, and the later refreshes must really have been partial.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateBatches } from "../../generator/generate-events.js";
import type { GeneratedRecord } from "../../generator/generated-record.js";
import { type IncrementalResult, runIncrementalTransforms } from "../../transforms/incremental-transforms.js";
import { loadModels } from "../../transforms/model-catalogue.js";
import { runTransforms } from "../../transforms/run-transforms.js";
import { type MigratedWarehouse, openWarehouse } from "../../warehouse/open-warehouse.js";
import { ingestFile, writeBatches } from "../support/generated-warehouse.js";
import { canonicalRows, rows } from "./warehouse-fixture.js";

const AS_OF = "2024-12-31";
const SLICES = 4;
const dir = mkdtempSync(join(tmpdir(), "ohwb-incremental-generated-"));
const incrementalPath = join(dir, "incremental.duckdb");
const fullPath = join(dir, "full.duckdb");
let incremental: MigratedWarehouse;
let full: MigratedWarehouse;
const refreshes: IncrementalResult[] = [];

beforeAll(async () => {
  const batches: GeneratedRecord[][] = [];
  for await (const batch of generateBatches({ orgs: 3, months: 12, seed: 41, scale: 0.2, start: "2024-01" }))
    batches.push(batch);
  const size = Math.ceil(batches.length / SLICES);
  const files: string[] = [];
  for (let slice = 0; slice < SLICES; slice++) {
    const file = join(dir, `slice-${slice}.ndjson.gz`);
    await writeBatches(file, batches.slice(slice * size, (slice + 1) * size));
    files.push(file);
  }
  for (const file of files) {
    await ingestFile(file, incrementalPath);
    const warehouse = await openWarehouse(incrementalPath);
    try {
      refreshes.push(await runIncrementalTransforms(warehouse.connection, { asOf: AS_OF }));
    } finally {
      warehouse.close();
    }
  }
  for (const file of files) await ingestFile(file, fullPath);
  full = await openWarehouse(fullPath);
  await runTransforms(full.connection, { asOf: AS_OF });
  incremental = await openWarehouse(incrementalPath);
}, 300_000);

afterAll(() => {
  incremental?.close();
  full?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("incremental transforms on generated feeds", () => {
  it("built the first slice in full and refreshed the later ones partially", () => {
    expect(refreshes.map((refresh) => refresh.mode)).toEqual([
      "full",
      "incremental",
      "incremental",
      "incremental",
    ]);
    const strategies = new Set(
      refreshes
        .slice(1)
        .flatMap((refresh) => refresh.builds.map((build) => `${build.name} ${build.strategy}`)),
    );
    for (const expected of [
      "stg_absence_episode key absence_id",
      "fct_absence_days sum over staff_id",
      "fct_referral_wait_counts sum",
      "fct_referral_outcome_counts sum over referral_id",
      "mart_referral_waits periods",
      "mart_absence_rate key month_end",
      "fct_flu_first_dose_counts sum over staff_id",
      "fct_referral_mix_counts sum",
      "mart_referral_mix periods",
    ])
      expect(strategies).toContain(expected);
  });

  it("gives every model the same rows as a full build of all four slices", async () => {
    const models = loadModels();
    for (const model of models) {
      const a = await canonicalRows(incremental.connection, model.name);
      const b = await canonicalRows(full.connection, model.name);
      expect({ model: model.name, rows: a }).toEqual({ model: model.name, rows: b });
    }
    const [episodes] = await rows(full.connection, "SELECT count(*) AS n FROM stg_absence_episode");
    expect(Number(episodes?.n)).toBeGreaterThan(100);
  });
});
