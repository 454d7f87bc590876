/**
 * Analyst access over a warehouse built from NHS England's 2023 benchmarking
 * CSVs plus a few ESR events carrying pseudonymised staff ids: the analyst
 * snapshot holds only marts and dimensions, refuses every write and file access
 * with the read-only error, shows no identifier, and a scoped query sees one ICS.
 */
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { queryCommand } from "../../cli/commands/query.js";
import { benchmarkingFiles } from "../../core/reference-data.js";
import { runTransforms } from "../../transforms/run-transforms.js";
import {
  type AnalystConnection,
  openAnalystConnection,
  runAnalystQuery,
} from "../../warehouse/analyst/analyst-connection.js";
import { parseAnalystScope } from "../../warehouse/analyst/analyst-scope.js";
import { analystSnapshotPath, publishAnalystSnapshot } from "../../warehouse/analyst/analyst-snapshot.js";
import { formatQueryResult } from "../../warehouse/analyst/query-result-format.js";
import { importNhsAbsenceFiles } from "../../warehouse/nhs-absence-import.js";
import { AnalystQueryError, AnalystReadOnlyError } from "../../warehouse/warehouse-errors.js";
import { absenceStarted, fteMonthly } from "../transforms/kpi-event-builders.js";
import {
  appendLandingEvents,
  freshWarehouse,
  rows,
  type TestWarehouse,
} from "../transforms/warehouse-fixture.js";

const files = benchmarkingFiles();
const pseudonym = "ps_0123456789abcdef0123";
const identifierValue = /^ps_[0-9a-f]{16,}/;

describe("ohwb query: the read-only analyst snapshot", () => {
  let t: TestWarehouse;
  let snapshot: string;
  let analyst: AnalystConnection;
  beforeAll(async () => {
    t = await freshWarehouse();
    await importNhsAbsenceFiles(t.connection, files);
    // ESR events for a Lancashire (QE1) trust, so the warehouse does hold pseudonymised ids
    await appendLandingEvents(t.connection, [
      fteMonthly("RXN", "Nurses & health visitors", "2023-06-30", 9000, 300),
      absenceStarted({
        id: "A1",
        staff: pseudonym,
        org: "RXN",
        group: "Nurses & health visitors",
        start: "2023-06-05",
        end: "2023-06-09",
        reason: "S12",
        fte: 1,
      }),
    ]);
    await runTransforms(t.connection, { asOf: "2023-12-31" });
    snapshot = (await publishAnalystSnapshot(t.connection, t.path)).path;
    analyst = await openAnalystConnection(snapshot);
  }, 180_000);
  afterAll(() => {
    analyst?.close();
    t?.dispose();
  });

  it("publishes the snapshot next to the warehouse with every mart_* and dim_* table and nothing else", async () => {
    expect(snapshot).toBe(analystSnapshotPath(t.path));
    expect(existsSync(snapshot)).toBe(true);
    const warehouseTables = (
      await rows(
        t.connection,
        "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() AND (table_name LIKE 'mart\\_%' ESCAPE '\\' OR table_name LIKE 'dim\\_%' ESCAPE '\\') ORDER BY 1",
      )
    ).map((r) => r.table_name);
    const analystTables = (
      await runAnalystQuery(analyst, "SELECT table_name FROM duckdb_tables() ORDER BY 1")
    ).rows.map((r) => r.table_name);
    expect(warehouseTables).toContain("mart_absence_benchmark_rolling12");
    expect(analystTables).toEqual([...warehouseTables, "analyst_snapshot_info"].sort());
    const [mart] = (await runAnalystQuery(analyst, "SELECT count(*) AS n FROM mart_absence_benchmark")).rows;
    const [source] = await rows(t.connection, "SELECT count(*) AS n FROM mart_absence_benchmark");
    expect(mart?.n).toBe(Number(source?.n));
    expect(analyst.info.transformAsOf).toBe("2023-12-31");
  });

  it.each([
    ["INSERT", "INSERT INTO dim_staff_group SELECT * FROM dim_staff_group LIMIT 1"],
    ["CREATE", "CREATE TABLE my_table AS SELECT 1 AS x"],
    ["DELETE", "DELETE FROM mart_absence_benchmark"],
    ["UPDATE", "UPDATE dim_organisation SET org_name = 'x'"],
    ["DROP", "DROP TABLE dim_date"],
    ["COPY … TO", "COPY mart_absence_benchmark TO '/tmp/ohwb-analyst-leak.csv'"],
    ["ATTACH", "ATTACH '/tmp/ohwb-analyst-attach.duckdb' AS other"],
    ["read_csv of /etc/passwd", "SELECT * FROM read_csv('/etc/passwd')"],
    ["read_text", "SELECT * FROM read_text('/etc/passwd')"],
    ["SET enable_external_access", "SET enable_external_access = true"],
    ["INSTALL", "INSTALL httpfs"],
  ])("refuses %s with the read-only error", async (_label, sql) => {
    const error = await runAnalystQuery(analyst, sql).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AnalystReadOnlyError);
    expect((error as AnalystReadOnlyError).code).toBe("ANALYST_READ_ONLY");
    expect((error as Error).message).toMatch(/read-only for analysts/);
    expect((error as Error).message).toMatch(/ohwb export/);
    expect(existsSync("/tmp/ohwb-analyst-attach.duckdb")).toBe(false);
    expect(existsSync("/tmp/ohwb-analyst-leak.csv")).toBe(false);
  });

  it("reports a plain SQL mistake as a query error, not as read-only", async () => {
    const error = await runAnalystQuery(analyst, "SELECT * FROM stg_absence_published").catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AnalystQueryError);
    expect(error).not.toBeInstanceOf(AnalystReadOnlyError);
  });

  it("shows no identifier: no id-like column, no ps_… value, though the warehouse holds one", async () => {
    const [inWarehouse] = await rows(
      t.connection,
      `SELECT count(*) AS n FROM stg_absence_episode WHERE staff_id = '${pseudonym}'`,
    );
    expect(Number(inWarehouse?.n)).toBeGreaterThan(0);
    const columns = (
      await runAnalystQuery(
        analyst,
        "SELECT table_name, column_name, data_type FROM information_schema.columns",
      )
    ).rows;
    expect(columns.length).toBeGreaterThan(50);
    expect(
      columns.filter((c) => /staff_id|pseudo|person|employee|nhs_number/i.test(String(c.column_name))),
    ).toEqual([]);
    let textCells = 0;
    for (const { table_name, column_name, data_type } of columns) {
      if (data_type !== "VARCHAR") continue;
      const values = await runAnalystQuery(
        analyst,
        `SELECT DISTINCT "${String(column_name)}" AS v FROM "${String(table_name)}" WHERE "${String(column_name)}" IS NOT NULL`,
      );
      textCells += values.rows.length;
      expect(values.rows.map((r) => r.v).filter((v) => identifierValue.test(String(v)))).toEqual([]);
    }
    expect(textCells).toBeGreaterThan(100);
  });

  it("drops identifier-named columns from any mart a future model might add", async () => {
    await t.connection.run(
      `CREATE TABLE mart_identifier_probe AS SELECT '${pseudonym}' AS staff_id, 'x' AS pseudo_key, 3 AS episodes`,
    );
    const target = join(t.path, "..", "probe.analyst.duckdb");
    try {
      await publishAnalystSnapshot(t.connection, t.path, target);
      const probe = await openAnalystConnection(target);
      try {
        const columns = await runAnalystQuery(
          probe,
          "SELECT column_name FROM information_schema.columns WHERE table_name = 'mart_identifier_probe'",
        );
        expect(columns.rows.map((r) => r.column_name)).toEqual(["episodes"]);
      } finally {
        probe.close();
      }
    } finally {
      await t.connection.run("DROP TABLE mart_identifier_probe");
    }
  });

  it("a query scoped to ics:QE1 sees only QE1's organisations and QE1's own rows", async () => {
    const scoped = await openAnalystConnection(snapshot, parseAnalystScope("ics:QE1"));
    try {
      expect(scoped.info.scope).toBe("ics:QE1");
      const perIcs = await runAnalystQuery(
        scoped,
        `SELECT coalesce(o.ics_code, b.code) AS ics, count(*) AS n
         FROM mart_absence_benchmark AS b LEFT JOIN dim_organisation AS o ON b.level = 'organisation' AND o.org_code = b.code
         GROUP BY ALL`,
      );
      expect(perIcs.rows.map((r) => r.ics)).toEqual(["QE1"]);
      expect(perIcs.rows[0]?.n).toBeGreaterThan(100);
      const levels = await runAnalystQuery(
        scoped,
        "SELECT DISTINCT level FROM mart_absence_benchmark ORDER BY 1",
      );
      expect(levels.rows.map((r) => r.level)).toEqual(["ics", "organisation"]);
      // other ICSs' trusts are absent from every table, even when named by their full path
      for (const table of [
        "mart_absence_benchmark",
        "mart_absence_benchmark_rolling12",
        "mart_absence_rate",
      ]) {
        const leaked = await runAnalystQuery(
          scoped,
          `SELECT count(*) AS n FROM ${table} WHERE code IN ('RXK', 'RRK', 'QHL', 'ENG')`,
        );
        expect(leaked.rows[0]?.n).toBe(0);
      }
      const orgs = await runAnalystQuery(scoped, "SELECT DISTINCT ics_code FROM dim_organisation");
      expect(orgs.rows.map((r) => r.ics_code)).toEqual(["QE1"]);
      const rxn = await runAnalystQuery(
        scoped,
        "SELECT count(*) AS n FROM mart_absence_rate WHERE code = 'RXN' AND level = 'organisation'",
      );
      expect(rxn.rows[0]?.n).toBeGreaterThan(0);
      // and the full snapshot still shows other ICSs, so the check above can fail
      const all = await runAnalystQuery(
        analyst,
        "SELECT count(DISTINCT ics_code) AS n FROM dim_organisation",
      );
      expect(all.rows[0]?.n).toBeGreaterThan(1);
      // the scoped connection is locked down the same way
      await expect(runAnalystQuery(scoped, "SELECT * FROM read_csv('/etc/passwd')")).rejects.toBeInstanceOf(
        AnalystReadOnlyError,
      );
    } finally {
      scoped.close();
    }
  });

  it("rejects a malformed or unknown scope", async () => {
    expect(() => parseAnalystScope("QE1")).toThrow(/ics:CODE/);
    await expect(openAnalystConnection(snapshot, parseAnalystScope("ics:QZZZ9"))).rejects.toThrow(
      /ICS QZZZ9/,
    );
  });

  it("formats numbers as numbers in JSON, quotes CSV, aligns the table", async () => {
    const result = await runAnalystQuery(
      analyst,
      `SELECT code, name, rate_pct, fte_days_lost FROM mart_absence_benchmark
       WHERE level = 'england' AND staff_group = 'All staff groups' AND month_end = DATE '2023-12-31'`,
    );
    const json = JSON.parse(formatQueryResult(result, "json")) as Record<string, unknown>[];
    expect(json).toHaveLength(1);
    expect(json[0]?.rate_pct).toBe(5.52);
    expect(typeof json[0]?.fte_days_lost).toBe("number");
    const csv = formatQueryResult(
      { columns: ["a", "b"], types: ["VARCHAR", "INTEGER"], rows: [{ a: 'say "hi", ok', b: 1 }] },
      "csv",
    );
    expect(csv).toBe('a,b\r\n"say ""hi"", ok",1\r\n');
    const table = formatQueryResult(result, "table").split("\n");
    expect(table[0]).toMatch(/^code\s+name\s+rate_pct\s+fte_days_lost$/);
    expect(table[2]).toMatch(/^ENG\s+England\s+5\.52\s+\d/);
    // numbers are right-aligned under their header
    const headerEnd = (table[0]?.indexOf("rate_pct") ?? 0) + "rate_pct".length;
    expect((table[2]?.indexOf("5.52") ?? 0) + "5.52".length).toBe(headerEnd);
    expect(table.at(-2)).toBe("(1 row)");
  });

  it("keeps every value whatever its type: lists, structs, integers past 2^53, intervals, small numbers", async () => {
    const result = await runAnalystQuery(
      analyst,
      `SELECT [1, 2, 3] AS list, {'a': 1, 'b': 'x'} AS struct,
              170141183460469231731687303715884105727::HUGEINT AS huge, 9007199254740993::BIGINT AS big,
              42::BIGINT AS small, INTERVAL 3 DAY + INTERVAL 1 HOUR AS wait, 1e-9::DOUBLE AS tiny,
              1.25::DECIMAL(10, 2) AS money`,
    );
    const [row] = JSON.parse(formatQueryResult(result, "json")) as Record<string, unknown>[];
    // a list once came back as NaN (its type INTEGER[] was taken for INTEGER)
    expect(row).toEqual({
      list: [1, 2, 3],
      struct: { a: 1, b: "x" },
      huge: "170141183460469231731687303715884105727",
      big: "9007199254740993",
      small: 42,
      wait: "3 days 01:00:00",
      tiny: 1e-9,
      money: 1.25,
    });
    const [, csvRow] = formatQueryResult(result, "csv").split("\r\n");
    expect(csvRow).toBe(
      '"[1,2,3]","{""a"":1,""b"":""x""}",170141183460469231731687303715884105727,9007199254740993,42,3 days 01:00:00,1e-9,1.25',
    );
    const [header = "", , line = ""] = formatQueryResult(result, "table").split("\n");
    expect(line).toContain("[1,2,3]");
    expect(line).toContain("1e-9");
    expect(line).not.toContain("NaN");
    // only numbers are right-aligned: the interval's text starts under its header
    expect(line.indexOf("3 days")).toBe(header.indexOf("wait"));
  });

  it("tells NaN, infinities and NULL apart in every format; keeps a table's lines whole and its numbers short", async () => {
    const result = await runAnalystQuery(
      analyst,
      `SELECT 'nan'::DOUBLE AS n, '-inf'::DOUBLE AS ni, NULL::DOUBLE AS nul, -1e-300::DOUBLE AS tiny,
              0.00012345::DOUBLE AS small, 'a' || chr(10) || 'b' || chr(9) || 'c' || chr(1) AS text`,
    );
    const [row] = JSON.parse(formatQueryResult(result, "json")) as Record<string, unknown>[];
    expect(row).toEqual({
      n: "NaN",
      ni: "-Infinity",
      nul: null,
      tiny: -1e-300,
      small: 0.00012345,
      text: "a\nb\tc\u0001",
    });
    const csv = formatQueryResult(result, "csv");
    expect(csv).toBe('n,ni,nul,tiny,small,text\r\nNaN,-Infinity,,-1e-300,0.00012345,"a\nb\tc\u0001"\r\n');
    const table = formatQueryResult(result, "table").split("\n");
    // header, rule, one row, footer, and the final newline: the value's newline did not split the row
    expect(table).toHaveLength(5);
    const cells = (table[2] ?? "").trim().split(/ {2,}/);
    expect(cells).toEqual(["NaN", "-Infinity", "NULL", "-1e-300", "0.0001235", "a\\nb\\tc\\u0001"]);
  });

  it("ohwb query runs against the snapshot while another process holds the warehouse open for writing", async () => {
    // t.connection still holds the warehouse file open read-write, as ingest would
    const written: string[] = [];
    const spy = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    const errors = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      const code = await queryCommand.run([
        "SELECT count(*) AS n FROM dim_organisation WHERE ics_code = 'QHL'",
        "--format",
        "json",
        "--warehouse",
        t.path,
      ]);
      expect(code).toBe(0);
    } finally {
      spy.mockRestore();
      errors.mockRestore();
    }
    expect(JSON.parse(written.join(""))).toEqual([{ n: 7 }]);
  });

  it("republishing swaps the snapshot by rename while a reader has the old one open", async () => {
    const before = await runAnalystQuery(analyst, "SELECT built_at FROM analyst_snapshot_info");
    const republished = await publishAnalystSnapshot(t.connection, t.path);
    expect(republished.path).toBe(snapshot);
    // the open reader keeps its consistent old file
    const still = await runAnalystQuery(analyst, "SELECT count(*) AS n FROM mart_absence_benchmark");
    expect(still.rows[0]?.n).toBeGreaterThan(0);
    expect((await runAnalystQuery(analyst, "SELECT built_at FROM analyst_snapshot_info")).rows).toEqual(
      before.rows,
    );
    // a new reader sees the new one; no temporary file is left behind
    const fresh = await DuckDBInstance.create(snapshot, { access_mode: "READ_ONLY" });
    const connection = await fresh.connect();
    const info = (
      await connection.runAndReadAll(
        "SELECT strftime(built_at, '%Y-%m-%dT%H:%M:%SZ') AS b FROM analyst_snapshot_info",
      )
    ).getRowObjectsJson();
    connection.closeSync();
    fresh.closeSync();
    expect(info[0]?.b).toBe(republished.builtAt);
    const leftovers = readdirSync(join(snapshot, "..")).filter((f) => f.includes(".building-"));
    expect(leftovers).toEqual([]);
  });
});
