/**
 * `ohwb transform` as a new user runs it: the as-of date comes from the data,
 * a date beyond the data is refused unless forced, the analyst snapshot is
 * republished only when the data tests pass, and a mistyped warehouse path is
 * refused instead of becoming a new empty warehouse.
 */
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAndPublish } from "../../jobs/build-and-publish.js";
import { gateReport } from "../../jobs/data-test-gate.js";
import { type DataTest, loadDataTests } from "../../transforms/data-tests.js";
import { analystSnapshotPath } from "../../warehouse/analyst/analyst-snapshot.js";
import { openWarehouse } from "../../warehouse/open-warehouse.js";
import { runCli } from "../config/cli-run.js";
import { type SmallWarehouse, smallWarehouse } from "./small-warehouse.js";

function latestMartMonth(warehouse: string): string {
  const result = runCli([
    "query",
    "--warehouse",
    warehouse,
    "--format",
    "json",
    "SELECT strftime(max(month_end), '%Y-%m-%d') AS latest FROM mart_absence_rate",
  ]);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout)[0].latest;
}

describe("ohwb transform: as-of from the data, publishing gated by the data tests", () => {
  let small: SmallWarehouse;
  afterAll(() => {
    if (small !== undefined) rmSync(small.dir, { recursive: true, force: true });
  });
  beforeAll(async () => {
    small = await smallWarehouse("2024-04", 4);
  });

  it("without --as-of, builds as of the latest month of the FTE feed and publishes", () => {
    const result = runCli(["transform", "--warehouse", small.warehouse]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain("as of 2024-07-31 (the latest month of the data)");
    expect(result.stdout).toBe("");
    expect(latestMartMonth(small.warehouse)).toBe("2024-07-31");
  });

  it("refuses an as-of beyond the data unless forced", () => {
    const result = runCli(["transform", "--warehouse", small.warehouse, "--as-of", "2026-12-01"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("after the latest month the data covers (2024-07-31)");
    expect(result.stderr).toContain("--force-as-of");
  });

  it("a failing error-severity test keeps the previous snapshot; a failing warning does not", async () => {
    const snapshot = analystSnapshotPath(small.warehouse);
    const before = readFileSync(snapshot);
    const broken = (severity: "warn" | "error"): DataTest => ({
      name: `broken_${severity}`,
      description: "a rule every build breaks",
      path: "test",
      sql: "SELECT 42 AS answer",
      severity,
      models: [],
    });
    const warehouse = await openWarehouse(small.warehouse);
    try {
      const held = await buildAndPublish(warehouse.connection, {
        warehousePath: small.warehouse,
        full: true,
        dataTests: [...loadDataTests(), broken("error")],
      });
      expect(held.snapshotPath).toBeUndefined();
      expect(held.gate.errors.map((t) => t.name)).toEqual(["broken_error"]);
      expect(gateReport(held.gate)).toEqual([
        'FAIL broken_error: 1 row breaks the rule "a rule every build breaks".',
        "      answer = 42",
      ]);
      expect(readFileSync(snapshot).equals(before)).toBe(true);

      const warned = await buildAndPublish(warehouse.connection, {
        warehousePath: small.warehouse,
        full: true,
        dataTests: [...loadDataTests(), broken("warn")],
      });
      expect(warned.gate.warnings.map((t) => t.name)).toEqual(["broken_warn"]);
      expect(warned.snapshotPath).toBe(snapshot);
    } finally {
      warehouse.close();
    }
  });

  it("refuses a warehouse path that does not exist, and creates nothing", () => {
    const typo = join(small.dir, "typo.duckdb");
    const result = runCli(["transform", "--warehouse", typo]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`No warehouse at ${typo}`);
    expect(result.stderr).toContain("--create");
    expect(existsSync(typo)).toBe(false);
  });
});
