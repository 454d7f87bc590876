/** Test access to the cluster chosen by the global setup, and private clusters for tests that kill brokers. */
import { randomUUID } from "node:crypto";
import type { Kafka } from "kafkajs";
import { inject } from "vitest";
import { loadConfig } from "../../core/config.js";
import { assertBrokerReachable, createKafka, parseBrokerList } from "../../kafka/client.js";
import {
  type LocalKafka,
  localBrokerSettings,
  startLocalKafka,
} from "../../kafka/local-broker/local-kafka.js";
import { ensureTopics, type TopicSpec } from "../../kafka/topics.js";

export function testBrokers(): string[] {
  return parseBrokerList(inject("kafkaBrokers"));
}

/** A Kafka client for the test cluster; throws a clear error when it cannot be reached. */
export async function testKafka(clientId = "ohwb-test"): Promise<Kafka> {
  const brokers = testBrokers();
  await assertBrokerReachable(brokers);
  return createKafka(brokers, clientId);
}

/** Creates a uniquely named topic through the admin API (partitions, and any replication or retention). */
export async function createTestTopic(
  kafka: Kafka,
  partitions: number,
  prefix = "test",
  settings: Omit<TopicSpec, "name" | "partitions"> = {},
): Promise<string> {
  const name = `${prefix}.${randomUUID()}`;
  await ensureTopics(kafka, [{ name, partitions, ...settings }]);
  return name;
}

/**
 * A cluster of its own for a test that kills brokers, so the shared one stays up:
 * `{ bootstrap, stop, kill(node), restart(node) }`. Its log lives in a temporary
 * folder that survives kill and restart and is removed by stop().
 */
export function startTestCluster(brokers: 1 | 3): Promise<LocalKafka> {
  return startLocalKafka({ brokers, ...localBrokerSettings(loadConfig().config.localBroker) });
}
