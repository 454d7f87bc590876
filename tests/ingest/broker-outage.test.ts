/**
 * Issue 4 reliability (b), issue 13: the broker itself is killed (kill -9) while
 * `ohwb ingest` is loading and restarted on its persistent log several seconds
 * later. Ingest retries, resumes, and the warehouse ends with exactly the valid
 * events once and the invalid ones in dead_letter once. A single-node broker of
 * its own, so the shared one stays up.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKafka } from "../../kafka/client.js";
import type { LocalKafka } from "../../kafka/local-broker/local-kafka.js";
import { createTestTopic, startTestCluster } from "../support/kafka.js";
import { expectExactlyOnce, ingestNotes } from "./exactly-once.js";
import { spawnIngest, topicIngestArgs } from "./ingest-process.js";
import { mixedStream } from "./mixed-stream.js";
import { produceAll } from "./produce.js";
import { tempWarehousePath } from "./warehouse-fixture.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let cluster: LocalKafka;
beforeAll(async () => {
  cluster = await startTestCluster(1);
});
afterAll(async () => {
  await cluster?.stop();
});

describe("ingest across a broker outage", () => {
  it("resumes after the broker is killed and restarted, with no loss and no duplicates", async () => {
    const kafka = createKafka(cluster.brokers, "ingest-outage");
    const topic = await createTestTopic(kafka, 6, "ingest-outage");
    const stream = mixedStream(topic, 30_000);
    const half = Math.floor(stream.messages.length / 2);
    const { path, cleanup } = tempWarehousePath("outage");
    try {
      await produceAll(kafka, topic, stream.messages.slice(0, half));
      const proc = spawnIngest(cluster.bootstrap, topicIngestArgs(path, topic, 2));
      await Promise.race([proc.loadedAtLeast(1), proc.exited]);
      await cluster.kill(1);
      try {
        await sleep(5_000);
      } finally {
        await cluster.restart(1);
      }
      await produceAll(kafka, topic, stream.messages.slice(half));
      const code = await proc.exitWithin(90_000);
      expect(code, proc.stderr()).toBe(0);
      console.info(ingestNotes(proc.stderr()));

      await expectExactlyOnce(path, stream);
    } finally {
      cleanup();
    }
  }, 180_000);
});
