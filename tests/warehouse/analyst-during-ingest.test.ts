/**
 * Issue 7 item 3, "queries loop while ingest runs": the real `ohwb ingest`
 * process loads events from the broker in small batches while analysts query
 * the published snapshot over and over, in-process and through the `ohwb query`
 * CLI. Every query must succeed (no lock error), ingest must load every event
 * exactly once, and a transform + publish after ingest moves the snapshot
 * forward. DuckDB allows one writing process per file, so `ohwb transform`
 * cannot run while ingest holds the warehouse: it is refused as retriable
 * (exit 75, EX_TEMPFAIL) without disturbing ingest, and runs after it
 * (`ohwb schedule` does ingest-until-idle → transform → publish).
 * A second test republishes the snapshot repeatedly while readers open it.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Kafka } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openAnalystConnection, runAnalystQuery } from "../../warehouse/analyst/analyst-connection.js";
import { analystSnapshotPath } from "../../warehouse/analyst/analyst-snapshot.js";
import { immunisationEvent } from "../ingest/event-factory.js";
import { cliPath, spawnIngest } from "../ingest/ingest-process.js";
import { produceAll } from "../ingest/produce.js";
import { queryWarehouse, TEST_KEY } from "../ingest/warehouse-fixture.js";
import { createTestTopic, testBrokers, testKafka } from "../support/kafka.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const batchSize = 3_000;
/** Flu jabs to frontline staff in the 2024/25 season, counted once per person at England level. */
const fluSql =
  "SELECT frontline_vaccinated AS n FROM mart_flu_uptake WHERE level = 'england' AND season = '2024/25'";

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The built CLI as a child process (asynchronous, so the test keeps querying meanwhile). */
function cli(args: string[]): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cliPath(), ...args], {
      env: { ...process.env, OHWB_PSEUDONYM_KEY: TEST_KEY, OHWB_CONFIG: "" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString("utf8");
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
    });
    child.once("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

function messages(from: number, count: number) {
  return Array.from({ length: count }, (_, i) => {
    const { key, event } = immunisationEvent("analyst-during-ingest", from + i);
    return { key, value: JSON.stringify(event) };
  });
}

/**
 * One month of FTE as of the transforms' as-of date: without any workforce data the freshness
 * test fails and `ohwb transform` (rightly) holds the snapshot back.
 */
const fteMonth = {
  key: "RRK",
  value: JSON.stringify({
    event_id: "6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b",
    event_type: "workforce.fte.monthly",
    schema_version: 1,
    occurred_at: "2025-03-31T20:00:00Z",
    source_system: "esr",
    org_code: "RRK",
    payload: {
      month_end: "2025-03-31",
      reporting_org_code: "RRK",
      staff_group: "Central functions",
      fte_days_available: 3100,
      average_fte: 100,
      headcount: 110,
    },
  }),
};

/** One analyst session: open the current snapshot, query it, close it. */
async function queryOnce(snapshot: string): Promise<number> {
  const analyst = await openAnalystConnection(snapshot);
  try {
    const result = await runAnalystQuery(analyst, fluSql);
    return Number(result.rows[0]?.n);
  } finally {
    analyst.close();
  }
}

describe("analysts query while ingest writes", () => {
  let kafka: Kafka;
  let topic: string;
  let directory: string;
  let warehouse: string;
  let snapshot: string;
  let ingestArgs: string[];
  beforeAll(async () => {
    kafka = await testKafka("analyst-during-ingest");
    topic = await createTestTopic(kafka, 3, "analyst-during-ingest");
    directory = mkdtempSync(join(tmpdir(), "ohwb-analyst-ingest-"));
    warehouse = join(directory, "warehouse.duckdb");
    snapshot = analystSnapshotPath(warehouse);
    ingestArgs = ["--warehouse", warehouse, "--topics", topic, "--group", `g-${topic}`];
  });
  afterAll(() => {
    if (directory) rmSync(directory, { recursive: true, force: true });
  });

  it("every query succeeds, ingest loads every event once, and the next publish moves the snapshot on", async () => {
    const brokers = testBrokers().join(",");
    // First load, transform and publish: the snapshot analysts start from.
    await produceAll(kafka, topic, [...messages(0, batchSize), fteMonth]);
    const first = spawnIngest(brokers, [...ingestArgs, "--until-idle", "1"]);
    expect(await first.exitWithin(120_000), first.stderr()).toBe(0);
    const firstTransform = await cli(["transform", "--warehouse", warehouse, "--as-of", "2025-03-31"]);
    expect(firstTransform.code, firstTransform.stderr).toBe(0);
    const before = await queryOnce(snapshot);
    // event n is a frontline flu jab when n % 10 == 0; staff ids repeat every 5,000 events
    expect(before).toBe(300);

    // Second load: ingest runs in small batches while the events are still arriving.
    const ingest = spawnIngest(brokers, [...ingestArgs, "--until-idle", "3"], {
      OHWB_INGEST_FLUSH_MESSAGES: "200",
    });
    let ingestDone = false;
    void ingest.exited.then(() => {
      ingestDone = true;
    });
    // The first chunk is waiting when ingest joins its group; the rest arrives in 11 more chunks
    // over several seconds, so ingest stays part-way through the load while analysts query.
    const chunk = 250;
    await produceAll(kafka, topic, messages(batchSize, chunk));
    await ingest.loadedAtLeast(1);
    const producing = (async () => {
      for (let from = batchSize + chunk; from < 2 * batchSize; from += chunk) {
        await sleep(400);
        await produceAll(kafka, topic, messages(from, chunk));
      }
    })();

    const loadedNow = () =>
      Math.max(0, ...[...ingest.stderr().matchAll(/loaded (\d+)/g)].map((m) => Number(m[1])));
    const inProcess: { ok: boolean; n?: number; error?: string; loaded: number }[] = [];
    const inProcessLoop = (async () => {
      while (!ingestDone) {
        const loaded = loadedNow();
        try {
          inProcess.push({ ok: true, n: await queryOnce(snapshot), loaded });
        } catch (error) {
          inProcess.push({ ok: false, error: String(error), loaded });
        }
      }
    })();
    const cliRuns: CliRun[] = [];
    const cliLoop = (async () => {
      while (!ingestDone) {
        cliRuns.push(await cli(["query", fluSql, "--format", "json", "--warehouse", warehouse]));
      }
    })();
    // A transform now would need the warehouse ingest holds: refused as "try again later".
    const blockedTransform = await cli(["transform", "--warehouse", warehouse, "--as-of", "2025-03-31"]);

    await producing;
    expect(await ingest.exitWithin(180_000), ingest.stderr()).toBe(0);
    await Promise.all([inProcessLoop, cliLoop]);

    const failures = inProcess.filter((q) => !q.ok);
    expect(failures, JSON.stringify(failures.slice(0, 3))).toEqual([]);
    // queries kept running while ingest was part-way through the second load (a few suffice: a
    // loaded machine runs far fewer than an idle one, and the point is that none failed)
    const duringLoad = inProcess.filter((q) => q.loaded > 0 && q.loaded < batchSize);
    expect(duringLoad.length).toBeGreaterThanOrEqual(3);
    // the snapshot is consistent: every query saw the published figure, never a half-written one
    expect(new Set(inProcess.map((q) => q.n))).toEqual(new Set([before]));
    expect(cliRuns.length).toBeGreaterThanOrEqual(2);
    for (const run of cliRuns) {
      expect(run.code, run.stderr).toBe(0);
      expect(JSON.parse(run.stdout)).toEqual([{ n: before }]);
    }
    expect(blockedTransform.code, blockedTransform.stderr).toBe(75);
    expect(blockedTransform.stderr).toMatch(/lock/i);
    console.info(
      `${inProcess.length} in-process and ${cliRuns.length} CLI queries during ingest, ${duringLoad.length} while it was mid-load; none failed`,
    );

    // Ingest loaded every event exactly once.
    const [[events, distinct]] = (await queryWarehouse(
      warehouse,
      "SELECT count(*), count(DISTINCT event_id) FROM raw_ohwb_immunisation_administered",
    )) as [[bigint, bigint]];
    expect(Number(events)).toBe(2 * batchSize);
    expect(Number(distinct)).toBe(2 * batchSize);

    // After ingest: transform + publish, and the snapshot moves forward.
    const transform = await cli(["transform", "--warehouse", warehouse, "--as-of", "2025-03-31"]);
    expect(transform.code, transform.stderr).toBe(0);
    const after = await queryOnce(snapshot);
    expect(after).toBe(500);
    expect(after).toBeGreaterThan(before);
  }, 300_000);

  it("readers opening the snapshot while it is republished again and again always get a whole one", async () => {
    const publishes = 6;
    let publishing = true;
    const publisher = (async () => {
      const runs: CliRun[] = [];
      for (let i = 0; i < publishes; i++) {
        runs.push(await cli(["query", "SELECT 1 AS one", "--refresh", "--warehouse", warehouse]));
      }
      publishing = false;
      return runs;
    })();
    const results: { ok: boolean; n?: number; built?: string; error?: string }[] = [];
    while (publishing) {
      try {
        const analyst = await openAnalystConnection(snapshot);
        try {
          const n = Number((await runAnalystQuery(analyst, fluSql)).rows[0]?.n);
          results.push({ ok: true, n, built: analyst.info.builtAt });
        } finally {
          analyst.close();
        }
      } catch (error) {
        results.push({ ok: false, error: String(error) });
      }
    }
    for (const run of await publisher) expect(run.code, run.stderr).toBe(0);
    const failures = results.filter((r) => !r.ok);
    expect(failures, JSON.stringify(failures.slice(0, 3))).toEqual([]);
    expect(results.length).toBeGreaterThan(publishes);
    expect(new Set(results.map((r) => r.n))).toEqual(new Set([500]));
    // readers saw several different snapshots, so the swaps happened under them
    expect(new Set(results.map((r) => r.built)).size).toBeGreaterThan(1);
    expect(readdirSync(directory).filter((f) => f.includes(".building-"))).toEqual([]);
    console.info(`${results.length} reader sessions across ${publishes} republishes; none failed`);
  }, 180_000);
});
