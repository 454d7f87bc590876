/**
 * One in-process queue through which every scheduled job reaches the warehouse. DuckDB lets one
 * process write a file, and the scheduler is that process, but inside it the refresh (ingest,
 * transform) and the pack builds must still not interleave on the job connection: a transaction
 * of one would swallow the statements of the other. Work runs strictly one item at a time, in the
 * order it was queued; a failing item does not stop the ones behind it.
 */
export class SerialQueue {
  private tail: Promise<void> = Promise.resolve();
  private pending = 0;

  run<T>(work: () => Promise<T>): Promise<T> {
    this.pending += 1;
    const result = this.tail.then(work).finally(() => {
      this.pending -= 1;
    });
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  /** Items queued or running. */
  get size(): number {
    return this.pending;
  }

  /** Resolves once everything queued so far has finished. */
  async idle(): Promise<void> {
    let seen: Promise<void> | undefined;
    while (seen !== this.tail) {
      seen = this.tail;
      await seen;
    }
  }
}
