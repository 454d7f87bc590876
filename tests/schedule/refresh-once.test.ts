/**
 * The refresh job through the real CLI command, `ohwb schedule --once`, against the test broker and a
 * real DuckDB file: events produced to Kafka are ingested until idle (pseudonymised, the poison
 * message dead-lettered), transformed (a full build first, incremental after more events), the data
 * tests run and the analyst snapshot is published; the ledger row — in the warehouse and as a JSON line
 * on stdout — says what was loaded and built. Without --once, the command runs on its cron until
 * SIGTERM; the run in flight when the signal comes stops consuming but still transforms and is
 * recorded before the command exits 0, and the next run loads what it left, exactly once.
 */
import { randomUUID } from "node:crypto";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { scheduleCommand } from "../../cli/commands/schedule.js";
import { openDuckDbFile } from "../../core/duckdb.js";
import type { LedgerRow } from "../../jobs/schedule/run-ledger.js";
import { loadDataTests } from "../../transforms/data-tests.js";
import { analystSnapshotPath } from "../../warehouse/analyst/analyst-snapshot.js";
import { immunisationEvent } from "../ingest/event-factory.js";
import { produceAll } from "../ingest/produce.js";
import { TEST_KEY } from "../ingest/warehouse-fixture.js";
import { createTestTopic, testBrokers, testKafka } from "../support/kafka.js";

const env = {
  OHWB_PSEUDONYM_KEY: TEST_KEY,
  // Short group timeouts keep the run quick (as tests/ingest do).
  OHWB_KAFKA_SESSION_TIMEOUT_MS: "6000",
  OHWB_KAFKA_REBALANCE_TIMEOUT_MS: "3000",
  OHWB_KAFKA_HEARTBEAT_MS: "500",
};

async function query(path: string, sql: string): Promise<Record<string, unknown>[]> {
  const warehouse = await openDuckDbFile(path, { readOnly: true });
  try {
    return (await warehouse.connection.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
  } finally {
    warehouse.close();
  }
}

/** Runs `ohwb schedule ARGS` in this process; returns the exit code and the JSON lines on stdout. */
async function schedule(args: string[]): Promise<{ code: number; rows: LedgerRow[] }> {
  const out: string[] = [];
  const write = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    out.push(String(chunk));
    return true;
  });
  try {
    const code = await scheduleCommand.run(args);
    return {
      code,
      rows: out
        .join("")
        .split("\n")
        .filter(Boolean)
        .map((line) => JSON.parse(line) as LedgerRow),
    };
  } finally {
    write.mockRestore();
  }
}

describe("ohwb schedule --once: the refresh job", () => {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  let dir: string;
  let warehousePath: string;
  let configPath: string;
  let topic: string;

  beforeAll(async () => {
    Object.assign(process.env, env);
    dir = mkdtempSync(join(tmpdir(), "ohwb-schedule-refresh-"));
    warehousePath = join(dir, "warehouse.duckdb");
    configPath = join(dir, "ohwb.config.json");
    const kafka = await testKafka();
    topic = await createTestTopic(kafka, 2, "schedule");
    writeFileSync(
      configPath,
      JSON.stringify({
        warehouse: warehousePath,
        kafka: { brokers: testBrokers(), groupId: `schedule-${randomUUID()}` },
        outputs: { packs: join(dir, "packs") },
        schedule: {
          timezone: "UTC",
          refresh: { idleSeconds: 1, cron: "*/2 * * * * *" },
          packs: { enabled: false },
        },
      }),
    );
  });
  afterAll(() => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const produce = async (from: number, to: number, poison = false) => {
    const messages = [];
    for (let n = from; n < to; n++) {
      const e = immunisationEvent("schedule-refresh", n);
      messages.push({ key: e.key, value: JSON.stringify(e.event) });
    }
    if (poison) messages.push({ key: "poison", value: "{not json" });
    await produceAll(await testKafka(), topic, messages);
  };

  it("ingests until idle, transforms, runs the data tests, publishes the snapshot, and records it", async () => {
    await produce(0, 120, true);
    const { code, rows } = await schedule([
      "--config",
      configPath,
      "--create",
      "--once",
      "--topics",
      topic,
      "--json",
    ]);
    expect(code).toBe(0);
    expect(rows).toHaveLength(1);
    const run = rows[0] as LedgerRow;
    expect(run, run.error ?? "").toMatchObject({
      job: "refresh",
      triggeredBy: "once",
      status: "succeeded",
      eventsLoaded: 120,
      deadLetters: 1,
      transformMode: "full",
    });
    expect(run.modelsBuilt).toBeGreaterThan(10);
    expect((run.dataTestsPassed ?? 0) + (run.dataTestsFailed ?? 0)).toBe(loadDataTests().length);
    // No absence data at all: the freshness test fails, which the refresh records without failing,
    // and the analyst snapshot is held back (published only when the data tests pass).
    expect(run.dataTestsFailed).toBeGreaterThanOrEqual(1);
    expect(run.detail).toContain("freshness");
    expect(run.detail).toContain("not republished");

    const [loaded] = await query(
      warehousePath,
      "SELECT count(*)::INTEGER AS n FROM raw_ohwb_immunisation_administered",
    );
    expect(loaded?.n).toBe(120);
    const [built] = await query(
      warehousePath,
      "SELECT count(*)::INTEGER AS n, count(*) FILTER (staff_id LIKE 'ps_%')::INTEGER AS pseudonymised FROM fct_immunisation",
    );
    expect(built).toEqual({ n: 120, pseudonymised: 120 });
    const ledger = await query(
      warehousePath,
      "SELECT job, status, events_loaded::INTEGER AS events FROM schedule_runs ORDER BY run_id",
    );
    expect(ledger).toEqual([{ job: "refresh", status: "succeeded", events: 120 }]);
    expect(existsSync(analystSnapshotPath(warehousePath))).toBe(false);
  }, 60_000);

  it("loads only the new events next time and transforms incrementally", async () => {
    await produce(120, 170);
    const { code, rows } = await schedule(["--config", configPath, "--once", "--topics", topic, "--json"]);
    expect(code).toBe(0);
    expect(rows.map((r) => [r.job, r.status, r.eventsLoaded, r.deadLetters, r.transformMode])).toEqual([
      ["refresh", "succeeded", 50, 0, "incremental"],
    ]);
    const [built] = await query(warehousePath, "SELECT count(*)::INTEGER AS n FROM fct_immunisation");
    expect(built?.n).toBe(170);
    const ledger = await query(warehousePath, "SELECT count(*)::INTEGER AS n FROM schedule_runs");
    expect(ledger[0]?.n).toBe(2);
  }, 60_000);

  it("runs on its cron until SIGTERM, finishing the run in flight", async () => {
    await produce(170, 190);
    const lines: string[] = [];
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    let signalledAt = 0;
    let code: number;
    try {
      const running = schedule(["--config", configPath, "--topics", topic, "--no-catch-up"]);
      const started = Date.now();
      while (!lines.some((l) => l.includes("refresh run started (schedule)"))) {
        if (Date.now() - started > 20_000) throw new Error(`no run started:\n${lines.join("")}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      signalledAt = Date.now();
      process.emit("SIGTERM", "SIGTERM");
      code = (await running).code;
    } finally {
      stderr.mockRestore();
    }
    expect(code).toBe(0);
    expect(lines.join("")).toContain("SIGTERM received, finishing the running job");
    // The run in flight finished after the signal: ingest stopped consuming (committing what it had
    // loaded), and the transform, data tests and snapshot still ran.
    const rows = await query(
      warehousePath,
      `SELECT status, events_loaded::INTEGER AS events, transform_mode AS mode,
         (data_tests_passed + data_tests_failed)::INTEGER AS tests, epoch_ms(finished_at) AS finished
       FROM schedule_runs WHERE triggered_by = 'schedule' AND status <> 'skipped' ORDER BY run_id`,
    );
    expect(rows.map((r) => r.status)).toEqual(["succeeded"]);
    expect(Number(rows[0]?.finished)).toBeGreaterThanOrEqual(signalledAt);
    expect(rows[0]?.mode).toBe("incremental");
    expect(rows[0]?.tests).toBe(loadDataTests().length);
    const [running] = await query(
      warehousePath,
      "SELECT count(*)::INTEGER AS n FROM schedule_runs WHERE status = 'running'",
    );
    expect(running?.n).toBe(0);
    // Whatever the interrupted run did not load, the next run does: exactly once across the stop.
    const next = await schedule(["--config", configPath, "--once", "--topics", topic, "--json"]);
    expect(next.code).toBe(0);
    expect(Number(rows[0]?.events) + Number(next.rows[0]?.eventsLoaded)).toBe(20);
    const [built] = await query(warehousePath, "SELECT count(*)::INTEGER AS n FROM fct_immunisation");
    expect(built?.n).toBe(190);
  }, 60_000);

  it("seals the dead letters an older version stored in clear, as ohwb ingest does", async () => {
    // A warehouse from before dead letters were sealed: key, headers and value in clear columns.
    const oldPath = join(dir, "older.duckdb");
    const staffId = "0000931";
    const old = await openDuckDbFile(oldPath);
    try {
      await old.connection.run(`CREATE TABLE dead_letter (
        topic VARCHAR NOT NULL, "partition" INTEGER NOT NULL, "offset" BIGINT NOT NULL,
        key BLOB, headers JSON, raw BLOB, raw_size INTEGER NOT NULL, reason VARCHAR NOT NULL,
        issues JSON NOT NULL, event_id VARCHAR, event_type VARCHAR, received_at TIMESTAMPTZ NOT NULL)`);
      await old.connection.run(`INSERT INTO dead_letter VALUES ('${topic}', 0, 0, '${staffId}'::BLOB,
        '{}', '{"staff_id":"${staffId}"'::BLOB, 21, 'NOT_JSON', '[]', NULL, NULL, TIMESTAMPTZ '2024-10-01 00:00:00+00')`);
    } finally {
      old.close();
    }
    const oldConfig = join(dir, "older.config.json");
    writeFileSync(
      oldConfig,
      JSON.stringify({
        warehouse: oldPath,
        kafka: { brokers: testBrokers(), groupId: `schedule-older-${randomUUID()}` },
        schedule: { timezone: "UTC", refresh: { idleSeconds: 1 }, packs: { enabled: false } },
      }),
    );
    const { code } = await schedule(["--config", oldConfig, "--once", "--topics", topic, "--json"]);
    expect(code).toBe(0);
    const columns = (
      await query(
        oldPath,
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'dead_letter'",
      )
    ).map((r) => String(r.column_name));
    expect(columns).toContain("key_sealed");
    expect(columns).not.toContain("raw");
    const [row] = await query(
      oldPath,
      `SELECT key_sealed IS NOT NULL AS sealed FROM dead_letter WHERE "offset" = 0 AND topic = '${topic}'`,
    );
    expect(row?.sealed).toBe(true);
  }, 60_000);
});
