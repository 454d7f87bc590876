/**
 * `ohwb query --format arrow --out FILE`: the result as an Arrow IPC file that
 * apache-arrow reads back with the same rows as `--format json`, typed columns,
 * the same read-only refusals, and no binary on stdout.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { tableFromIPC } from "apache-arrow";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryCommand } from "../../cli/commands/query.js";
import { UsageError } from "../../core/errors.js";
import { publishAnalystSnapshot } from "../../warehouse/analyst/analyst-snapshot.js";
import { AnalystReadOnlyError } from "../../warehouse/warehouse-errors.js";
import { referenceWarehouse } from "../support/reference-warehouse.js";
import { runCapturing } from "../support/run-capturing.js";
import type { TestWarehouse } from "../transforms/warehouse-fixture.js";

/** Every type the Arrow writer maps: DATE, VARCHAR, DOUBLE/DECIMAL, BIGINT, INTEGER, BOOLEAN, and NULLs. */
const sql = `
  SELECT month_end, level, code, name, staff_group, rate_pct, fte_days_lost,
         rate_pct > 5 AS above_five,
         CAST(month(month_end) AS INTEGER) AS month_number,
         count(*) OVER (PARTITION BY level) AS rows_in_level,
         CASE WHEN level = 'england' THEN NULL ELSE code END AS region_or_null
  FROM mart_absence_benchmark
  WHERE level IN ('england', 'region') AND staff_group = 'All staff groups'
  ORDER BY month_end, level, code`;

const runQuery = (argv: string[]) => runCapturing(queryCommand, argv);

/** An Arrow row in the JSON form `ohwb query --format json` prints: dates as YYYY-MM-DD, integers as numbers. */
function asJsonRow(row: Record<string, unknown>, dateColumns: Set<string>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(row).map(([key, value]) => {
      if (value === null) return [key, null];
      if (dateColumns.has(key)) return [key, new Date(Number(value)).toISOString().slice(0, 10)];
      if (typeof value === "bigint") return [key, Number(value)];
      return [key, value];
    }),
  );
}

describe("ohwb query --format arrow", () => {
  let t: TestWarehouse;
  let out: string;
  beforeAll(async () => {
    t = await referenceWarehouse();
    await publishAnalystSnapshot(t.connection, t.path);
    out = mkdtempSync(join(tmpdir(), "ohwb-query-arrow-"));
  }, 180_000);
  afterAll(() => {
    t?.dispose();
    if (out) rmSync(out, { recursive: true, force: true });
  });

  it("writes an Arrow IPC file whose rows equal the same query's --format json output", async () => {
    const file = join(out, "result.arrow");
    const arrow = await runQuery([sql, "--format", "arrow", "--out", file, "--warehouse", t.path]);
    expect(arrow.code).toBe(0);
    expect(arrow.stdout).toBe("");
    const json = await runQuery([sql, "--format", "json", "--warehouse", t.path]);
    expect(json.code).toBe(0);
    const expected = JSON.parse(json.stdout) as Record<string, unknown>[];
    // 12 months × (England + each region)
    const areas = new Set(expected.map((row) => `${row.level}:${row.code}`));
    expect(areas.size).toBeGreaterThan(5);
    expect(expected).toHaveLength(12 * areas.size);
    expect(expected.some((row) => row.region_or_null === null)).toBe(true);
    expect(arrow.stderr).toContain(`${expected.length} rows → ${file} (arrow)`);

    const table = tableFromIPC(readFileSync(file));
    const types = Object.fromEntries(table.schema.fields.map((f) => [f.name, String(f.type)]));
    expect(types).toEqual({
      month_end: "Date32<DAY>",
      level: "Utf8",
      code: "Utf8",
      name: "Utf8",
      staff_group: "Utf8",
      rate_pct: "Float64",
      fte_days_lost: "Float64",
      above_five: "Bool",
      month_number: "Int32",
      rows_in_level: "Int64",
      region_or_null: "Utf8",
    });
    const rows = table
      .toArray()
      .map((row) => asJsonRow(row.toJSON() as Record<string, unknown>, new Set(["month_end"])));
    expect(rows).toEqual(expected);
  });

  it("with --scope writes only that ICS's rows", async () => {
    const file = join(out, "scoped.arrow");
    const scopedSql =
      "SELECT org_code, ics_code FROM dim_organisation WHERE ics_code IS NOT NULL ORDER BY org_code";
    expect(
      (
        await runQuery([
          scopedSql,
          "--format",
          "arrow",
          "--out",
          file,
          "--scope",
          "ics:QHL",
          "--warehouse",
          t.path,
        ])
      ).code,
    ).toBe(0);
    const rows = tableFromIPC(readFileSync(file))
      .toArray()
      .map((row) => row.toJSON());
    expect(rows.length).toBe(7);
    expect(new Set(rows.map((row) => row.ics_code))).toEqual(new Set(["QHL"]));
  });

  it("needs --out (binary on a terminal is no use), and says so", async () => {
    const attempt = runQuery(["SELECT 1 AS x", "--format", "arrow", "--warehouse", t.path]);
    await expect(attempt).rejects.toBeInstanceOf(UsageError); // exit 2: a mistake in the command line
    await expect(runQuery(["SELECT 1 AS x", "--format", "arrow", "--warehouse", t.path])).rejects.toThrow(
      /--out FILE\.arrow/,
    );
    expect(queryCommand.usage).toMatch(/arrow[\s\S]*needs --out FILE\.arrow/);
  });

  it("refuses writes and file access with the read-only error, as the other formats do", async () => {
    const file = join(out, "refused.arrow");
    for (const refused of [
      "COPY mart_absence_benchmark TO '/tmp/ohwb-arrow-leak.csv'",
      "SELECT * FROM read_text('/etc/passwd')",
    ]) {
      await expect(
        runQuery([refused, "--format", "arrow", "--out", file, "--warehouse", t.path]),
      ).rejects.toBeInstanceOf(AnalystReadOnlyError);
    }
    expect(existsSync("/tmp/ohwb-arrow-leak.csv")).toBe(false);
    expect(existsSync(file)).toBe(false);
  });

  it("--out also writes the text formats to a file", async () => {
    const file = join(out, "result.csv");
    const run = await runQuery([
      "SELECT code, name FROM mart_absence_benchmark WHERE level = 'england' LIMIT 1",
      "--format",
      "csv",
      "--out",
      file,
      "--warehouse",
      t.path,
    ]);
    expect(run.stdout).toBe("");
    expect(readFileSync(file, "utf8")).toBe("code,name\r\nENG,England\r\n");
  });
});
