/**
 * Issue 4 shutdown: SIGTERM (and SIGINT) mid-load finishes the batch in flight,
 * commits and exits 0; a restart then loads the rest, nothing twice.
 */
import { describe, expect, it } from "vitest";
import { createTestTopic, testBrokers, testKafka } from "../support/kafka.js";
import { spawnIngest } from "./ingest-process.js";
import { mixedStream } from "./mixed-stream.js";
import { produceAll } from "./produce.js";
import { queryWarehouse, tempWarehousePath } from "./warehouse-fixture.js";

describe("graceful shutdown", () => {
  it("exits 0 on SIGTERM and SIGINT mid-load, with everything it loaded committed", async () => {
    const kafka = await testKafka("ingest-shutdown");
    const topic = await createTestTopic(kafka, 4, "ingest-shutdown");
    const stream = mixedStream(topic, 20_000);
    await produceAll(kafka, topic, stream.messages);
    const { path, cleanup } = tempWarehousePath("shutdown");
    const args = ["--warehouse", path, "--topics", topic, "--group", `g-${topic}`];
    try {
      for (const signal of ["SIGTERM", "SIGINT"] as const) {
        const proc = spawnIngest(testBrokers().join(","), args, { OHWB_INGEST_FLUSH_MESSAGES: "1000" });
        await Promise.race([proc.loadedAtLeast(1_000), proc.exited]);
        proc.child.kill(signal);
        expect(await proc.exitWithin(30_000), proc.stderr()).toBe(0);
        expect(proc.stderr()).toContain(`${signal} received`);
        const loaded = Number(/done: loaded (\d+)/.exec(proc.stderr())?.[1] ?? -1);
        const [[inWarehouse]] = (await queryWarehouse(path, "SELECT count(*) FROM ingested_events")) as [
          [bigint],
        ];
        // What the process reported as loaded is committed (the warehouse may hold earlier runs too).
        expect(Number(inWarehouse)).toBeGreaterThanOrEqual(loaded);
        expect(loaded).toBeGreaterThan(0);
      }
      const last = spawnIngest(testBrokers().join(","), [...args, "--until-idle", "1"]);
      expect(await last.exitWithin(60_000), last.stderr()).toBe(0);
      const ids = (await queryWarehouse(path, "SELECT event_id FROM ingested_events")).map((r) =>
        String(r[0]),
      );
      expect(ids.length).toBe(stream.validIds.size);
      expect(new Set(ids).size).toBe(ids.length);
      const [[dead]] = (await queryWarehouse(path, "SELECT count(*) FROM dead_letter")) as [[bigint]];
      expect(Number(dead)).toBe(stream.deadLetters);
    } finally {
      cleanup();
    }
  }, 120_000);
});
