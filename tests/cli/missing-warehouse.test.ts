/**
 * Nothing is created by accident: every command that opens a warehouse refuses a path that is not
 * there (exit 1, "No warehouse at PATH", the file still absent), so a mistyped --warehouse never
 * starts a stray one. The commands that write a warehouse start one only with --create.
 * No broker: ingest reads a file, and the scheduler runs its pack job only. The refusals run the
 * commands in this process (they end before any work, so a child process per command would only
 * add Node's start-up); the --create runs use the built CLI end to end.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { projectRoot } from "../../core/project-root.js";
import { runCli } from "../config/cli-run.js";
import { immunisationEvent } from "../ingest/event-factory.js";
import { queryWarehouse, TEST_KEY } from "../ingest/warehouse-fixture.js";
import { runInProcess } from "../support/cli-in-process.js";

const dir = mkdtempSync(join(tmpdir(), "ohwb-missing-warehouse-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const env = { OHWB_PSEUDONYM_KEY: TEST_KEY };
const events = join(dir, "events.ndjson");
writeFileSync(
  events,
  `${Array.from({ length: 3 }, (_, n) => JSON.stringify(immunisationEvent("missing-warehouse", n).event)).join("\n")}\n`,
);
const january = join(projectRoot(), "reference", "nhs-sickness-absence", "benchmarking", "2023-01.csv");
// The scheduler's pack job alone: its refresh would need a broker.
const packsOnly = join(dir, "packs-only.json");
writeFileSync(
  packsOnly,
  JSON.stringify({ schedule: { refresh: { enabled: false } }, outputs: { packs: join(dir, "packs") } }),
);

const refusal = runInProcess;

/** The writers: each command's arguments, given the warehouse path. */
const writers: Record<string, (warehouse: string) => string[]> = {
  "ohwb ingest": (w) => ["ingest", "--from-file", events, "--warehouse", w],
  "ohwb import": (w) => ["import", "nhs-absence", january, "--warehouse", w],
  "ohwb import nhs-reasons": (w) => ["import", "nhs-reasons", "--warehouse", w],
  "ohwb schedule": (w) => ["schedule", "--once", "--config", packsOnly, "--warehouse", w],
  "ohwb transform": (w) => ["transform", "--warehouse", w],
};

/** The readers: they never create one, with or without data to read. */
const readers: Record<string, (warehouse: string) => string[]> = {
  "ohwb check": (w) => ["check", "--warehouse", w],
  "ohwb status": (w) => ["status", "--warehouse", w],
  "ohwb query": (w) => ["query", "SELECT 1", "--warehouse", w],
  "ohwb export": (w) => ["export", "--out", join(dir, "export-out"), "--warehouse", w],
  "ohwb dead-letters": (w) => ["dead-letters", "list", "--warehouse", w],
  "ohwb dashboards build": (w) => ["dashboards", "build", "--out", join(dir, "site-out"), "--warehouse", w],
  "ohwb pack": (w) => [
    "pack",
    "--quarter",
    "2023-Q4",
    "--scope",
    "england",
    "--warehouse",
    w,
    "--out",
    join(dir, "pack-out"),
  ],
};

describe("a warehouse path that does not exist", () => {
  for (const [command, args] of Object.entries(writers)) {
    it(`${command} refuses it without --create, says how to start one, and creates nothing`, async () => {
      const typo = join(dir, `typo-${command.replaceAll(" ", "-")}.duckdb`);
      const run = await refusal(args(typo));
      expect(run.code, run.message).toBe(1);
      expect(run.message).toContain(`No warehouse at ${typo}`);
      expect(run.message).toContain(`add --create to ${command.split(" ").slice(0, 2).join(" ")}`);
      expect(existsSync(typo)).toBe(false);
    });
  }

  for (const [command, args] of Object.entries(readers)) {
    it(`${command} refuses it and creates nothing`, async () => {
      const typo = join(dir, `typo-${command.replaceAll(" ", "-")}.duckdb`);
      const run = await refusal(args(typo));
      expect(run.code, run.message).toBe(1);
      expect(run.message).toContain(`No warehouse at ${typo}`);
      // names the command that refused (not another one) and how a warehouse gets started
      expect(run.message).toContain(`${command} reads a warehouse`);
      expect(run.message).toContain("--create");
      expect(existsSync(typo)).toBe(false);
    });
  }
});

describe("--create starts a new warehouse where writing one makes sense", () => {
  it("ohwb ingest --create loads the file into a new warehouse", async () => {
    const warehouse = join(dir, "ingest-new.duckdb");
    const run = runCli(["ingest", "--create", "--from-file", events, "--warehouse", warehouse], { env });
    expect(run.code, run.stderr).toBe(0);
    expect(
      await queryWarehouse(warehouse, "SELECT count(*)::INTEGER FROM raw_ohwb_immunisation_administered"),
    ).toEqual([[3]]);
  });

  it("ohwb import --create loads the month into a new warehouse", async () => {
    const warehouse = join(dir, "import-new.duckdb");
    const run = runCli(["import", "nhs-absence", january, "--create", "--warehouse", warehouse], { env });
    expect(run.code, run.stderr).toBe(0);
    const [[rows]] = (await queryWarehouse(
      warehouse,
      "SELECT count(*)::INTEGER FROM raw_workforce_absence_monthly",
    )) as [[number]];
    expect(rows).toBeGreaterThan(0);
  });

  it("ohwb schedule --create starts a new warehouse and records its runs in it", async () => {
    const warehouse = join(dir, "schedule-new.duckdb");
    const args = ["schedule", "--once", "--no-catch-up", "--create", "--json", "--warehouse", warehouse];
    const run = runCli([...args, "--config", packsOnly], { env });
    // the one pack run fails, as it should on a warehouse nothing has been loaded into
    expect(run.code, run.stderr).toBe(1);
    const [row] = run.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(row).toMatchObject({ job: "packs", status: "failed" });
    expect(String(row?.error)).toContain("no finished transform run");
    expect(await queryWarehouse(warehouse, "SELECT job, status FROM schedule_runs ORDER BY run_id")).toEqual([
      ["packs", "failed"],
    ]);
  });
});
