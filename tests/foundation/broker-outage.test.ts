/**
 * Broker outage (issue 2, test b): the broker is killed (kill -9) mid-consumption
 * and restarted on its kept log; the consumer resumes on its own and no message is lost.
 * The test runs its own single-node broker, so the shared one stays up.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertBrokerReachable, createKafka } from "../../kafka/client.js";
import type { LocalKafka } from "../../kafka/local-broker/local-kafka.js";
import { createTestTopic, startTestCluster } from "../support/kafka.js";

let cluster: LocalKafka;
beforeAll(async () => {
  cluster = await startTestCluster(1);
});
afterAll(async () => {
  await cluster?.stop();
});

describe("local broker outage", () => {
  it("resumes consumption after the broker is killed and restarted", async () => {
    const kafka = createKafka(cluster.brokers, "outage");
    const topic = await createTestTopic(kafka, 3, "outage");
    const total = 2_000;

    const producer = kafka.producer();
    await producer.connect();
    const batch = (from: number, count: number) =>
      Array.from({ length: count }, (_, i) => ({
        key: `k${from + i}`,
        value: JSON.stringify({ seq: from + i }),
      }));
    await producer.send({ topic, messages: batch(0, total / 2) });

    const seen = new Set<number>();
    let outageStarted = false;
    let resolveOutage: () => void = () => undefined;
    const outageReached = new Promise<void>((resolve) => {
      resolveOutage = resolve;
    });
    const consumer = kafka.consumer({
      groupId: `group-${topic}`,
      maxBytesPerPartition: 2_048,
      // a member the restarted broker still remembers is dropped after this, not kafkajs's 30 s
      sessionTimeout: 6_000,
      heartbeatInterval: 500,
      retry: { initialRetryTime: 200, retries: 30, maxRetryTime: 2_000 },
    });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        seen.add((JSON.parse(message.value?.toString("utf8") ?? "null") as { seq: number }).seq);
        if (!outageStarted && seen.size >= 200) {
          outageStarted = true;
          resolveOutage();
        }
      },
    });

    await outageReached;
    await cluster.kill(1);
    const seenDuringOutageStart = seen.size;
    // The outage is real: no broker accepts a connection while it lasts.
    await expect(assertBrokerReachable(cluster.brokers, 1_000)).rejects.toThrow(/Cannot reach Kafka/);
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    await cluster.restart(1);

    // The second half exists only after the outage, so the consumer must reconnect to see it.
    await producer.send({ topic, messages: batch(total / 2, total / 2) });
    await producer.disconnect();

    const deadline = Date.now() + 45_000;
    while (seen.size < total && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 100));
    await consumer.disconnect();

    expect(seenDuringOutageStart).toBeGreaterThanOrEqual(200);
    expect(seen.size).toBe(total);
    expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: total }, (_, i) => i));
  });
});
