/**
 * Starts one local single-node Apache Kafka broker for the whole run when
 * KAFKA_BROKERS is unset; when it is set, the tests use that cluster. Either way
 * the address reaches the tests through vitest's provide/inject. Tests that
 * kill brokers start their own cluster (tests/support/kafka.ts) and never touch this one.
 * It also creates the run's fixture cache (run-fixture-cache.ts), removed when the run ends.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { loadConfig } from "../../core/config.js";
import {
  type LocalKafka,
  localBrokerSettings,
  startLocalKafka,
} from "../../kafka/local-broker/local-kafka.js";

let broker: LocalKafka | undefined;
let fixtureCache: string | undefined;

export async function setup(project: TestProject): Promise<void> {
  fixtureCache = mkdtempSync(join(tmpdir(), "ohwb-run-fixtures-"));
  project.provide("fixtureCache", fixtureCache);
  const configured = process.env.KAFKA_BROKERS;
  if (configured) {
    project.provide("kafkaBrokers", configured);
    return;
  }
  // the configuration's localBroker settings (OHWB_KAFKA_VERSION picks another Kafka)
  broker = await startLocalKafka({ brokers: 1, ...localBrokerSettings(loadConfig().config.localBroker) });
  // which Kafka the run used, for the record
  console.info(
    `tests: local Apache Kafka ${broker.version} at ${broker.bootstrap}, ready in ${broker.startMs} ms`,
  );
  project.provide("kafkaBrokers", broker.bootstrap);
}

export async function teardown(): Promise<void> {
  await broker?.stop();
  if (fixtureCache) rmSync(fixtureCache, { recursive: true, force: true });
}

declare module "vitest" {
  export interface ProvidedContext {
    kafkaBrokers: string;
  }
}
