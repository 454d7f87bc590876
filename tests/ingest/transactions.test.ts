/**
 * Issue 13: a transactional producer's aborted messages never reach the
 * warehouse. Committed transactions come from the generator's Kafka sink
 * (`ohwb generate --transactional`) and from kafkajs directly; aborted ones sit
 * between and after them, so the topic ends in an abort marker, and
 * `--until-idle` must still see ingest as caught up and exit.
 */
import { randomUUID } from "node:crypto";
import type { Kafka, Message } from "kafkajs";
import { describe, expect, it } from "vitest";
import type { GeneratedRecord } from "../../generator/generated-record.js";
import { produceRecordsToKafka } from "../../generator/kafka-sink.js";
import { createTestTopic, testBrokers, testKafka } from "../support/kafka.js";
import { immunisationEvent } from "./event-factory.js";
import { spawnIngest, topicIngestArgs } from "./ingest-process.js";
import { queryWarehouse, tempWarehousePath } from "./warehouse-fixture.js";

const contractTopic = "ohwb.clinical";

function events(seed: string, from: number, count: number) {
  return Array.from({ length: count }, (_, i) => immunisationEvent(seed, from + i));
}

async function* asGenerated(list: ReturnType<typeof events>): AsyncIterable<GeneratedRecord[]> {
  yield list.map((e) => ({
    topic: contractTopic,
    key: e.key,
    value: JSON.stringify(e.event),
    kind: "good" as const,
    eventType: "ohwb.immunisation.administered",
  }));
}

/** One transaction of `messages`, committed or aborted. */
async function transaction(kafka: Kafka, topic: string, messages: Message[], commit: boolean): Promise<void> {
  const producer = kafka.producer({
    transactionalId: `test-${randomUUID()}`,
    idempotent: true,
    maxInFlightRequests: 1,
  });
  await producer.connect();
  try {
    const tx = await producer.transaction();
    await tx.send({ topic, messages });
    if (commit) await tx.commit();
    else await tx.abort();
  } finally {
    await producer.disconnect();
  }
}

describe("transactional producers", () => {
  it("loads committed transactions only, and ingest goes idle after a trailing abort", async () => {
    const kafka = await testKafka("ingest-transactions");
    const topic = await createTestTopic(kafka, 2, "ingest-tx");
    const seed = topic;
    const committedBySink = events(seed, 0, 2_500);
    const aborted = events(seed, 10_000, 700);
    const committedDirect = events(seed, 20_000, 300);
    const abortedTail = events(seed, 30_000, 200);
    const asMessages = (list: ReturnType<typeof events>) =>
      list.map((e) => ({ key: e.key, value: JSON.stringify(e.event) }));

    // batches of 1,000: three transactions, the last one partial
    const summary = await produceRecordsToKafka(kafka, asGenerated(committedBySink), {
      topicName: (t) => (t === contractTopic ? topic : `${topic}.${t}`),
      transactional: true,
    });
    expect(summary.total).toBe(committedBySink.length);
    await transaction(kafka, topic, asMessages(aborted), false);
    await transaction(kafka, topic, asMessages(committedDirect), true);
    await transaction(kafka, topic, asMessages(abortedTail), false);

    const { path, cleanup } = tempWarehousePath("transactions");
    try {
      const proc = spawnIngest(testBrokers().join(","), topicIngestArgs(path, topic, 2));
      expect(await proc.exitWithin(90_000), proc.stderr()).toBe(0);
      const ids = (await queryWarehouse(path, "SELECT event_id FROM ingested_events")).map((r) =>
        String(r[0]),
      );
      const expected = [...committedBySink, ...committedDirect].map((e) => e.eventId);
      expect(ids.length).toBe(expected.length);
      expect(new Set(ids)).toEqual(new Set(expected));
      const [[dead]] = (await queryWarehouse(path, "SELECT count(*) FROM dead_letter")) as [[bigint]];
      expect(Number(dead)).toBe(0);
    } finally {
      cleanup();
    }
  }, 180_000);
});
