/**
 * No overlapping runs, with node-cron really ticking every second on a real DuckDB warehouse: two
 * jobs that each take longer than their tick interval run strictly one at a time (an in-job counter
 * never sees two at once, and no two ledger intervals overlap), the ticks that came while a run was
 * going or waiting are 'skipped' rows, and stopping lets the run in flight finish. A job that throws
 * is a 'failed' row carrying its error, and does not stop the jobs after it.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ConfigError } from "../../core/errors.js";
import type { LedgerRow } from "../../jobs/schedule/run-ledger.js";
import { Scheduler } from "../../jobs/schedule/run-scheduler.js";
import { openScheduleWarehouse, type ScheduleWarehouse } from "../../jobs/schedule/schedule-warehouse.js";
import type { ScheduledJob } from "../../jobs/schedule/scheduled-job.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let cleanup: (() => void)[] = [];
afterEach(() => {
  for (const step of cleanup.reverse()) step();
  cleanup = [];
});

async function tempScheduleWarehouse(): Promise<ScheduleWarehouse> {
  const dir = mkdtempSync(join(tmpdir(), "ohwb-schedule-"));
  const warehouse = await openScheduleWarehouse(join(dir, "warehouse.duckdb"));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  cleanup.push(() => warehouse.close());
  return warehouse;
}

describe("ohwb schedule: no overlapping runs", () => {
  it("runs jobs slower than their 1 s tick one at a time and records the skipped ticks", async () => {
    const warehouse = await tempScheduleWarehouse();
    await warehouse.connection.run("CREATE TABLE slow_job_writes (job VARCHAR, n INTEGER)");
    let active = 0;
    let maxActive = 0;
    let runs = 0;
    const slowJob = (name: string): ScheduledJob => ({
      name,
      cron: "*/1 * * * * *",
      async plan() {
        return {
          nothingToDo: "",
          units: [
            {
              label: "run",
              async run({ connection }) {
                active += 1;
                maxActive = Math.max(maxActive, active);
                runs += 1;
                // A real write on the job connection, spread over the run.
                await connection.run("INSERT INTO slow_job_writes VALUES ($job, 1)", { job: name });
                await sleep(1_600);
                await connection.run("INSERT INTO slow_job_writes VALUES ($job, 2)", { job: name });
                active -= 1;
                return { detail: "slept 1.6 s" };
              },
            },
          ],
        };
      },
    });
    const lines: string[] = [];
    const scheduler = new Scheduler({
      connection: warehouse.connection,
      ledger: warehouse.ledger,
      jobs: [slowJob("slow-a"), slowJob("slow-b")],
      timezone: "UTC",
      log: (line) => lines.push(line),
    });
    await scheduler.start();
    await sleep(6_500);
    await scheduler.stop();

    const rows = await warehouse.ledger.rows();
    const ran = rows.filter((r) => r.status !== "skipped");
    const skipped = rows.filter((r) => r.status === "skipped");
    expect(maxActive).toBe(1);
    // Both jobs got turns; the in-flight run finished on stop, nothing was left 'running'.
    expect(new Set(ran.map((r) => r.job))).toEqual(new Set(["slow-a", "slow-b"]));
    expect(ran.every((r) => r.status === "succeeded")).toBe(true);
    expect(ran.length).toBe(runs);
    expect(ran.length).toBeGreaterThanOrEqual(3);
    expect(active).toBe(0);
    // Ticks every second against 1.6 s runs sharing one queue: most ticks are skipped, for each job.
    expect(skipped.length).toBeGreaterThanOrEqual(4);
    for (const job of ["slow-a", "slow-b"]) expect(skipped.some((r) => r.job === job)).toBe(true);
    // Each tick is either run or skipped, never both: a skipped tick is not queued behind the run.
    const ticks = rows.map((r) => `${r.job}@${r.scheduledFor}`);
    expect(new Set(ticks).size).toBe(ticks.length);
    for (const row of skipped) {
      expect(row.startedAt).toBeNull();
      expect(row.detail).toMatch(/still running|missed|stopping/);
    }
    // No two runs' started_at..finished_at intervals overlap, across both jobs.
    const intervals = ran
      .map((r: LedgerRow) => [Date.parse(String(r.startedAt)), Date.parse(String(r.finishedAt))] as const)
      .sort((a, b) => a[0] - b[0]);
    for (const [start, finish] of intervals) expect(finish - start).toBeGreaterThanOrEqual(1_500);
    for (let i = 1; i < intervals.length; i++)
      expect((intervals[i] as readonly number[])[0]).toBeGreaterThanOrEqual(
        (intervals[i - 1] as readonly number[])[1] as number,
      );
    // Every run wrote both of its rows; no run was cut in half by another.
    const writes = await warehouse.connection.runAndReadAll(
      "SELECT job, count(*) FILTER (n = 1) AS a, count(*) FILTER (n = 2) AS b FROM slow_job_writes GROUP BY job",
    );
    for (const w of writes.getRowObjectsJson()) expect(Number(w.a)).toBe(Number(w.b));
    // One log line per start and per finish, with the duration.
    expect(lines.filter((l) => / started \(schedule\)$/.test(l)).length).toBe(ran.length);
    expect(lines.filter((l) => / succeeded in \d+\.\d s/.test(l)).length).toBe(ran.length);
  }, 30_000);

  it("records a failing job as failed with its error and carries on with the next", async () => {
    const warehouse = await tempScheduleWarehouse();
    const job = (name: string, fail: boolean): ScheduledJob => ({
      name,
      cron: "0 0 1 1 *",
      async plan() {
        return {
          nothingToDo: "",
          units: [
            {
              label: "run",
              async run() {
                if (fail) throw new Error("the source system is down");
                return { detail: "fine" };
              },
            },
          ],
        };
      },
    });
    const scheduler = new Scheduler({
      connection: warehouse.connection,
      ledger: warehouse.ledger,
      jobs: [job("breaks", true), job("works", false)],
      timezone: "UTC",
      log: () => undefined,
    });
    await scheduler.runOnce();
    const rows = await warehouse.ledger.rows();
    expect(rows.map((r) => [r.job, r.triggeredBy, r.status, r.error])).toEqual([
      ["breaks", "once", "failed", "the source system is down"],
      ["works", "once", "succeeded", null],
    ]);
    expect(scheduler.counts).toEqual({ succeeded: 1, failed: 1, skipped: 0 });
    // A cron expression node-cron would reject is a configuration error before anything runs.
    const badCron = () =>
      new Scheduler({
        connection: warehouse.connection,
        ledger: warehouse.ledger,
        jobs: [{ ...job("works", false), cron: "every quarter" }],
        timezone: "UTC",
      });
    expect(badCron).toThrow(ConfigError);
    expect(badCron).toThrow(/schedule\.works\.cron "every quarter"/);
  });
});
