/**
 * Creates topics that do not exist yet, through kafkajs's admin API, with their
 * partitions, replication and retention. Topics that exist are left as they are:
 * changing a live topic's partitioning would move keys between partitions.
 */
import type { Admin, ITopicConfig, Kafka } from "kafkajs";
import { TopicError } from "./kafka-errors.js";
import { kafkaMessages } from "./kafka-messages.js";

export interface TopicSpec {
  name: string;
  partitions: number;
  /** Copies of each partition; default the cluster's default.replication.factor. */
  replicationFactor?: number;
  /** retention.ms; default the cluster's (7 days unless changed). */
  retentionMs?: number;
  /** Any other topic configuration, e.g. segment.ms. */
  config?: Record<string, string>;
}

export async function ensureTopics(kafka: Kafka, topics: TopicSpec[]): Promise<void> {
  if (topics.length === 0) return;
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await retryUntil(() => admin.listTopics(), brokerStarting));
    const missing = topics.filter((t) => !existing.has(t.name));
    if (missing.length === 0) return;
    const names = missing.map((t) => t.name);
    const failed = (error: unknown) =>
      new TopicError(kafkaMessages.ingestTopicCreateFailed(names.join(", "), String(error)), {
        cause: error,
        retriable: Boolean((error as { retriable?: boolean }).retriable),
      });
    // kafkajs's own waitForLeaders gives up when the broker it asks has not yet applied the
    // new topic (KRaft brokers learn it a moment after the controller), so wait here instead
    await admin.createTopics({ topics: missing.map(topicConfig), waitForLeaders: false }).catch((error) => {
      throw failed(error);
    });
    await waitForLeaders(admin, names).catch((error) => {
      throw failed(error);
    });
  } finally {
    await admin.disconnect();
  }
}

/** A broker that has just started can answer "broker not found" for a few seconds. */
const brokerStarting = (error: unknown) =>
  Boolean((error as { retriable?: boolean }).retriable) || /BrokerNotFound/.test(String(error));

/** Calls until it succeeds, retrying the errors `retry` accepts, for up to `timeoutMs`. */
async function retryUntil<T>(
  call: () => Promise<T>,
  retry: (error: unknown) => boolean,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 100; ; delay = Math.min(delay * 2, 2_000)) {
    try {
      return await call();
    } catch (error) {
      if (!retry(error) || Date.now() + delay > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

/** Every partition of every topic has a leader, as any broker answering metadata sees it. */
async function waitForLeaders(admin: Admin, names: string[], timeoutMs = 30_000): Promise<void> {
  await retryUntil(
    async () => {
      const { topics } = await admin.fetchTopicMetadata({ topics: names });
      if (!topics.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0)))
        throw new Error(`no leader for every partition after ${timeoutMs} ms`);
    },
    () => true,
    timeoutMs,
  );
}

function topicConfig(spec: TopicSpec): ITopicConfig {
  const entries = { ...spec.config };
  if (spec.retentionMs !== undefined) entries["retention.ms"] = String(spec.retentionMs);
  return {
    topic: spec.name,
    numPartitions: spec.partitions,
    replicationFactor: spec.replicationFactor ?? -1,
    configEntries: Object.entries(entries).map(([name, value]) => ({ name, value })),
  };
}
