/** Producing test events to the test broker in chunks, each acknowledged by all in-sync replicas. */
import type { Kafka, Message } from "kafkajs";

export async function produceAll(
  kafka: Kafka,
  topic: string,
  messages: Message[],
  chunk = 2_000,
): Promise<void> {
  // idempotent: a chunk kafkajs resends after a leader change (leader-failover) is written once, not
  // again at new offsets, where a conflicting event in it would be a second, genuine dead letter
  const producer = kafka.producer({
    allowAutoTopicCreation: false,
    idempotent: true,
    maxInFlightRequests: 1,
  });
  await producer.connect();
  try {
    for (let i = 0; i < messages.length; i += chunk) {
      await producer.send({ topic, messages: messages.slice(i, i + chunk), acks: -1 });
    }
  } finally {
    await producer.disconnect();
  }
}
