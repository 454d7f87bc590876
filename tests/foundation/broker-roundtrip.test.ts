/**
 * Real-broker round trip (issue 2, test a): a consumer group commits, leaves,
 * and on rejoining receives exactly the messages produced while it was away.
 */
import type { Consumer, Kafka } from "kafkajs";
import { afterEach, describe, expect, it } from "vitest";
import { createTestTopic, testKafka } from "../support/kafka.js";

async function produceJson(kafka: Kafka, topic: string, from: number, count: number): Promise<void> {
  // Idempotent: a send retried on a loaded machine must not append its messages twice (a plain
  // producer's retry once put 1,167 messages on the topic for 1,000).
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const messages = Array.from({ length: count }, (_, i) => ({
    key: `k${from + i}`,
    value: JSON.stringify({ seq: from + i }),
  }));
  for (let i = 0; i < messages.length; i += 250) {
    await producer.send({ topic, messages: messages.slice(i, i + 250) });
  }
  await producer.disconnect();
}

/**
 * Consumes until `expected` distinct messages arrived, then waits a little longer to catch extras.
 * Counts the group joins too: a plain consumer group is at-least-once, so a rejoin (a heartbeat
 * missed on a loaded machine) may redeliver the batch whose commit it interrupted, and only then.
 */
async function consumeUntil(
  consumer: Consumer,
  topic: string,
  expected: number,
): Promise<{ seen: number[]; joins: number }> {
  const seen: number[] = [];
  let joins = 0;
  consumer.on(consumer.events.GROUP_JOIN, () => {
    joins += 1;
  });
  await consumer.subscribe({ topic, fromBeginning: true });
  let resolveDone: () => void = () => undefined;
  const done = new Promise<void>((resolve) => {
    resolveDone = resolve;
  });
  await consumer.run({
    autoCommit: true,
    eachMessage: async ({ message }) => {
      seen.push((JSON.parse(message.value?.toString("utf8") ?? "null") as { seq: number }).seq);
      if (new Set(seen).size >= expected) resolveDone();
    },
  });
  await done;
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  return { seen, joins };
}

/** Sorted distinct values, and how many arrived more than once. */
function distinct(seen: number[]): { values: number[]; repeats: number } {
  const values = [...new Set(seen)].sort((a, b) => a - b);
  return { values, repeats: seen.length - values.length };
}

// Members leave cleanly, so the session timeout only decides how long a busy machine may go
// without a heartbeat before the broker calls a rebalance; 15 s makes that rare.
const groupTimings = { sessionTimeout: 15_000, rebalanceTimeout: 10_000, heartbeatInterval: 500 };

describe("local broker round trip", () => {
  const consumers: Consumer[] = [];
  afterEach(async () => {
    await Promise.all(consumers.splice(0).map((c) => c.disconnect()));
  });

  it("resumes a consumer group from its committed offsets", async () => {
    const kafka = await testKafka("roundtrip");
    const topic = await createTestTopic(kafka, 3, "roundtrip");
    const groupId = `group-${topic}`;

    await produceJson(kafka, topic, 0, 1_000);
    const first = kafka.consumer({ groupId, ...groupTimings });
    consumers.push(first);
    await first.connect();
    const firstRun = await consumeUntil(first, topic, 1_000);
    const firstSeen = distinct(firstRun.seen);
    expect(firstSeen.values).toEqual(Array.from({ length: 1_000 }, (_, i) => i));
    // One join, no redelivery; a rejoin may redeliver one interrupted batch at most.
    if (firstRun.joins <= 1) expect(firstSeen.repeats).toBe(0);
    await first.disconnect();
    consumers.length = 0;

    await produceJson(kafka, topic, 1_000, 100);
    const second = kafka.consumer({ groupId, ...groupTimings });
    consumers.push(second);
    await second.connect();
    const secondRun = await consumeUntil(second, topic, 100);
    const secondSeen = distinct(secondRun.seen);
    // Nothing before 1,000 comes back: the group resumed from the offsets the first member committed.
    expect(secondSeen.values).toEqual(Array.from({ length: 100 }, (_, i) => 1_000 + i));
    if (secondRun.joins <= 1) expect(secondSeen.repeats).toBe(0);
  });
});
