/** Producing test events to the test broker in chunks, each acknowledged by all in-sync replicas. */
import type { Kafka, Message } from "kafkajs";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function produceAll(
  kafka: Kafka,
  topic: string,
  messages: Message[],
  chunk = 2_000,
  /** how long one chunk may keep failing with errors a retry can help (a leader election, a node down) */
  patienceMs = 90_000,
): Promise<void> {
  // idempotent: a chunk kafkajs resends after a leader change (leader-failover) is written once, not
  // again at new offsets, where a conflicting event in it would be a second, genuine dead letter
  const producer = kafka.producer({
    allowAutoTopicCreation: false,
    idempotent: true,
    maxInFlightRequests: 1,
  });
  // an idempotent producer's connect asks "the controller" for its producer id, and kafkajs gives up
  // at once (bail) when that is a node just killed that the metadata still lists: try again
  await patiently(() => producer.connect(), patienceMs);
  try {
    for (let i = 0; i < messages.length; i += chunk) {
      await patiently(
        () => producer.send({ topic, messages: messages.slice(i, i + chunk), acks: -1 }),
        patienceMs,
      );
    }
  } finally {
    await producer.disconnect();
  }
}

/**
 * kafkajs gives up on a send (or a connect) after its own retries, which a loaded machine's
 * election can outlast. Sending again on the same idempotent producer reuses the chunk's sequence
 * numbers, so the broker keeps one copy whichever attempt got through.
 */
async function patiently(attempt: () => Promise<unknown>, patienceMs: number): Promise<void> {
  const deadline = Date.now() + patienceMs;
  for (;;) {
    try {
      await attempt();
      return;
    } catch (error) {
      if (!retryHelps(error) || Date.now() > deadline) throw error;
      await sleep(500);
    }
  }
}

function retryHelps(error: unknown): boolean {
  const { name, retriable } = error as { name?: string; retriable?: boolean };
  return (
    retriable === true ||
    name === "KafkaJSNumberOfRetriesExceeded" ||
    name === "KafkaJSConnectionError" ||
    name === "KafkaJSConnectionClosedError" ||
    name === "KafkaJSRequestTimeoutError"
  );
}
