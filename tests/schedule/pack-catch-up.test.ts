/**
 * Pack catch-up on start, on a real warehouse holding NHS England's 2023 benchmark data with no
 * packs yet: starting the scheduler (configured the way `ohwb schedule` reads ohwb.config.json, its
 * clock set to January 2024) builds the missing packs — every scope × quarter from catchUpFrom to the
 * last complete quarter, oldest first — into <outputs.packs>/<quarter>/<scope>/ with a manifest.json,
 * each a 'succeeded' ledger row. Starting again rebuilds nothing. A pack whose directory is removed
 * is missing again and only it is rebuilt. The packs job on its own (no catch-up) builds only the last
 * complete quarter. A warehouse failing its data tests gets a 'failed' row and no pack.
 */
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configSchema } from "../../core/config.js";
import type { LedgerRow } from "../../jobs/schedule/run-ledger.js";
import { schedulerFromConfig } from "../../jobs/schedule/schedule-from-config.js";
import { openScheduleWarehouse } from "../../jobs/schedule/schedule-warehouse.js";
import { openWarehouse } from "../../warehouse/open-warehouse.js";
import { referenceWarehouseFile } from "../support/reference-warehouse.js";

describe("ohwb schedule: pack catch-up on start", () => {
  let dir: string;
  let warehousePath: string;
  let packs: string;

  beforeAll(async () => {
    warehousePath = await referenceWarehouseFile();
    dir = dirname(warehousePath);
    packs = join(dir, "packs");
  }, 120_000);
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Starts the configured scheduler once (catch-up runs), stops it, returns the rows it wrote. */
  async function startAndStop(mode: "start" | "once-without-catch-up" = "start"): Promise<{
    rows: LedgerRow[];
    lines: string[];
  }> {
    const config = configSchema.parse({
      warehouse: warehousePath,
      outputs: { packs },
      schedule: {
        timezone: "Europe/London",
        refresh: { enabled: false },
        packs: { scopes: ["england", "region:Y60"], catchUpFrom: "2023-Q3" },
      },
    });
    const warehouse = await openScheduleWarehouse(warehousePath);
    const lines: string[] = [];
    try {
      const before = await warehouse.ledger.lastRunId();
      const scheduler = schedulerFromConfig({
        config,
        warehouse,
        topics: [],
        now: () => new Date("2024-01-10T09:00:00Z"),
        catchUp: mode === "start",
        log: (line) => lines.push(line),
      });
      if (mode === "start") {
        await scheduler.start();
        await scheduler.stop();
      } else await scheduler.runOnce();
      return { rows: await warehouse.ledger.rows(before), lines };
    } finally {
      warehouse.close();
    }
  }

  const manifest = (quarter: string, scope: string) => join(packs, quarter, scope, "manifest.json");
  const expected = [
    ["2023-Q3", "england"],
    ["2023-Q3", "region:Y60"],
    ["2023-Q4", "england"],
    ["2023-Q4", "region:Y60"],
  ];

  it("builds every missing pack on start, oldest quarter first, and records each", async () => {
    for (const [quarter, scope] of expected)
      expect(existsSync(manifest(String(quarter), String(scope).replace(":", "-")))).toBe(false);

    const { rows, lines } = await startAndStop();
    expect(rows.map((r) => [r.quarter, r.scope])).toEqual(expected);
    for (const row of rows) {
      expect(row, row.error ?? "").toMatchObject({
        job: "packs",
        triggeredBy: "catch-up",
        status: "succeeded",
      });
      const scopeDir = String(row.scope).replace(":", "-");
      expect(row.packDir).toBe(join(packs, String(row.quarter), scopeDir));
      const written = JSON.parse(readFileSync(manifest(String(row.quarter), scopeDir), "utf8"));
      expect(written.pack).toMatchObject({ scope: row.scope, quarter: row.quarter });
      expect(existsSync(join(String(row.packDir), "pack.pdf"))).toBe(true);
      // Oldest first, and one run at a time.
      expect(Date.parse(String(row.finishedAt))).toBeGreaterThan(Date.parse(String(row.startedAt)));
    }
    for (let i = 1; i < rows.length; i++)
      expect(Date.parse(String(rows[i]?.startedAt))).toBeGreaterThanOrEqual(
        Date.parse(String(rows[i - 1]?.finishedAt)),
      );
    // No staging directory left behind.
    expect(readdirSync(join(packs, "2023-Q4")).sort()).toEqual(["england", "region-Y60"]);
    expect(lines.filter((l) => l.includes(" started (catch-up)"))).toHaveLength(4);
    expect(lines.filter((l) => / succeeded in \d+\.\d s/.test(l))).toHaveLength(4);
  }, 120_000);

  it("rebuilds nothing when started again", async () => {
    const mtimes = expected.map(
      ([q, s]) => statSync(manifest(String(q), String(s).replace(":", "-"))).mtimeMs,
    );
    const { rows } = await startAndStop();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ job: "packs", status: "succeeded", scope: null, packDir: null });
    expect(rows[0]?.detail).toContain("every pack is present for 2023-Q3…2023-Q4 × 2 scopes");
    expect(
      expected.map(([q, s]) => statSync(manifest(String(q), String(s).replace(":", "-"))).mtimeMs),
    ).toEqual(mtimes);
  }, 60_000);

  it("rebuilds only a pack whose directory has gone", async () => {
    rmSync(join(packs, "2023-Q3", "region-Y60"), { recursive: true });
    const { rows } = await startAndStop();
    expect(rows.map((r) => [r.quarter, r.scope, r.status])).toEqual([["2023-Q3", "region:Y60", "succeeded"]]);
    expect(existsSync(manifest("2023-Q3", "region-Y60"))).toBe(true);
  }, 60_000);

  it("the packs job itself builds the last complete quarter's missing packs only", async () => {
    rmSync(join(packs, "2023-Q3", "england"), { recursive: true });
    rmSync(join(packs, "2023-Q4", "england"), { recursive: true });
    const { rows } = await startAndStop("once-without-catch-up");
    expect(rows.map((r) => [r.triggeredBy, r.quarter, r.scope, r.status])).toEqual([
      ["once", "2023-Q4", "england", "succeeded"],
    ]);
    expect(existsSync(manifest("2023-Q4", "england"))).toBe(true);
    expect(existsSync(manifest("2023-Q3", "england"))).toBe(false);
  }, 60_000);

  it("records a pack as failed, and writes nothing, when the warehouse fails its data tests", async () => {
    const warehouse = await openWarehouse(warehousePath);
    try {
      // A duplicated mart row breaks the unique-keys data test.
      await warehouse.connection.run(
        "INSERT INTO mart_absence_benchmark SELECT * FROM mart_absence_benchmark LIMIT 1",
      );
    } finally {
      warehouse.close();
    }
    rmSync(join(packs, "2023-Q4", "england"), { recursive: true });
    const { rows } = await startAndStop("once-without-catch-up");
    expect(rows.map((r) => [r.quarter, r.scope, r.status])).toEqual([["2023-Q4", "england", "failed"]]);
    expect(rows[0]?.error).toContain("mart_absence_benchmark: unique month_end, level, code, staff_group");
    expect(existsSync(join(packs, "2023-Q4", "england"))).toBe(false);
    // nor a staging directory beside it
    expect(readdirSync(join(packs, "2023-Q4")).filter((f) => f.includes("building"))).toEqual([]);
  }, 60_000);
});
