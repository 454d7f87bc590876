/**
 * `ohwb query --out FILE` destroys nothing (issue 14, item 12): it refuses to
 * replace a file without --force, never writes over a DuckDB database (the
 * warehouse, its snapshot or any other) even with --force, and a damaged
 * snapshot is rebuilt from the warehouse or reported in one clear line, never
 * a stack trace. Through the real CLI on a real warehouse file.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projectRoot } from "../../core/project-root.js";
import { benchmarkingFiles } from "../../core/reference-data.js";
import { cliPath } from "../ingest/ingest-process.js";
import { TEST_KEY, tempWarehousePath } from "../ingest/warehouse-fixture.js";

function ohwb(args: string[]) {
  const result = spawnSync(process.execPath, [cliPath(), ...args], {
    env: { ...process.env, OHWB_PSEUDONYM_KEY: TEST_KEY, KAFKA_BROKERS: "" },
    encoding: "utf8",
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const digest = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");

describe("ohwb query --out", () => {
  const { path: warehouse, cleanup } = tempWarehousePath("query-out");
  const dir = dirname(warehouse);
  const snapshot = warehouse.replace(/\.duckdb$/, ".analyst.duckdb");
  const query = (...args: string[]) =>
    ohwb(["query", "--warehouse", warehouse, ...args, "SELECT 42 AS answer"]);

  beforeAll(() => {
    const events = join(dir, "events.ndjson");
    writeFileSync(
      events,
      readFileSync(join(projectRoot(), "contracts/examples/ohwb.service.cost.v1/valid.json")),
    );
    writeFileSync(events, `${JSON.stringify(JSON.parse(readFileSync(events, "utf8")))}\n`);
    expect(ohwb(["ingest", "--create", "--warehouse", warehouse, "--from-file", events]).code).toBe(0);
    // One published month, so the data tests pass and the transform publishes a snapshot.
    const january = benchmarkingFiles()[0] as string;
    expect(ohwb(["import", "nhs-absence", "--warehouse", warehouse, january]).code).toBe(0);
    const transform = ohwb(["transform", "--warehouse", warehouse, "--full"]);
    expect(transform.code, transform.stderr).toBe(0);
  }, 120_000);
  afterAll(() => cleanup());

  it("never writes over the warehouse, its snapshot or another DuckDB file, even with --force", () => {
    const other = join(dir, "someone-else.duckdb");
    writeFileSync(other, readFileSync(snapshot));
    for (const target of [warehouse, snapshot, other]) {
      const before = digest(target);
      for (const force of [[], ["--force"]]) {
        const r = query("--format", "csv", "--out", target, ...force);
        expect(r.code, target).toBe(1);
        expect(r.stderr).toContain("is a DuckDB database");
        expect(digest(target)).toBe(before);
      }
    }
    const arrow = query("--format", "arrow", "--out", warehouse, "--force");
    expect(arrow.code).toBe(1);
  }, 180_000); // several CLI processes, each opening DuckDB: slow on a loaded machine

  it("writes a new file, and replaces an existing one only with --force", () => {
    const out = join(dir, "answer.csv");
    expect(query("--format", "csv", "--out", out).code).toBe(0);
    expect(readFileSync(out, "utf8")).toBe("answer\r\n42\r\n");
    writeFileSync(out, "keep me\n");
    const refused = query("--format", "csv", "--out", out);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("--force");
    expect(readFileSync(out, "utf8")).toBe("keep me\n");
    expect(query("--format", "json", "--out", out, "--force").code).toBe(0);
    expect(JSON.parse(readFileSync(out, "utf8"))).toEqual([{ answer: 42 }]);
  }, 180_000); // several CLI processes, each opening DuckDB: slow on a loaded machine

  it("rebuilds a snapshot that is no longer a database, and reports a damaged one without a stack trace", () => {
    writeFileSync(snapshot, "overwritten by a query result\n");
    const rebuilt = query();
    expect(rebuilt.code, rebuilt.stderr).toBe(0);
    expect(rebuilt.stderr).toContain("rebuilt it from the warehouse");
    expect(rebuilt.stdout).toContain("42");

    // A DuckDB header on garbage: it looks like a database until DuckDB reads it.
    const header = readFileSync(snapshot).subarray(0, 4096);
    writeFileSync(snapshot, Buffer.concat([header, Buffer.alloc(64 * 1024, 0x5a)]));
    const damaged = query();
    expect(damaged.code).toBe(1);
    expect(damaged.stderr).toContain("is damaged");
    expect(damaged.stderr).toContain("--refresh");
    expect(damaged.stderr).not.toMatch(/^\s+at /m);
    const refreshed = query("--refresh");
    expect(refreshed.code, refreshed.stderr).toBe(0);
    expect(refreshed.stdout).toContain("42");
  }, 180_000); // several CLI processes, each opening DuckDB: slow on a loaded machine
  it("queries a snapshot file handed out on its own (--snapshot), and names a missing one", () => {
    const handedOut = join(dir, "handed-out.duckdb");
    writeFileSync(handedOut, readFileSync(snapshot));
    const r = ohwb(["query", "--snapshot", handedOut, "SELECT 42 AS answer"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("42");
    const refused = ohwb(["query", "--snapshot", handedOut, "--out", handedOut, "--force", "SELECT 1"]);
    expect(refused.stderr).toContain("is a DuckDB database");
    const missing = ohwb(["query", "--snapshot", join(dir, "nope.duckdb"), "SELECT 1"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("No snapshot file");
  }, 180_000); // several CLI processes, each opening DuckDB: slow on a loaded machine
});
