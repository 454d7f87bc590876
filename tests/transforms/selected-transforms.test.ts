/**
 * `ohwb transform --select` on real DuckDB files loaded through `ohwb ingest --from-file`: it rebuilds
 * exactly the selected models from their current inputs and leaves the rest alone; events ingested
 * since the last build stay out of it, so the next plain build is still incremental and equals a full
 * build; changed SQL makes the next plain build a full one; it refuses a warehouse never built, an
 * unbuilt upstream and another as-of; and only the selected models' data tests gate publishing.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateBatches } from "../../generator/generate-events.js";
import type { GeneratedRecord } from "../../generator/generated-record.js";
import { buildAndPublish } from "../../jobs/build-and-publish.js";
import { jobMessages } from "../../jobs/job-messages.js";
import { loadDataTests } from "../../transforms/data-tests.js";
import { runIncrementalTransforms } from "../../transforms/incremental-transforms.js";
import { loadModels } from "../../transforms/model-catalogue.js";
import { runTransforms } from "../../transforms/run-transforms.js";
import { runSelectedTransforms } from "../../transforms/selected-transforms.js";
import { SelectedBuildRefusedError } from "../../transforms/transform-errors.js";
import { transformMessages } from "../../transforms/transform-messages.js";
import { openWarehouse } from "../../warehouse/open-warehouse.js";
import { ingestFile, writeBatches } from "../support/generated-warehouse.js";
import { canonicalRows, freshWarehouse, rows } from "./warehouse-fixture.js";

const AS_OF = "2024-06-30";
const dir = mkdtempSync(join(tmpdir(), "ohwb-select-"));
const selectedPath = join(dir, "selected.duckdb");
const fullPath = join(dir, "full.duckdb");
const slices: string[] = [join(dir, "slice-0.ndjson.gz"), join(dir, "slice-1.ndjson.gz")];
const models = loadModels();

/** Every model's rows, by name. */
async function snapshotOf(path: string): Promise<Map<string, unknown[]>> {
  return withWarehouse(path, async (connection) => {
    const all = new Map<string, unknown[]>();
    for (const model of models) all.set(model.name, await canonicalRows(connection, model.name));
    return all;
  });
}

async function withWarehouse<T>(
  path: string,
  work: (connection: Awaited<ReturnType<typeof openWarehouse>>["connection"]) => Promise<T>,
): Promise<T> {
  const warehouse = await openWarehouse(path);
  try {
    return await work(warehouse.connection);
  } finally {
    warehouse.close();
  }
}

function expectSameRows(actual: Map<string, unknown[]>, expected: Map<string, unknown[]>, names: string[]) {
  for (const name of names)
    expect({ model: name, rows: actual.get(name) }).toEqual({ model: name, rows: expected.get(name) });
}

let afterFirstBuild: Map<string, unknown[]>;

beforeAll(async () => {
  const batches: GeneratedRecord[][] = [];
  for await (const batch of generateBatches({ orgs: 1, months: 6, seed: 17, scale: 0.2, start: "2024-01" }))
    batches.push(batch);
  const half = Math.ceil(batches.length / 2);
  await writeBatches(slices[0] as string, batches.slice(0, half));
  await writeBatches(slices[1] as string, batches.slice(half));
  for (const file of slices) await ingestFile(file, fullPath);
  await withWarehouse(fullPath, (connection) => runTransforms(connection, { asOf: AS_OF }));
  await ingestFile(slices[0] as string, selectedPath);
  const first = await withWarehouse(selectedPath, (connection) =>
    runIncrementalTransforms(connection, { asOf: AS_OF }),
  );
  expect(first.mode).toBe("full");
  afterFirstBuild = await snapshotOf(selectedPath);
}, 300_000);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("transform --select", () => {
  const downstreamOfRate = [
    "mart_absence_rate",
    "mart_absence_rate_rolling12",
    "mart_sickness_days_per_fte_year",
    "mart_value_roi",
  ];

  it("mart_absence_rate+ rebuilds exactly it and its downstream, from their current inputs", async () => {
    const { result, added, totals } = await withWarehouse(selectedPath, async (connection) => {
      // an upstream input changes: one more FTE day lost on every row of fct_absence_days
      await connection.run("UPDATE fct_absence_days SET fte_days_lost = fte_days_lost + 1");
      const [counted] = await rows(connection, "SELECT count(*) AS n FROM fct_absence_days");
      const result = await runSelectedTransforms(connection, { select: "mart_absence_rate+" });
      const totals = await rows(
        connection,
        `SELECT sum(fte_days_lost) AS lost FROM mart_absence_rate WHERE level = 'organisation' AND staff_group <> 'All staff groups'`,
      );
      return { result, added: Number(counted?.n), totals };
    });
    expect(result.mode).toBe("selected");
    expect(result.asOf).toBe(AS_OF);
    expect(result.builds.map((build) => build.name).sort()).toEqual(downstreamOfRate);
    expect(result.selected?.sort()).toEqual(downstreamOfRate);
    expect(new Set(result.builds.map((build) => build.strategy))).toEqual(new Set(["whole (selected)"]));

    const after = await snapshotOf(selectedPath);
    // the selected mart read the changed input …
    const lostBefore = (afterFirstBuild.get("mart_absence_rate") as Record<string, unknown>[])
      .filter((row) => row.level === "organisation" && row.staff_group !== "All staff groups")
      .reduce((sum, row) => sum + Number(row.fte_days_lost), 0);
    expect(added).toBeGreaterThan(100);
    expect(Number(totals[0]?.lost)).toBeCloseTo(lostBefore + added, 3);
    expect(after.get("mart_sickness_days_per_fte_year")).not.toEqual(
      afterFirstBuild.get("mart_sickness_days_per_fte_year"),
    );
    // … while the unselected models, its siblings reading the same input included, were left alone
    const unselected = models.map((model) => model.name).filter((name) => !downstreamOfRate.includes(name));
    expectSameRows(
      after,
      afterFirstBuild,
      unselected.filter((name) => name !== "fct_absence_days"),
    );
    expect(unselected).toContain("mart_sickness_cost");
    expect(after.get("fct_absence_days")).not.toEqual(afterFirstBuild.get("fct_absence_days"));
  });

  it("fct_absence_days+ rebuilds the changed upstream and everything below it back to the full build's rows", async () => {
    const { result, next } = await withWarehouse(selectedPath, async (connection) => {
      const result = await runSelectedTransforms(connection, { select: "fct_absence_days+", asOf: AS_OF });
      // same SQL, same landing rows: the incremental state still holds, and there is nothing new
      const next = await runIncrementalTransforms(connection, { asOf: AS_OF });
      return { result, next };
    });
    expect(result.builds.map((build) => build.name)).toContain("mart_sickness_cost");
    expect(result.builds.map((build) => build.name)).not.toContain("stg_absence_episode");
    expectSameRows(
      await snapshotOf(selectedPath),
      afterFirstBuild,
      models.map((model) => model.name),
    );
    expect(next.mode).toBe("incremental");
    expect(next.builds).toEqual([]);
  });

  it("events ingested since the last build stay out of a select; the next plain build is incremental and equals full", async () => {
    await ingestFile(slices[1] as string, selectedPath);
    const { selected, staged, next } = await withWarehouse(selectedPath, async (connection) => {
      const selected = await runSelectedTransforms(connection, {
        select: "stg_absence_event+ stg_referral_event+",
      });
      const staged = await rows(connection, "SELECT count(*) AS n FROM stg_absence_event");
      const next = await runIncrementalTransforms(connection, { asOf: AS_OF });
      return { selected, staged, next };
    });
    expect(selected.builds.map((build) => build.name)).toEqual(
      expect.arrayContaining([
        "stg_absence_event",
        "stg_absence_episode",
        "fct_absence_days",
        "fct_referral",
      ]),
    );
    expect(selected.newRows.raw_workforce_absence_started).toBeGreaterThan(0);
    expect(Number(staged[0]?.n)).toBe((afterFirstBuild.get("stg_absence_event") as unknown[]).length);
    // the next plain build really was partial: appends the new events, refreshes by key and sums
    expect(next.mode).toBe("incremental");
    const strategies = new Set(next.builds.map((build) => `${build.name} ${build.strategy}`));
    expect(strategies).toContain("stg_absence_event append");
    expect(strategies).toContain("fct_absence_days sum over staff_id");
    const full = await snapshotOf(fullPath);
    expectSameRows(
      await snapshotOf(selectedPath),
      full,
      models.map((model) => model.name),
    );
  });

  it("after a select with changed model SQL, the next plain build is a full one", async () => {
    const changed = models.map((model) =>
      model.name === "mart_absence_rate" ? { ...model, sql: `${model.sql}\n-- edited` } : model,
    );
    const next = await withWarehouse(selectedPath, async (connection) => {
      await runSelectedTransforms(connection, { select: "mart_absence_rate", models: changed });
      return runIncrementalTransforms(connection, { asOf: AS_OF });
    });
    expect(next.mode).toBe("full");
    expect(next.reason).toBe(transformMessages.selectStale());
  });

  it("refuses another as-of, an unbuilt upstream (unless selected with +) and a warehouse never built", async () => {
    await withWarehouse(selectedPath, async (connection) => {
      await expect(
        runSelectedTransforms(connection, { select: "mart_absence_rate", asOf: "2024-05-31" }),
      ).rejects.toThrow(/last build's date \(2024-06-30\)/);
      await connection.run("DROP TABLE mart_absence_rate");
      await expect(
        runSelectedTransforms(connection, { select: "mart_absence_rate_rolling12" }),
      ).rejects.toThrow(/reads mart_absence_rate, which is neither selected nor built/);
      const both = await runSelectedTransforms(connection, { select: "1+mart_absence_rate_rolling12" });
      expect(both.builds.map((build) => build.name)).toContain("mart_absence_rate");
    });
    const fresh = await freshWarehouse();
    try {
      const refused = runSelectedTransforms(fresh.connection, {
        select: "stg_absence_event+",
        warehousePath: fresh.path,
      });
      await expect(refused).rejects.toBeInstanceOf(SelectedBuildRefusedError);
      await expect(refused).rejects.toThrow(/has never been built. Run a plain `ohwb transform/);
    } finally {
      fresh.dispose();
    }
  });

  it("runs only the selected models' data tests, and an earlier failure left out still holds the snapshot", async () => {
    const selected = "mart_referral_waits";
    const tests = loadDataTests(models);
    const onSelected = tests.filter((test) => test.models.includes(selected)).map((test) => test.name);
    const published = await withWarehouse(selectedPath, (connection) =>
      buildAndPublish(connection, { warehousePath: selectedPath, select: selected }),
    );
    expect(published.asOfSource).toBe("last build");
    expect(published.gate.results.map((result) => result.name).sort()).toEqual(onSelected.sort());
    expect(onSelected.length).toBeGreaterThan(1);
    expect(onSelected.length).toBeLessThan(tests.length / 4);
    expect(published.snapshotPath).toBeDefined();

    const other = tests.find((test) => test.severity === "error" && !test.models.includes(selected));
    const held = await withWarehouse(selectedPath, async (connection) => {
      await connection.run(
        "INSERT INTO data_test_results VALUES (current_timestamp + INTERVAL 1 SECOND, $name, false, 3)",
        { name: other?.name ?? "" },
      );
      return buildAndPublish(connection, { warehousePath: selectedPath, select: selected });
    });
    expect(held.snapshotPath).toBeUndefined();
    expect(held.gate.errors.map((error) => error.name)).toEqual([
      jobMessages.earlierTestFailure(other?.name ?? ""),
    ]);
  });
});
