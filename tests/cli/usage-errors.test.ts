/**
 * A mistake in the command line ends the same way in every command: exit 2, one sentence that names
 * the option, no stack trace, and nothing written. (Before, a bad value exited 1 in most commands and
 * 2 in a few, depending on which stage's error class the check happened to throw.) Each case runs in
 * this process; `tests/cli/command-line.test.ts` covers the same path through the built CLI. Beside
 * them, two commands on a warehouse with nothing built yet, which used to print DuckDB's own errors.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UsageError } from "../../core/errors.js";
import { runCli } from "../config/cli-run.js";
import { runInProcess } from "../support/cli-in-process.js";

const dir = mkdtempSync(join(tmpdir(), "ohwb-usage-"));
const warehouse = join(dir, "empty.duckdb");
const out = join(dir, "out");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(async () => {
  // an existing (empty) warehouse, so that no case is refused for a missing file instead
  const instance = await DuckDBInstance.create(warehouse);
  instance.closeSync();
});

/** The command line, and the text its refusal must contain (the option it is about). */
const mistakes: [string[], string][] = [
  [["export", "--format", "xml", "--out", out, "--warehouse", warehouse], "--format"],
  [["export", "--warehouse", warehouse], "--out"],
  [["query", "--format", "xml", "--warehouse", warehouse, "SELECT 1"], "--format"],
  [["query", "--format", "arrow", "--warehouse", warehouse, "SELECT 1"], "--out"],
  [["query", "--warehouse", warehouse], "SQL"],
  [["query", "--timeout", "-1", "--warehouse", warehouse, "SELECT 1"], "--timeout"],
  [["query", "--scope", "region:Y60", "--warehouse", warehouse, "SELECT 1"], "--scope"],
  [["pack", "--scope", "england", "--warehouse", warehouse, "--out", out], "--quarter"],
  [["pack", "--quarter", "2023-Q4", "--warehouse", warehouse, "--out", out], "--scope"],
  [
    ["pack", "--quarter", "2023-Q5", "--scope", "england", "--warehouse", warehouse, "--out", out],
    "--quarter",
  ],
  [
    ["pack", "--quarter", "2023-Q4", "--scope", "trust:RRK", "--warehouse", warehouse, "--out", out],
    "--scope",
  ],
  [["generate", "--orgs", "abc", "--to", join(out, "x.ndjson")], "--orgs"],
  [["generate", "--bad-rate", "0.6", "--to", join(out, "x.ndjson")], "--bad-rate"],
  [["generate", "--start", "2023-13", "--to", join(out, "x.ndjson")], "--start"],
  [["generate"], "--to"],
  [["transform", "--as-of", "2023-13-01", "--warehouse", warehouse], "--as-of"],
  // Date.parse alone takes 30 February for 2 March
  [["transform", "--as-of", "2023-02-30", "--warehouse", warehouse], "--as-of"],
  [["check", "--as-of", "2023-04-31", "--warehouse", warehouse], "--as-of"],
  [["dead-letters", "frobnicate", "--warehouse", warehouse], "frobnicate"],
  [["dead-letters", "export", "--warehouse", warehouse], "--out"],
  [["dead-letters", "export", "--out", join(out, "d.ndjson"), "--warehouse", warehouse], "--reason"],
  [
    ["dead-letters", "export", "--out", join(out, "d.ndjson"), "--reason", "FOO", "--warehouse", warehouse],
    "FOO",
  ],
  [["dashboards", "frobnicate"], "frobnicate"],
  [["import", "frobnicate"], "frobnicate"],
  [["ingest", "--until-idle", "soon", "--warehouse", warehouse], "--until-idle"],
  [["ingest", "--on-invalid", "ignore", "--warehouse", warehouse], "--on-invalid"],
  [["ingest", "--progress-interval", "often", "--warehouse", warehouse], "--progress-interval"],
  [["demo", "--orgs", "abc"], "--orgs"],
  // the generator's own ranges, refused before the demo starts its broker
  [["demo", "--months", "0", "--out", out], "--months"],
  [["demo", "--bad-rate", "0.6", "--out", out], "--bad-rate"],
  [["generate", "--orgs", "100000", "--to", join(out, "x.ndjson")], "--orgs 100000"],
  [["config", "frob"], "frob"],
  [["contracts", "frob"], "frob"],
  [["broker", "--brokers", "2"], "2"],
];

describe("usage mistakes", () => {
  for (const [args, names] of mistakes) {
    it(`ohwb ${args.map((a) => a.replace(dir, "…")).join(" ")} → exit 2, about ${names}`, async () => {
      const run = await runInProcess(args);
      expect(run.error, run.message).toBeInstanceOf(UsageError);
      expect(run.code, run.message).toBe(2);
      expect(run.message).toContain(names);
      expect(run.message).not.toMatch(/\n\s+at /);
      expect(existsSync(out), `${out} written`).toBe(false);
    });
  }

  it("ohwb check on a warehouse never transformed says to transform first, --as-of or not (not 179 failed tests)", async () => {
    for (const args of [["check"], ["check", "--as-of", "2023-12-31"]]) {
      const run = await runInProcess([...args, "--warehouse", warehouse]);
      expect(run.code, run.message).toBe(1);
      expect(run.message).toContain(`Run \`ohwb transform --warehouse ${warehouse}\` first`);
    }
  });

  it("ohwb dashboards build on a warehouse never transformed says to transform, not a DuckDB catalog error", async () => {
    const run = await runInProcess(["dashboards", "build", "--warehouse", warehouse, "--out", out]);
    expect(run.code, run.message).toBe(1);
    expect(run.message).toContain(`has no finished transform run, so its data cannot be checked`);
    expect(run.message).toContain(`Run \`ohwb transform --warehouse`);
    expect(run.message).not.toContain("Catalog Error");
    expect(existsSync(out)).toBe(false);
  });

  it("says where the help is once, not twice", () => {
    for (const command of ["config", "contracts", "dashboards"]) {
      const run = runCli([command, "frob"]);
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr.split(`Run \`ohwb ${command} --help\``).length - 1, run.stderr).toBe(1);
    }
  });

  it("left the existing warehouse as the only file", () => {
    expect(readdirSync(dir).filter((f) => !f.endsWith(".wal"))).toEqual(["empty.duckdb"]);
  });
});
