/** Test access to the cluster chosen by the global setup. */
import { randomUUID } from "node:crypto";
import type { Kafka } from "kafkajs";
import { inject } from "vitest";
import { assertBrokerReachable, createKafka, parseBrokerList } from "../../ingest/kafka-client.js";
import { connectLocalKafka, type LocalKafka } from "../../ingest/local-broker/local-kafka.js";

export function testBrokers(): string[] {
  return parseBrokerList(inject("kafkaBrokers"));
}

/** A Kafka client for the test cluster; throws a clear error when it cannot be reached. */
export async function testKafka(clientId = "ohwb-test"): Promise<Kafka> {
  const brokers = testBrokers();
  await assertBrokerReachable(brokers);
  return createKafka(brokers, clientId);
}

/** The local broker's control handle; fails loudly on a cluster we cannot take down. */
export function localBrokerControl(): LocalKafka {
  const port = inject("kafkaControlPort");
  if (!port) {
    throw new Error(
      "This test takes brokers down and up, which needs the local mock broker's control port. " +
        "Unset KAFKA_BROKERS, or set OHWB_BROKER_CONTROL_PORT for a local mock broker you started.",
    );
  }
  return connectLocalKafka(inject("kafkaBrokers"), port);
}

/** Creates a topic on the local broker, or through the admin API on a real cluster. */
export async function createTestTopic(kafka: Kafka, partitions: number, prefix = "test"): Promise<string> {
  const name = `${prefix}.${randomUUID()}`;
  const port = inject("kafkaControlPort");
  if (port) {
    await connectLocalKafka(inject("kafkaBrokers"), port).createTopic(name, partitions);
  } else {
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: name, numPartitions: partitions }], waitForLeaders: true });
    await admin.disconnect();
  }
  return name;
}
