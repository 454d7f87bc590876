/**
 * Backpressure for the Kafka path, inside eachBatch: the consumer's fetch loop waits while
 * the loader's queue is full, and the member stays in its group meanwhile.
 */
import type { EachBatchPayload } from "kafkajs";
import type { BatchAccumulator } from "./batch-accumulator.js";

/**
 * Backpressure: while the loader's queue is full (one batch in its transaction, the next
 * decoded ahead) eachBatch waits here, heartbeating so the group keeps this member. It does
 * not pause the consumer: with every partition paused kafkajs sleeps a whole maxWaitTime
 * before it fetches again (consumerGroup.fetch), which cost ~0.4 s per 16 MB fetch. A
 * rebalance (the heartbeat fails) or a stale batch ends the wait, so the member can rejoin.
 */
export async function waitForRoom(
  accumulator: BatchAccumulator,
  payload: Pick<EachBatchPayload, "heartbeat" | "isStale">,
  heartbeatMs: number,
): Promise<void> {
  while (accumulator.behind() && !payload.isStale()) {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      accumulator.whenDrained(),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, heartbeatMs);
      }),
    ]);
    clearTimeout(timer);
    try {
      await payload.heartbeat();
    } catch {
      return;
    }
  }
}
