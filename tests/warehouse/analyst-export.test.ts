/**
 * `ohwb export` from a warehouse built from the 2023 NHS England benchmarking
 * CSVs: Parquet partitioned by month reads back with each mart's row count,
 * CSV writes one file per table, and a scoped export holds one ICS only.
 */
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { tableFromIPC } from "apache-arrow";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { exportCommand } from "../../cli/commands/export.js";
import {
  EXPORT_INFO_FILE,
  exportAnalystTables,
  readExportInfo,
} from "../../warehouse/analyst/analyst-export.js";
import { parseAnalystScope } from "../../warehouse/analyst/analyst-scope.js";
import { analystSnapshotPath, publishAnalystSnapshot } from "../../warehouse/analyst/analyst-snapshot.js";
import { referenceWarehouse } from "../support/reference-warehouse.js";
import { rows, type TestWarehouse } from "../transforms/warehouse-fixture.js";

/** Every file under `directory` with its size and modification time, to tell whether anything changed. */
function listing(directory: string): string[] {
  return readdirSync(directory, { recursive: true, encoding: "utf8" })
    .sort()
    .map((name) => {
      const info = statSync(join(directory, name));
      return `${name} ${info.isDirectory() ? "dir" : info.size} ${info.mtimeMs}`;
    });
}

describe("ohwb export", () => {
  let t: TestWarehouse;
  let snapshot: string;
  let out: string;
  let reader: DuckDBInstance;
  let check: DuckDBConnection;
  beforeAll(async () => {
    t = await referenceWarehouse();
    snapshot = (await publishAnalystSnapshot(t.connection, t.path)).path;
    out = mkdtempSync(join(tmpdir(), "ohwb-export-test-"));
    reader = await DuckDBInstance.create(":memory:");
    check = await reader.connect();
  }, 180_000);
  afterAll(() => {
    check?.closeSync();
    reader?.closeSync();
    t?.dispose();
    if (out) rmSync(out, { recursive: true, force: true });
  });

  it("writes Parquet partitioned by month that DuckDB reads back with every mart's row count", async () => {
    const directory = join(out, "parquet");
    const exported = await exportAnalystTables(snapshot, directory, "parquet");
    const benchmark = exported.find((e) => e.table === "mart_absence_benchmark");
    expect(benchmark?.partitioned).toBe(true);
    const months = readdirSync(join(directory, "mart_absence_benchmark")).sort();
    expect(months).toHaveLength(12);
    expect(months[0]).toBe("month=2023-01");
    expect(months[11]).toBe("month=2023-12");
    const marts = exported.filter((e) => e.table.startsWith("mart_"));
    expect(marts.length).toBeGreaterThanOrEqual(15);
    for (const mart of marts) {
      const [source] = await rows(t.connection, `SELECT count(*) AS n FROM ${mart.table}`);
      expect(mart.rows).toBe(Number(source?.n));
      if (mart.rows === 0) continue;
      const glob = mart.partitioned ? join(mart.path, "*", "*.parquet") : mart.path;
      const [readBack] = await rows(
        check,
        `SELECT count(*) AS n, count(DISTINCT month) AS months FROM read_parquet('${glob}', hive_partitioning = true)`,
      );
      expect(Number(readBack?.n)).toBe(mart.rows);
      expect(Number(readBack?.months)).toBeGreaterThan(0);
    }
    const [december] = await rows(
      check,
      `SELECT rate_pct FROM read_parquet('${join(directory, "mart_absence_benchmark", "*", "*.parquet")}', hive_partitioning = true)
       WHERE month = '2023-12' AND level = 'england' AND staff_group = 'All staff groups'`,
    );
    expect(Number(december?.rate_pct)).toBe(5.52);
    const [organisations] = await rows(
      check,
      `SELECT count(*) AS n FROM read_parquet('${join(directory, "dim_organisation.parquet")}')`,
    );
    const [sourceOrganisations] = await rows(t.connection, "SELECT count(*) AS n FROM dim_organisation");
    expect(Number(organisations?.n)).toBe(Number(sourceOrganisations?.n));
  });

  it("writes one CSV file per table, header plus one line per row", async () => {
    const directory = join(out, "csv");
    const exported = await exportAnalystTables(snapshot, directory, "csv");
    expect(readdirSync(directory).sort()).toEqual(
      [...exported.map((e) => `${e.table}.csv`), EXPORT_INFO_FILE].sort(),
    );
    const benchmark = exported.find((e) => e.table === "mart_absence_benchmark");
    const lines = readFileSync(join(directory, "mart_absence_benchmark.csv"), "utf8").trimEnd().split("\n");
    expect(lines[0]).toBe(
      "month_end,level,code,name,staff_group,fte_days_lost,fte_days_available,rate_pct,suppressed",
    );
    expect(lines.length - 1).toBe(benchmark?.rows);
    const [readBack] = await rows(
      check,
      `SELECT count(*) AS n FROM read_csv('${join(directory, "mart_absence_benchmark.csv")}', header = true)`,
    );
    expect(Number(readBack?.n)).toBe(benchmark?.rows);
  });

  it("an export that fails midway leaves the previous export as it was, and a folder it made is removed", async () => {
    // a real DuckDB failure partway through the tables: a view that sorts after every other mart and
    // raises when read
    const broken = join(out, "broken-snapshot.duckdb");
    copyFileSync(snapshot, broken);
    const db = await DuckDBInstance.create(broken);
    const write = await db.connect();
    await write.run(
      `CREATE VIEW mart_zz_unreadable AS SELECT CASE WHEN random() < 2 THEN error('unreadable on purpose') END AS x`,
    );
    write.closeSync();
    db.closeSync();
    for (const format of ["csv", "parquet"] as const) {
      const directory = join(out, `previous-${format}`);
      await exportAnalystTables(snapshot, directory, format);
      const before = listing(directory);
      const infoBefore = readFileSync(join(directory, EXPORT_INFO_FILE), "utf8");
      await expect(exportAnalystTables(broken, directory, format)).rejects.toThrow(/unreadable on purpose/);
      expect(listing(directory), format).toEqual(before);
      expect(readFileSync(join(directory, EXPORT_INFO_FILE), "utf8")).toBe(infoBefore);
      expect(readdirSync(directory).filter((name) => name.startsWith(".ohwb-export-"))).toEqual([]);
    }
    const fresh = join(out, "fresh", "nested");
    await expect(exportAnalystTables(broken, fresh, "csv")).rejects.toThrow(/unreadable on purpose/);
    expect(existsSync(join(out, "fresh"))).toBe(false);
  });

  it("writes the extract's dates and sources beside it: data as-of, snapshot build, export, publication", async () => {
    const directory = join(out, "info");
    const before = new Date();
    const exported = await exportAnalystTables(snapshot, directory, "csv");
    const info = readExportInfo(directory);
    expect(info.dataAsOf).toBe("2023-12-31");
    expect(Date.parse(String(info.snapshotBuiltAt))).toBeLessThanOrEqual(Date.parse(info.exportedAt));
    expect(Date.parse(info.exportedAt)).toBeGreaterThanOrEqual(before.getTime() - 1000);
    expect(info.format).toBe("csv");
    expect(info.scope).toBeNull();
    const [published, events] = info.sources;
    expect(published?.months).toBe("2023-01 to 2023-12");
    // the shipped CSVs carry reference months, not release days: stated, not guessed
    expect(published?.published).toBeNull();
    expect(published?.note).toContain("publication date not recorded");
    expect(events?.name).toContain("ESR");
    expect(info.tables.map((x) => [x.table, x.rows])).toEqual(exported.map((e) => [e.table, e.rows]));
  });

  it("writes Arrow IPC files that apache-arrow reads back with the same rows and typed columns", async () => {
    const directory = join(out, "arrow");
    const exported = await exportAnalystTables(snapshot, directory, "arrow");
    expect(readdirSync(directory).sort()).toEqual(
      [...exported.map((e) => `${e.table}.arrow`), EXPORT_INFO_FILE].sort(),
    );
    for (const table of exported) {
      expect(tableFromIPC(readFileSync(table.path)).numRows).toBe(table.rows);
    }
    const benchmark = tableFromIPC(readFileSync(join(directory, "mart_absence_benchmark.arrow")));
    const [source] = await rows(t.connection, "SELECT count(*) AS n FROM mart_absence_benchmark");
    expect(benchmark.numRows).toBe(Number(source?.n));
    expect(String(benchmark.schema.fields.find((f) => f.name === "rate_pct")?.type)).toBe("Float64");
    expect(String(benchmark.schema.fields.find((f) => f.name === "month_end")?.type)).toBe("Date32<DAY>");
    const england = benchmark
      .toArray()
      .map((row) => row.toJSON() as Record<string, unknown>)
      .filter((row) => row.level === "england" && row.staff_group === "All staff groups")
      .map((row) => [new Date(Number(row.month_end)).toISOString().slice(0, 10), row.rate_pct]);
    expect(england).toContainEqual(["2023-12-31", 5.52]);
    expect(england).toHaveLength(12);
  });

  it("a scoped export holds one ICS's rows only", async () => {
    const directory = join(out, "scoped");
    await exportAnalystTables(snapshot, directory, "parquet", parseAnalystScope("ics:QHL"));
    const perIcs = await rows(
      check,
      `SELECT coalesce(o.ics_code, b.code) AS ics, count(*) AS n
       FROM read_parquet('${join(directory, "mart_absence_benchmark", "*", "*.parquet")}', hive_partitioning = true) AS b
       LEFT JOIN read_parquet('${join(directory, "dim_organisation.parquet")}') AS o
         ON b.level = 'organisation' AND o.org_code = b.code
       GROUP BY ALL`,
    );
    expect(perIcs.map((r) => r.ics)).toEqual(["QHL"]);
    expect(Number(perIcs[0]?.n)).toBeGreaterThan(100);
  });

  it("a scoped DuckDB file holds only that ICS's rows, and is group-readable only", async () => {
    const directory = join(out, "scoped-duckdb");
    // a mistake in the command line (exit 2), before anything is written
    await expect(exportAnalystTables(snapshot, directory, "duckdb")).rejects.toMatchObject({
      code: "USAGE",
      context: { code: "ANALYST_DUCKDB_NEEDS_SCOPE" },
    });
    const [file] = await exportAnalystTables(snapshot, directory, "duckdb", parseAnalystScope("ics:QHL"));
    expect(file?.path).toBe(join(directory, "analyst-ics-QHL.duckdb"));
    expect(statSync(file?.path as string).mode & 0o777).toBe(0o640);
    await check.run(`ATTACH '${file?.path}' AS qhl (READ_ONLY)`);
    await check.run(`ATTACH '${snapshot}' AS everyone (READ_ONLY)`);
    try {
      // The full snapshot's QHL organisations and QHL's own ICB rows: what the file must hold, all of it.
      const [expected] = await rows(
        check,
        `SELECT count(*) AS n FROM everyone.mart_absence_benchmark b
         WHERE (b.level = 'ics' AND b.code = 'QHL')
            OR (b.level = 'organisation' AND b.code IN (SELECT org_code FROM everyone.dim_organisation WHERE ics_code = 'QHL'))`,
      );
      const inFile = await rows(
        check,
        `SELECT DISTINCT coalesce(o.ics_code, b.code) AS ics FROM qhl.mart_absence_benchmark b
         LEFT JOIN qhl.dim_organisation o ON b.level = 'organisation' AND o.org_code = b.code`,
      );
      expect(inFile.map((r) => r.ics)).toEqual(["QHL"]);
      const [count] = await rows(check, "SELECT count(*) AS n FROM qhl.mart_absence_benchmark");
      expect(Number(count?.n)).toBe(Number(expected?.n));
      expect(Number(count?.n)).toBeGreaterThan(100);
      const [others] = await rows(
        check,
        "SELECT count(*) AS n FROM qhl.dim_organisation WHERE ics_code IS DISTINCT FROM 'QHL'",
      );
      expect(Number(others?.n)).toBe(0);
    } finally {
      await check.run("DETACH qhl");
      await check.run("DETACH everyone");
    }
  });

  it("the command publishes a missing snapshot, then exports", async () => {
    rmSync(analystSnapshotPath(t.path));
    t.warehouse.close(); // the writer step needs the warehouse file to itself
    const written: string[] = [];
    const stdout = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      const code = await exportCommand.run([
        "--format",
        "csv",
        "--out",
        join(out, "command"),
        "--warehouse",
        t.path,
      ]);
      expect(code).toBe(0);
    } finally {
      stdout.mockRestore();
      stderr.mockRestore();
    }
    expect(existsSync(analystSnapshotPath(t.path))).toBe(true);
    expect(written.join("")).toMatch(/mart_absence_benchmark: \d+ rows/);
    expect(existsSync(join(out, "command", "mart_absence_benchmark.csv"))).toBe(true);
    expect(written.join("")).toMatch(
      /dates and sources → .*export-info\.json \(data as of 2023-12-31, snapshot built /,
    );
  });
});
