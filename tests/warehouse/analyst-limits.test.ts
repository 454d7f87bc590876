/**
 * Analyst queries have limits (issue 14, item 13): a statement past its time
 * limit is interrupted with a clear error and the connection stays usable;
 * the cap on temporary spill is set and cannot be lifted from SQL. On a real
 * snapshot file opened through the analyst connection.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openAnalystConnection, runAnalystQuery } from "../../warehouse/analyst/analyst-connection.js";
import { AnalystReadOnlyError } from "../../warehouse/warehouse-errors.js";

describe("analyst query limits", () => {
  const dir = mkdtempSync(join(tmpdir(), "ohwb-analyst-limits-"));
  const snapshot = join(dir, "w.analyst.duckdb");
  beforeAll(async () => {
    const instance = await DuckDBInstance.create(snapshot);
    const connection = await instance.connect();
    await connection.run(
      `CREATE TABLE analyst_snapshot_info AS SELECT TIMESTAMP '2024-01-01 00:00:00' AS built_at,
         '2023-12-31' AS transform_as_of, NULL::VARCHAR AS scope, 1 AS tables`,
    );
    await connection.run("CREATE TABLE mart_numbers AS SELECT range AS n FROM range(1000)");
    connection.closeSync();
    instance.closeSync();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("stops a statement past its time limit with ANALYST_TIMEOUT, and the next one runs", async () => {
    const analyst = await openAnalystConnection(snapshot, undefined, { timeoutSeconds: 1 });
    try {
      const runaway = runAnalystQuery(
        analyst,
        "SELECT count(*) FROM range(1000000000000) a(x), mart_numbers WHERE (x * n) % 7919 = 3",
      );
      await expect(runaway).rejects.toMatchObject({ code: "ANALYST_TIMEOUT" });
      await expect(runaway).rejects.toThrow(/--timeout/);
      const next = await runAnalystQuery(analyst, "SELECT count(*) AS n FROM mart_numbers");
      expect(next.rows).toEqual([{ n: 1000 }]);
    } finally {
      analyst.close();
    }
  }, 60_000);

  it("caps temporary spill, and SQL cannot lift the cap", async () => {
    const analyst = await openAnalystConnection(snapshot, undefined, { maxSpill: "64MiB" });
    try {
      const setting = await runAnalystQuery(
        analyst,
        "SELECT current_setting('max_temp_directory_size') AS cap",
      );
      expect(setting.rows).toEqual([{ cap: "64.0 MiB" }]);
      await expect(runAnalystQuery(analyst, "SET max_temp_directory_size = '1TB'")).rejects.toBeInstanceOf(
        AnalystReadOnlyError,
      );
    } finally {
      analyst.close();
    }
    const defaults = await openAnalystConnection(snapshot);
    try {
      const setting = await runAnalystQuery(
        defaults,
        "SELECT current_setting('max_temp_directory_size') AS cap",
      );
      expect(setting.rows).toEqual([{ cap: "4.0 GiB" }]);
      expect(defaults.timeoutSeconds).toBe(300);
    } finally {
      defaults.close();
    }
  });
});
