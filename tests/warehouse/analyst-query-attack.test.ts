/**
 * The analyst query path after an attack pass: --out never replaces a symlink, FIFO or device;
 * a failed write names the user's path; repeated column names keep each column's values in every
 * format; DECIMALs stay exact; Arrow refuses what its column type cannot hold; an empty statement
 * and bad --timeout / --out are usage errors; --snapshot on a file that is no snapshot says so;
 * a scoped DuckDB export reports tables, not rows. On real DuckDB files, through the command.
 */
import { spawnSync } from "node:child_process";
import {
  existsSync,
  lstatSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { tableFromIPC } from "apache-arrow";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportCommand } from "../../cli/commands/export.js";
import { queryCommand } from "../../cli/commands/query.js";
import { replaceFile } from "../../core/replace-file.js";
import { exportAnalystTables } from "../../warehouse/analyst/analyst-export.js";
import { parseAnalystScope } from "../../warehouse/analyst/analyst-scope.js";
import { cliPath } from "../ingest/ingest-process.js";
import { runInProcess } from "../support/cli-in-process.js";
import { runCapturing } from "../support/run-capturing.js";

const dir = mkdtempSync(join(tmpdir(), "ohwb-query-attack-"));
const warehouse = join(dir, "w.duckdb"); // never made: the snapshot beside it is what query reads
const snapshot = join(dir, "w.analyst.duckdb");
/** A DuckDB database with marts but no snapshot record, as the warehouse itself is. */
const notSnapshot = join(dir, "looks-like-a-warehouse.duckdb");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function makeDatabase(path: string, withRecord: boolean): Promise<void> {
  const instance = await DuckDBInstance.create(path);
  const connection = await instance.connect();
  await connection.run(
    `CREATE TABLE dim_organisation AS SELECT * FROM (VALUES ('RAA', 'QE1'), ('RBB', 'QE2')) t(org_code, ics_code)`,
  );
  await connection.run(
    `CREATE TABLE mart_rates AS SELECT * FROM (VALUES ('RAA', 4.5), ('RBB', 6.25)) t(org_code, rate_pct)`,
  );
  if (withRecord) {
    await connection.run(
      `CREATE TABLE analyst_snapshot_info AS SELECT current_timestamp AS built_at, NULL::VARCHAR AS transform_as_of, NULL::VARCHAR AS scope, 2 AS tables`,
    );
  }
  connection.closeSync();
  instance.closeSync();
}

beforeAll(async () => {
  await makeDatabase(snapshot, true);
  await makeDatabase(notSnapshot, false);
});

const run = runCapturing;

const query = (...args: string[]) => run(queryCommand, ["--warehouse", warehouse, ...args]);

describe("--out never replaces what is not a regular file (item 1)", () => {
  it("refuses a symlink and a FIFO, even with --force, and leaves them as they were", async () => {
    const real = join(dir, "real.csv");
    writeFileSync(real, "keep\n");
    const link = join(dir, "link.csv");
    symlinkSync(real, link);
    const fifo = join(dir, "pipe.csv");
    expect(spawnSync("mkfifo", [fifo]).status).toBe(0);
    for (const target of [link, fifo]) {
      const outcome = await runInProcess([
        "query",
        "--warehouse",
        warehouse,
        "--format",
        "csv",
        "--out",
        target,
        "--force",
        "SELECT 1 AS x",
      ]);
      expect(outcome.code, target).toBe(1);
      expect(outcome.message).toContain("not a regular file");
    }
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe(real);
    expect(readFileSync(real, "utf8")).toBe("keep\n");
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  });

  it("replaceFile itself refuses a symlink (transform --dictionary and config schema --write use it too)", async () => {
    const real = join(dir, "dict-real.md");
    writeFileSync(real, "old\n");
    const link = join(dir, "dict-link.md");
    symlinkSync(real, link);
    await expect(replaceFile(link, (temp) => writeFileSync(temp, "new\n"))).rejects.toMatchObject({
      code: "OUTPUT_NOT_A_FILE",
    });
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(real, "utf8")).toBe("old\n");
  });

  it.skipIf(!existsSync("/proc/self"))(
    "a folder that cannot be made is reported with the user's path, not the temporary file's",
    () => {
      // a child process with a time limit: before, Node's recursive mkdir looped forever here
      const target = "/proc/ohwb-no-such-folder/out.csv";
      const result = spawnSync(
        process.execPath,
        [cliPath(), "query", "--snapshot", snapshot, "--format", "csv", "--out", target, "SELECT 1 AS x"],
        { encoding: "utf8", timeout: 30_000 },
      );
      expect(result.status).toBe(1);
      expect(result.stderr).toContain(target);
      expect(result.stderr).not.toContain(".tmp");
      expect(result.stderr).not.toMatch(/Cannot read/);
    },
    60_000,
  );
});

describe("repeated column names keep each column's own values (item 2)", () => {
  const sql = "SELECT 1 AS a, 2 AS a, 3 AS a, 'x' AS a_1";

  it("json, csv and table show every value under DuckDB-style names, with one note", async () => {
    const json = await query("--format", "json", sql);
    expect(JSON.parse(json.stdout)).toEqual([{ a: 1, a_2: 2, a_3: 3, a_1: "x" }]);
    expect(json.stderr.match(/repeats column names/g)).toHaveLength(1);
    expect(json.stderr).toContain('"a_2"');
    expect(json.stderr).toContain('"a_3"');
    const csv = await query("--format", "csv", sql);
    expect(csv.stdout).toBe("a,a_2,a_3,a_1\r\n1,2,3,x\r\n");
    const table = (await query("--format", "table", sql)).stdout.split("\n");
    expect(table[0]?.split(/\s+/)).toEqual(["a", "a_2", "a_3", "a_1"]);
    expect(table[2]?.trim().split(/\s+/)).toEqual(["1", "2", "3", "x"]);
  });

  it("a join selecting the same column from two tables keeps both", async () => {
    const join2 =
      "SELECT b.rate_pct, r.rate_pct FROM mart_rates b JOIN mart_rates r ON r.org_code <> b.org_code ORDER BY 1";
    const json = await query("--format", "json", join2);
    expect(JSON.parse(json.stdout)).toEqual([
      { rate_pct: 4.5, rate_pct_1: 6.25 },
      { rate_pct: 6.25, rate_pct_1: 4.5 },
    ]);
  });

  it("arrow writes every column", async () => {
    const out = join(dir, "dupes.arrow");
    const result = await query("--format", "arrow", "--out", out, sql);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("repeats column names");
    const table = tableFromIPC(readFileSync(out));
    expect(table.schema.fields.map((f) => f.name)).toEqual(["a", "a_2", "a_3", "a_1"]);
    expect(table.toArray().map((row) => row.toJSON())).toEqual([{ a: 1, a_2: 2, a_3: 3, a_1: "x" }]);
  });
});

describe("DECIMALs stay exact (item 3)", () => {
  const sql = "SELECT 12345678901234567890.12::DECIMAL(38,2) AS big, 0.10::DECIMAL(18,2) AS small";

  it("as text when a double would round them, as numbers otherwise", async () => {
    expect(JSON.parse((await query("--format", "json", sql)).stdout)).toEqual([
      { big: "12345678901234567890.12", small: 0.1 },
    ]);
    expect((await query("--format", "csv", sql)).stdout).toBe("big,small\r\n12345678901234567890.12,0.1\r\n");
    expect((await query("--format", "table", sql)).stdout).toContain("12345678901234567890.12");
  });
});

describe("Arrow writes only values its types hold (item 4)", () => {
  const arrow = async (name: string, sql: string) => {
    const out = join(dir, `${name}.arrow`);
    return {
      out,
      outcome: await runInProcess(["query", "--snapshot", snapshot, "--format", "arrow", "--out", out, sql]),
    };
  };

  it("UBIGINT as Uint64, and a HUGEINT within Int64 (a sum) as Int64", async () => {
    const { out, outcome } = await arrow(
      "wide",
      "SELECT 18446744073709551615::UBIGINT AS u, sum(2147483647::INTEGER) AS s",
    );
    expect(outcome.code, outcome.message).toBe(0);
    const [row] = tableFromIPC(readFileSync(out)).toArray();
    expect(row?.u).toBe(18446744073709551615n);
    expect(row?.s).toBe(2147483647n);
  });

  it("refuses a HUGEINT past Int64, a DECIMAL a double would round, and infinite dates and timestamps", async () => {
    for (const [column, sql] of [
      ["h", "SELECT 170141183460469231731687303715884105727::HUGEINT AS h"],
      ["d", "SELECT 12345678901234567890.12::DECIMAL(38,2) AS d"],
      ["day", "SELECT 'infinity'::DATE AS day"],
      ["ts", "SELECT '-infinity'::TIMESTAMP AS ts"],
    ] as const) {
      const { out, outcome } = await arrow(`refused-${column}`, sql);
      expect(outcome.code, sql).toBe(1);
      expect(outcome.message).toContain(`Column "${column}"`);
      expect(existsSync(out)).toBe(false);
    }
  });
});

describe("no statement, bad --timeout and empty --out are usage errors (items 5, 9)", () => {
  it("exit 2 for ';', a lone comment, and a file holding only a comment", async () => {
    const file = join(dir, "comment.sql");
    writeFileSync(file, "-- nothing here\n/* nor here */ ;\n");
    for (const sql of [[";"], ["--", "-- just a comment"], ["/* x */ ; ;"], ["--file", file]]) {
      const outcome = await runInProcess(["query", "--snapshot", snapshot, ...sql]);
      expect(outcome.code, sql.join(" ")).toBe(2);
      expect(outcome.message).toContain("needs SQL");
    }
    // a semicolon inside a string is SQL
    expect(JSON.parse((await query("--format", "json", "SELECT ';' AS s")).stdout)).toEqual([{ s: ";" }]);
  });

  it("exit 2 for --timeout '', ' ', 0x10, and --out ''", async () => {
    for (const value of ["", " ", "0x10", "1e3", "Infinity"]) {
      const outcome = await runInProcess(["query", "--snapshot", snapshot, "--timeout", value, "SELECT 1"]);
      expect(outcome.code, JSON.stringify(value)).toBe(2);
      expect(outcome.message).toContain("--timeout");
    }
    const out = await runInProcess(["query", "--snapshot", snapshot, "--out", "", "SELECT 1"]);
    expect(out.code).toBe(2);
    expect(out.message).toContain("--out");
    expect((await query("--timeout", "2.5", "--format", "csv", "SELECT 1 AS x")).stdout).toBe("x\r\n1\r\n");
  });
});

describe("--snapshot on a file that is no snapshot (item 6)", () => {
  it("a DuckDB database without the snapshot record: says so, never 'damaged' or to rebuild it", async () => {
    for (const scope of [[], ["--scope", "ics:QE1"]]) {
      const outcome = await runInProcess(["query", "--snapshot", notSnapshot, ...scope, "SELECT 1"]);
      expect(outcome.code).toBe(1);
      expect(outcome.message).toContain("not an analyst snapshot");
      expect(outcome.message).toContain("ohwb export --format duckdb --scope");
      expect(outcome.message).not.toContain("damaged");
    }
  });

  it("a file that is not a DuckDB database: says that", async () => {
    const text = join(dir, "passwd");
    writeFileSync(text, "root:x:0:0:root:/root:/bin/bash\n");
    const outcome = await runInProcess(["query", "--snapshot", text, "SELECT 1"]);
    expect(outcome.code).toBe(1);
    expect(outcome.message).toContain("is not a DuckDB database");
    expect(outcome.message).not.toContain("damaged");
    expect(readFileSync(text, "utf8")).toContain("root:x");
  });
});

describe("a scoped DuckDB export reports tables, not rows (item 10)", () => {
  it("in the message and in --json", async () => {
    const [file] = await exportAnalystTables(
      snapshot,
      join(dir, "export-api"),
      "duckdb",
      parseAnalystScope("ics:QE1"),
    );
    expect(file).toMatchObject({ snapshot: "ics:QE1", tables: 2 });
    expect(file).not.toHaveProperty("rows");
    const out = join(dir, "export-cli");
    const args = ["--warehouse", warehouse, "--format", "duckdb", "--scope", "ics:QE1", "--out", out];
    const text = await run(exportCommand, args);
    expect(text.stdout).toContain("2 tables");
    expect(text.stdout).not.toContain("rows");
    const json = await run(exportCommand, [...args, "--json"]);
    const [entry] = JSON.parse(json.stdout) as Record<string, unknown>[];
    expect(entry).toMatchObject({ tables: 2 });
    expect(entry).not.toHaveProperty("rows");
  });
});
