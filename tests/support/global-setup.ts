/**
 * Starts one local mock Kafka cluster for the whole run when KAFKA_BROKERS is
 * unset; when it is set, the tests use that cluster. Either way the address
 * reaches the tests through vitest's provide/inject.
 */
import type { TestProject } from "vitest/node";
import { type LocalKafka, startLocalKafka } from "../../ingest/local-broker/local-kafka.js";

let broker: LocalKafka | undefined;

export async function setup(project: TestProject): Promise<void> {
  const configured = process.env.KAFKA_BROKERS;
  if (configured) {
    project.provide("kafkaBrokers", configured);
    project.provide("kafkaControlPort", Number(process.env.OHWB_BROKER_CONTROL_PORT ?? 0));
    return;
  }
  broker = await startLocalKafka({ brokers: 3 });
  project.provide("kafkaBrokers", broker.bootstrap);
  project.provide("kafkaControlPort", broker.controlPort);
}

export async function teardown(): Promise<void> {
  await broker?.stop();
}

declare module "vitest" {
  export interface ProvidedContext {
    kafkaBrokers: string;
    /** 0 when the cluster is not the local mock broker (no down/up control). */
    kafkaControlPort: number;
  }
}
