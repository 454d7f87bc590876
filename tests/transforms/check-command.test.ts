/**
 * `ohwb import` → `ohwb transform` → `ohwb check` through the real command
 * objects on a real warehouse file: a healthy warehouse passes (exit 0), a
 * deliberately broken one fails (exit 1) naming the failing tests.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { checkCommand } from "../../cli/commands/check.js";
import { importCommand } from "../../cli/commands/import.js";
import { transformCommand } from "../../cli/commands/transform.js";
import { benchmarkingFiles } from "../../core/reference-data.js";
import { openWarehouse } from "../../warehouse/open-warehouse.js";
import { freshWarehouse, type TestWarehouse } from "./warehouse-fixture.js";

const files = benchmarkingFiles();

/** Runs a command, capturing stdout. */
async function run(command: typeof checkCommand, argv: string[]): Promise<{ code: number; stdout: string }> {
  let stdout = "";
  const out = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
  try {
    return { code: await command.run(argv), stdout };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

interface CheckJson {
  passed: boolean;
  asOf: string;
  results: { name: string; passed: boolean; failingRows: number }[];
}

describe("ohwb check", () => {
  let t: TestWarehouse;
  beforeAll(async () => {
    t = await freshWarehouse();
    t.warehouse.close(); // the commands open the file themselves
    expect((await run(importCommand, ["nhs-absence", "--warehouse", t.path, ...files])).code).toBe(0);
    expect((await run(transformCommand, ["--warehouse", t.path, "--as-of", "2023-12-31"])).code).toBe(0);
  }, 120_000);
  afterAll(() => t?.dispose());

  it("passes on a healthy warehouse, defaulting the as-of date to the last transform's", async () => {
    const { code, stdout } = await run(checkCommand, ["--warehouse", t.path, "--json"]);
    const report = JSON.parse(stdout) as CheckJson;
    expect(report.asOf).toBe("2023-12-31");
    expect(report.results.filter((r) => !r.passed)).toEqual([]);
    expect(report.passed).toBe(true);
    expect(code).toBe(0);
  });

  it("fails freshness when the data is older than allowed", async () => {
    const { code, stdout } = await run(checkCommand, [
      "--warehouse",
      t.path,
      "--json",
      "--as-of",
      "2024-06-30",
    ]);
    const report = JSON.parse(stdout) as CheckJson;
    expect(code).toBe(1);
    expect(report.results.filter((r) => !r.passed).map((r) => r.name)).toEqual(["freshness"]);
    expect(
      (await run(checkCommand, ["--warehouse", t.path, "--as-of", "2024-06-30", "--freshness-months", "7"]))
        .code,
    ).toBe(0);
  });

  it("fails on a deliberately broken warehouse and names what broke", async () => {
    const warehouse = await openWarehouse(t.path);
    // a duplicated mart row, a staff-group label outside the dimension, and a total that no longer adds up
    await warehouse.connection.run(`
      INSERT INTO mart_absence_benchmark SELECT * FROM mart_absence_benchmark WHERE level = 'england' LIMIT 1;
      UPDATE stg_absence_published SET staff_group = 'Wizards'
        WHERE staff_group = 'Midwives'
          AND org_code = (SELECT min(org_code) FROM stg_absence_published WHERE staff_group = 'Midwives');
      UPDATE mart_absence_benchmark SET fte_days_lost = fte_days_lost + 500
        WHERE level = 'organisation' AND staff_group = 'All staff groups' AND (month_end, code) = (
          SELECT (month_end, code) FROM mart_absence_benchmark WHERE level = 'organisation'
          GROUP BY month_end, code HAVING NOT bool_or(suppressed) ORDER BY month_end, code LIMIT 1);`);
    warehouse.close();
    const { code, stdout } = await run(checkCommand, ["--warehouse", t.path, "--json"]);
    const report = JSON.parse(stdout) as CheckJson;
    expect(code).toBe(1);
    expect(report.passed).toBe(false);
    const failed = report.results.filter((r) => !r.passed).map((r) => r.name);
    expect(failed).toEqual(
      expect.arrayContaining([
        "mart_absence_benchmark: unique month_end, level, code, staff_group",
        "stg_absence_published: relationship staff_group -> dim_staff_group.staff_group",
        "benchmark_rates_reconcile",
      ]),
    );
    const audit = await openWarehouse(t.path);
    const recorded = (
      await audit.connection.runAndReadAll(
        "SELECT count(*) FILTER (WHERE NOT passed) AS failed FROM data_test_results",
      )
    ).getRowObjectsJson();
    audit.close();
    expect(Number(recorded[0]?.failed)).toBeGreaterThanOrEqual(3);
  });
});
