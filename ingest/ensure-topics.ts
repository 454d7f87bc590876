/**
 * Creates topics that do not exist yet. A real cluster goes through kafkajs's
 * admin API; the local mock broker refuses admin.createTopics, so when
 * OHWB_BROKER_CONTROL_PORT is set the mock's control port creates them.
 */
import type { Admin, Kafka } from "kafkajs";
import { IngestError } from "../core/errors.js";
import { message } from "../core/messages.js";
import { sendControlCommand, type TopicSpec } from "./local-broker/local-kafka.js";

export async function ensureTopics(
  kafka: Kafka,
  topics: TopicSpec[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  if (topics.length === 0) return;
  const controlPort = Number(env.OHWB_BROKER_CONTROL_PORT ?? 0);
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await untilBrokerAnswers(() => admin.listTopics()));
    const missing = topics.filter((t) => !existing.has(t.name));
    if (controlPort) {
      for (const t of missing) {
        await sendControlCommand(controlPort, `topic ${t.name} ${t.partitions}`).catch((error: unknown) => {
          throw new IngestError("TOPIC_CREATE", message.ingestTopicCreateFailed(t.name, String(error)), {
            cause: error,
          });
        });
      }
    } else if (missing.length > 0) {
      await admin.createTopics({
        topics: missing.map((t) => ({ topic: t.name, numPartitions: t.partitions })),
        waitForLeaders: true,
      });
      await waitForMetadata(
        admin,
        missing.map((t) => t.name),
      );
    }
  } finally {
    await admin.disconnect();
  }
}

const METADATA_WAIT_MS = 30_000;

/**
 * A broker that has just started (or just created a topic) can answer "broker not found" or "no
 * leader" for a few seconds; retry retriable errors until a deadline instead of failing the command.
 */
async function untilBrokerAnswers<T>(
  call: () => Promise<T>,
  deadline = Date.now() + METADATA_WAIT_MS,
): Promise<T> {
  for (let delay = 200; ; delay = Math.min(delay * 2, 2_000)) {
    try {
      return await call();
    } catch (error) {
      const retriable = (error as { retriable?: boolean }).retriable || /BrokerNotFound/.test(String(error));
      if (!retriable || Date.now() + delay > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

/** Created topics are usable once every partition has a leader in the metadata producers read. */
async function waitForMetadata(admin: Admin, names: string[]): Promise<void> {
  const deadline = Date.now() + METADATA_WAIT_MS;
  await untilBrokerAnswers(async () => {
    const { topics } = await admin.fetchTopicMetadata({ topics: names });
    const ready = topics.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0));
    if (!ready) {
      throw new IngestError(
        "TOPICS_NOT_READY",
        message.ingestTopicsNotReady(names.join(", "), METADATA_WAIT_MS / 1000),
        { retriable: true },
      );
    }
  }, deadline);
}
