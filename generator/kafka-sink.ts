/**
 * Produces generated records to the contract topics (key = the contract's
 * partition key value), creating missing topics first, in batches of about
 * 1,000 messages without compression (the broker is local; CPU is the limit).
 * The producer is idempotent, so a retried send never writes a message twice;
 * with `transactional` each batch is one Kafka transaction, which consumers
 * reading committed data (ingest) see whole or not at all.
 */
import { randomUUID } from "node:crypto";
import { CompressionTypes, type Kafka, type Producer, type TopicMessages } from "kafkajs";
import { topics } from "../contracts/index.js";
import { ensureTopics } from "../kafka/topics.js";
import type { GeneratedRecord } from "./generated-record.js";
import { GenerationSummary } from "./generation-summary.js";
import type { ProgressCallback } from "./progress-reporter.js";

export interface KafkaSinkOptions {
  /** Maps a contract topic to the topic actually written (tests use unique names). Default: unchanged. */
  topicName?: (contractTopic: string) => string;
  batchSize?: number;
  onProgress?: ProgressCallback;
  /** One transaction per batch (default false: idempotent sends). */
  transactional?: boolean;
}

export async function produceRecordsToKafka(
  kafka: Kafka,
  batches: AsyncIterable<GeneratedRecord[]>,
  options: KafkaSinkOptions = {},
): Promise<GenerationSummary> {
  const topicName = options.topicName ?? ((t: string) => t);
  const batchSize = options.batchSize ?? 1_000;
  await ensureTopics(
    kafka,
    topics.map((t) => ({ name: topicName(t.name), partitions: t.defaultPartitions })),
  );
  const producer = kafka.producer({
    allowAutoTopicCreation: false,
    idempotent: true,
    // kafkajs keeps an idempotent producer's order only with one request in flight
    maxInFlightRequests: 1,
    ...(options.transactional ? { transactionalId: `ohwb-generate-${randomUUID()}` } : {}),
  });
  await producer.connect();
  const summary = new GenerationSummary();
  let pending = new Map<string, { key: string; value: string }[]>();
  let pendingCount = 0;
  const flush = async () => {
    if (pendingCount === 0) return;
    const topicMessages = [...pending.entries()].map(([topic, messages]) => ({ topic, messages }));
    pending = new Map();
    pendingCount = 0;
    await send(producer, topicMessages, options.transactional ?? false);
  };
  try {
    for await (const batch of batches) {
      for (const record of batch) {
        summary.add(record);
        const topic = topicName(record.topic);
        let list = pending.get(topic);
        if (!list) {
          list = [];
          pending.set(topic, list);
        }
        list.push({ key: record.key, value: record.value });
        if (++pendingCount >= batchSize) await flush();
      }
      options.onProgress?.(summary);
    }
    await flush();
  } finally {
    await producer.disconnect();
  }
  return summary;
}

async function send(
  producer: Producer,
  topicMessages: TopicMessages[],
  transactional: boolean,
): Promise<void> {
  const batch = { topicMessages, compression: CompressionTypes.None, acks: -1 };
  if (!transactional) {
    await producer.sendBatch(batch);
    return;
  }
  const transaction = await producer.transaction();
  try {
    await transaction.sendBatch(batch);
  } catch (error) {
    await transaction.abort().catch(() => undefined);
    throw error;
  }
  await transaction.commit();
}
