/**
 * Input files are checked before any warehouse is made, and refused in each command's own words:
 * `import nhs-absence` takes its CSVs as operands (it has no --reference), and `ingest --from-file`
 * names a missing or non-gzip input without leaving a new, empty warehouse behind.
 */

import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runInProcess } from "../support/cli-in-process.js";

const dir = mkdtempSync(join(tmpdir(), "ohwb-inputs-"));
const warehouse = join(dir, "w.duckdb");
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(async () => {
  const instance = await DuckDBInstance.create(warehouse);
  instance.closeSync();
});

describe("ohwb import nhs-absence FILE", () => {
  it("a missing, non-CSV or empty operand is named without --reference, an option import lacks", async () => {
    const notCsv = join(dir, "notes.txt");
    writeFileSync(notCsv, "hello\n");
    const empty = join(dir, "empty-folder");
    rmSync(empty, { recursive: true, force: true });
    mkdirSync(empty);
    for (const operand of [join(dir, "nonexistent.csv"), notCsv, empty]) {
      const outcome = await runInProcess(["import", "nhs-absence", "--warehouse", warehouse, operand]);
      expect(outcome.code, operand).toBe(1);
      expect(outcome.message).toContain(operand);
      expect(outcome.message).not.toContain("--reference");
    }
  });
});

describe("ohwb ingest --from-file", () => {
  it("a missing input fails before --create makes the warehouse", async () => {
    const fresh = join(dir, "new.duckdb");
    const outcome = await runInProcess([
      "ingest",
      "--warehouse",
      fresh,
      "--create",
      "--from-file",
      join(dir, "nonexistent.ndjson"),
    ]);
    expect(outcome.code).toBe(1);
    expect(outcome.message).toContain("nonexistent.ndjson");
    expect(existsSync(fresh)).toBe(false);
  });

  it("refuses Kafka-only options instead of ignoring them, before --create makes the warehouse", async () => {
    const file = join(dir, "one.ndjson");
    writeFileSync(file, "");
    const fresh = join(dir, "kafka-only.duckdb");
    const one = await runInProcess([
      "ingest",
      "--warehouse",
      fresh,
      "--create",
      "--from-file",
      file,
      "--until-idle",
      "5",
    ]);
    expect(one.code).toBe(2);
    expect(one.message).toContain("--until-idle applies to Kafka only");
    const three = await runInProcess([
      "ingest",
      "--warehouse",
      fresh,
      "--create",
      "--from-file",
      file,
      "--topics",
      "a",
      "--group",
      "g",
      "--accept-gaps",
    ]);
    expect(three.code).toBe(2);
    expect(three.message).toContain("--group, --topics, --accept-gaps apply to Kafka only");
    expect(existsSync(fresh)).toBe(false);
    const blank = await runInProcess(["ingest", "--warehouse", fresh, "--create", "--until-idle", " "]);
    expect(blank.code).toBe(2);
    expect(blank.message).toContain("--until-idle takes a number of seconds");
  });

  it("a .gz that is not gzip, or is cut short, is said to be not valid gzip, not zlib's own words", async () => {
    const fake = join(dir, "fake.ndjson.gz");
    writeFileSync(fake, '{"not":"gzip"}\n');
    const fresh = join(dir, "gz.duckdb");
    const notGzip = await runInProcess(["ingest", "--warehouse", fresh, "--create", "--from-file", fake]);
    expect(notGzip.code).toBe(1);
    expect(notGzip.message).toContain("is not a valid gzip file");
    expect(notGzip.message).not.toContain("incorrect header check");
    expect(existsSync(fresh)).toBe(false);
    const cut = join(dir, "cut.ndjson.gz");
    const whole = gzipSync(Buffer.from('{"a":1}\n'.repeat(1000)));
    writeFileSync(cut, whole.subarray(0, Math.floor(whole.length / 2)));
    const truncated = await runInProcess(["ingest", "--warehouse", warehouse, "--from-file", cut]);
    expect(truncated.code).toBe(1);
    expect(truncated.message).toContain("is not a valid gzip file");
  }, 60_000);
});

describe("--warehouse naming a file that is not a DuckDB database", () => {
  it("is said to be no DuckDB database, not in DuckDB's words about something else, and is left as it was", async () => {
    const text = join(dir, "settings.json");
    writeFileSync(text, '{"not": "a database"}\n');
    for (const args of [["status"], ["check"], ["transform", "--as-of", "2023-12-31"]]) {
      const outcome = await runInProcess([...args, "--warehouse", text]);
      expect(outcome.code, args.join(" ")).toBe(1);
      expect(outcome.message, args.join(" ")).toContain("is not a DuckDB database");
      expect(outcome.message).not.toMatch(/Catalog Error|in-memory/);
    }
    expect(readFileSync(text, "utf8")).toBe('{"not": "a database"}\n');
  });
});
