/**
 * Gathers Kafka fetch batches into larger warehouse transactions. Brokers may
 * hand out small batches (a fetch can return as little as one produce batch);
 * a DuckDB commit per small batch would dominate the cost. Messages wait here
 * until `maxMessages` arrive or the oldest has waited `maxDelayMs`.
 *
 * Two flushes may be queued at once — one in its transaction, the next being
 * decoded ahead (`onQueued`, e.g. the loader's `prepareAhead`) — so decoding
 * overlaps the warehouse write. `behind()` says the queue is full: the Kafka
 * consumer then pauses fetching until `whenDrained()`.
 *
 * Safety: nothing here is committed anywhere until the flush's DuckDB
 * transaction commits. If a flush fails, the accumulator refuses further work
 * and the consumer is rebuilt, re-seeking to the warehouse's offsets, so
 * buffered messages are fetched again rather than skipped.
 */
import type { SourceMessage } from "./source-message.js";

/** One flush in its transaction and one decoded ahead. */
const MAX_QUEUED_FLUSHES = 2;

export class BatchAccumulator {
  private buffer: SourceMessage[] = [];
  private firstAt = 0;
  private chain: Promise<void> = Promise.resolve();
  /** Flushes queued and not yet finished. */
  private queued = 0;
  private drainedWaiters: (() => void)[] = [];
  private failure: unknown;
  private readonly failed: Promise<unknown>;
  private reportFailure: (error: unknown) => void = () => undefined;

  constructor(
    private readonly flushTo: (messages: SourceMessage[]) => Promise<void>,
    private readonly maxMessages = 10_000,
    private readonly maxDelayMs = 200,
    private readonly onQueued: (messages: SourceMessage[]) => void = () => undefined,
  ) {
    this.failed = new Promise((resolve) => {
      this.reportFailure = resolve;
    });
  }

  /** Resolves with the error once a flush has failed. */
  whenFailed(): Promise<unknown> {
    return this.failed;
  }

  get size(): number {
    return this.buffer.length;
  }

  /**
   * Adds a fetch batch. A full buffer starts a flush without waiting for it, so
   * fetching overlaps decoding and the warehouse write. With the queue full this
   * waits for it to drain first (a hard bound on memory: at most three buffers,
   * for callers that do not pause on `behind()`).
   */
  async add(messages: SourceMessage[]): Promise<void> {
    if (this.failure !== undefined) throw this.failure;
    if (this.buffer.length === 0) this.firstAt = Date.now();
    for (const m of messages) this.buffer.push(m);
    if (this.buffer.length >= this.maxMessages) {
      if (this.behind()) await this.whenDrained();
      if (this.failure !== undefined) throw this.failure;
      this.flush().catch(() => undefined);
    }
  }

  /** True while the queue of flushes is full: the source should stop fetching. */
  behind(): boolean {
    return this.queued >= MAX_QUEUED_FLUSHES;
  }

  /** Resolves once the queue has room again (at once when it has). */
  whenDrained(): Promise<void> {
    if (!this.behind()) return Promise.resolve();
    return new Promise((resolve) => this.drainedWaiters.push(resolve));
  }

  /**
   * True when the buffer has waited long enough and nothing is queued. While a flush
   * runs, a part-full buffer would only wait behind it, so it keeps filling instead:
   * batches grow when the warehouse is busy, and each commit's fixed cost is shared.
   */
  due(): boolean {
    return this.buffer.length > 0 && this.queued === 0 && Date.now() - this.firstAt >= this.maxDelayMs;
  }

  /** Loads everything buffered so far; flushes run one after another, in order. */
  flush(): Promise<void> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    const messages = this.buffer;
    this.buffer = [];
    if (messages.length > 0) {
      this.queued++;
      this.onQueued(messages);
      this.chain = this.chain.then(async () => {
        try {
          if (this.failure !== undefined) throw this.failure;
          await this.flushTo(messages);
        } catch (error) {
          if (this.failure === undefined) {
            this.failure = error;
            this.reportFailure(error);
          }
          throw error;
        } finally {
          this.queued--;
          if (!this.behind()) for (const wake of this.drainedWaiters.splice(0)) wake();
        }
      });
    }
    return this.chain;
  }

  /** Drops unflushed messages (after a rebalance they will be fetched again from the warehouse offsets). */
  discard(): void {
    this.buffer = [];
  }
}
