/**
 * Creates topics that do not exist yet. A real cluster goes through kafkajs's
 * admin API; the local mock broker refuses admin.createTopics, so when
 * OHWB_BROKER_CONTROL_PORT is set the mock's control port creates them.
 */
import type { Kafka } from "kafkajs";
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
    const existing = new Set(await admin.listTopics());
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
    }
  } finally {
    await admin.disconnect();
  }
}
