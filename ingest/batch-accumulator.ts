/**
 * Gathers Kafka fetch batches into larger warehouse transactions. Brokers may
 * hand out small batches (the local mock returns one produce batch per fetch);
 * a DuckDB commit per small batch would dominate the cost. Messages wait here
 * until `maxMessages` arrive or the oldest has waited `maxDelayMs`.
 *
 * Safety: nothing here is committed anywhere until the flush's DuckDB
 * transaction commits. If a flush fails, the accumulator refuses further work
 * and the consumer is rebuilt, re-seeking to the warehouse's offsets, so
 * buffered messages are fetched again rather than skipped.
 */
import type { SourceMessage } from "./source-message.js";

export class BatchAccumulator {
  private buffer: SourceMessage[] = [];
  private firstAt = 0;
  private chain: Promise<void> = Promise.resolve();
  private inFlight: Promise<void> = Promise.resolve();
  private failure: unknown;
  private readonly failed: Promise<unknown>;
  private reportFailure: (error: unknown) => void = () => undefined;

  constructor(
    private readonly flushTo: (messages: SourceMessage[]) => Promise<void>,
    private readonly maxMessages = 10_000,
    private readonly maxDelayMs = 200,
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
   * fetching overlaps the warehouse write; if the previous flush is still
   * running, this waits for it first (backpressure: at most two buffers in memory).
   */
  async add(messages: SourceMessage[]): Promise<void> {
    if (this.failure !== undefined) throw this.failure;
    if (this.buffer.length === 0) this.firstAt = Date.now();
    for (const m of messages) this.buffer.push(m);
    if (this.buffer.length >= this.maxMessages) {
      await this.inFlight;
      if (this.failure !== undefined) throw this.failure;
      const flushing = this.flush();
      this.inFlight = flushing.catch(() => undefined);
    }
  }

  due(): boolean {
    return this.buffer.length > 0 && Date.now() - this.firstAt >= this.maxDelayMs;
  }

  /** Loads everything buffered so far; flushes run one after another, in order. */
  flush(): Promise<void> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    const messages = this.buffer;
    this.buffer = [];
    if (messages.length > 0) {
      this.chain = this.chain.then(async () => {
        if (this.failure !== undefined) throw this.failure;
        try {
          await this.flushTo(messages);
        } catch (error) {
          this.failure = error;
          this.reportFailure(error);
          throw error;
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
