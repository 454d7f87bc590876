/**
 * The Kafka path's backpressure (ingest/backlog-wait.ts) on a real BatchAccumulator: eachBatch
 * waits while two loads are queued, heartbeats meanwhile, and gives up waiting on a rebalance
 * or a stale batch. (The consumer is not paused any more: kafkajs sleeps a whole maxWaitTime
 * after a fetch with every partition paused, which cost ~0.4 s per fetch; see BENCHMARKS.md.)
 */
import { describe, expect, it } from "vitest";
import { waitForRoom } from "../../ingest/backlog-wait.js";
import { BatchAccumulator } from "../../ingest/batch-accumulator.js";
import type { SourceMessage } from "../../ingest/source-message.js";

function message(offset: number): SourceMessage {
  return { topic: "t", partition: 0, offset: BigInt(offset), key: null, value: null, headers: {} };
}

/** An accumulator whose loads finish only when told to, filled until its queue is full. */
async function fullAccumulator(): Promise<{ accumulator: BatchAccumulator; finishOne: () => void }> {
  const pending: (() => void)[] = [];
  const accumulator = new BatchAccumulator(
    () => new Promise<void>((resolve) => pending.push(resolve)),
    1,
    10_000,
  );
  await accumulator.add([message(0)]);
  await accumulator.add([message(1)]);
  expect(accumulator.behind()).toBe(true);
  return {
    accumulator,
    finishOne: () => {
      pending.shift()?.();
    },
  };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe("waiting for room in eachBatch", () => {
  it("waits while the queue is full, heartbeating, and returns once a load finishes", async () => {
    const { accumulator, finishOne } = await fullAccumulator();
    let heartbeats = 0;
    let returned = false;
    const waiting = waitForRoom(
      accumulator,
      { heartbeat: async () => void heartbeats++, isStale: () => false },
      1,
    ).then(() => {
      returned = true;
    });
    while (heartbeats < 3) await tick();
    expect(returned).toBe(false);
    finishOne();
    await waiting;
    expect(returned).toBe(true);
    expect(accumulator.behind()).toBe(false);
  });

  it("returns at once when there is room", async () => {
    const accumulator = new BatchAccumulator(async () => undefined, 10, 10_000);
    let heartbeats = 0;
    await waitForRoom(accumulator, { heartbeat: async () => void heartbeats++, isStale: () => false }, 1);
    expect(heartbeats).toBe(0);
  });

  it("stops waiting when the heartbeat fails (a rebalance), so the member can rejoin", async () => {
    const { accumulator } = await fullAccumulator();
    let heartbeats = 0;
    const heartbeat = async () => {
      heartbeats++;
      throw new Error("The group is rebalancing, so a rejoin is needed");
    };
    await waitForRoom(accumulator, { heartbeat, isStale: () => false }, 1);
    expect(heartbeats).toBe(1);
    expect(accumulator.behind()).toBe(true);
  });

  it("stops waiting once the batch is stale", async () => {
    const { accumulator } = await fullAccumulator();
    let stale = false;
    let heartbeats = 0;
    const waiting = waitForRoom(
      accumulator,
      {
        heartbeat: async () => {
          heartbeats++;
          if (heartbeats === 2) stale = true;
        },
        isStale: () => stale,
      },
      1,
    );
    await waiting;
    expect(heartbeats).toBe(2);
    expect(accumulator.behind()).toBe(true);
  });
});
