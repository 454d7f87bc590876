/**
 * The manifest lists exactly the tables a pack build read. Every query the build sends is watched on a
 * spy around the real DuckDB connection (observing, not mocking), and the tables each one reads are
 * taken from DuckDB's unoptimised logical plan (EXPLAIN, every scan of a table) — a different route
 * from the pack's own recording reader (the parser's tree). The manifest must name exactly those: one
 * more (the old hand-kept list's fct_referral) or one fewer fails. Every section's declared reads are
 * among them.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildPack, type PackBuildResult, readPackInputs } from "../../dashboards/pack/build-pack.js";
import { parseQuarter } from "../../dashboards/pack/pack-quarter.js";
import { parseScope } from "../../dashboards/pack/pack-scope.js";
import { assertWarehousePasses } from "../../dashboards/publish-gate.js";
import { referenceWarehouse } from "../support/reference-warehouse.js";
import type { TestWarehouse } from "../transforms/warehouse-fixture.js";

type Query = { sql: string; params: unknown };

/** The real connection, with every query's text and parameters noted on the way through. */
function watched(connection: DuckDBConnection, queries: Query[]): DuckDBConnection {
  return new Proxy(connection, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        if (typeof args[0] === "string") queries.push({ sql: args[0], params: args[1] });
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

/** Tables each SELECT scans, from DuckDB's unoptimised logical plan. */
async function scannedTables(connection: DuckDBConnection, queries: readonly Query[]): Promise<string[]> {
  await connection.run("PRAGMA explain_output = 'all'");
  const tables = new Set<string>();
  try {
    for (const { sql, params } of queries) {
      if (!/^\s*(SELECT|WITH)\b/i.test(sql)) continue;
      const reader = await connection.runAndReadAll(
        `EXPLAIN (FORMAT JSON) ${sql}`,
        params as Record<string, string> | undefined,
      );
      const logical = reader.getRowObjectsJson().find((r) => r.explain_key === "logical_plan");
      for (const m of String(logical?.explain_value ?? "").matchAll(/"Table": "([^"]+)"/g))
        tables.add((m[1] as string).split(".").at(-1) as string);
    }
  } finally {
    await connection.run("PRAGMA explain_output = 'physical_only'");
  }
  return [...tables].sort();
}

function mismatch(listed: readonly string[], read: readonly string[]) {
  return {
    notRead: listed.filter((t) => !read.includes(t)),
    notListed: read.filter((t) => !listed.includes(t)),
  };
}

describe("the manifest's tables read", () => {
  let warehouse: TestWarehouse;
  let out: string;
  const queries: Query[] = [];
  const built: PackBuildResult[] = [];

  beforeAll(async () => {
    warehouse = await referenceWarehouse(); // the 2023 benchmark, transformed as of 2023-12-31
    out = mkdtempSync(join(tmpdir(), "ohwb-pack-reads-"));
    // The data-test gate checks the whole warehouse and is stated as counts, not as tables read.
    const outcome = await assertWarehousePasses(warehouse.connection, "reference-2023.duckdb");
    const spy = watched(warehouse.connection, queries);
    const inputs = await readPackInputs(spy, "reference-2023.duckdb", outcome);
    for (const scope of ["england", "region:Y56"]) {
      built.push(
        await buildPack(
          spy,
          inputs,
          parseScope(scope),
          parseQuarter("2023-Q4"),
          join(out, scope.replace(":", "-")),
        ),
      );
    }
  }, 300_000);
  afterAll(() => {
    warehouse?.dispose();
    if (out) rmSync(out, { recursive: true, force: true });
  });

  it("are exactly the tables the build's queries scanned, and a stale or short list fails", async () => {
    const read = await scannedTables(warehouse.connection, queries);
    expect(read).toEqual(
      expect.arrayContaining(["mart_absence_benchmark", "mart_referral_mix", "mart_flu_uptake_by_month"]),
    );
    for (const pack of built) {
      const listed = Object.keys(pack.manifest.inputs.tablesRead).sort();
      expect(mismatch(listed, read)).toEqual({ notRead: [], notListed: [] });
      // The comparison can fail: the hand-kept list's tables, or one table fewer, are caught.
      expect(mismatch([...listed, "fct_referral"], read).notRead).toEqual(["fct_referral"]);
      expect(mismatch(listed.slice(1), read).notListed).toEqual([listed[0]]);
    }
  });

  it("include every section's declared reads, which the manifest states per section", () => {
    for (const pack of built) {
      const listed = Object.keys(pack.manifest.inputs.tablesRead);
      for (const section of pack.manifest.sections) {
        expect(section.reads.length, section.id).toBeGreaterThan(0);
        for (const table of section.reads) expect(listed, `${section.id} reads ${table}`).toContain(table);
      }
      expect(pack.manifest.inputs.tablesRead.mart_absence_benchmark).toBeGreaterThan(1000);
    }
  });
});
