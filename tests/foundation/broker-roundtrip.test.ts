/**
 * Real-broker round trip (issue 2, test a): a consumer group commits, leaves,
 * and on rejoining receives exactly the messages produced while it was away.
 */
import type { Consumer, Kafka } from "kafkajs";
import { afterEach, describe, expect, it } from "vitest";
import { createTestTopic, testKafka } from "../support/kafka.js";

async function produceJson(kafka: Kafka, topic: string, from: number, count: number): Promise<void> {
  const producer = kafka.producer();
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

/** Consumes until `expected` messages arrived, then waits a little longer to catch extras. */
async function consumeUntil(consumer: Consumer, topic: string, expected: number): Promise<number[]> {
  const seen: number[] = [];
  await consumer.subscribe({ topic, fromBeginning: true });
  let resolveDone: () => void = () => undefined;
  const done = new Promise<void>((resolve) => {
    resolveDone = resolve;
  });
  await consumer.run({
    autoCommit: true,
    eachMessage: async ({ message }) => {
      seen.push((JSON.parse(message.value?.toString("utf8") ?? "null") as { seq: number }).seq);
      if (seen.length >= expected) resolveDone();
    },
  });
  await done;
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  return seen;
}

// Short group timings keep a rejoin quick should a member leave without saying so.
const groupTimings = { sessionTimeout: 6_000, rebalanceTimeout: 6_000, heartbeatInterval: 500 };

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
    const firstSeen = await consumeUntil(first, topic, 1_000);
    expect(new Set(firstSeen).size).toBe(1_000);
    expect(firstSeen).toHaveLength(1_000);
    await first.disconnect();
    consumers.length = 0;

    await produceJson(kafka, topic, 1_000, 100);
    const second = kafka.consumer({ groupId, ...groupTimings });
    consumers.push(second);
    await second.connect();
    const secondSeen = await consumeUntil(second, topic, 100);
    expect(secondSeen.sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => 1_000 + i));
  });
});
