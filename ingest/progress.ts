/**
 * Running totals of an ingest run and the progress line printed on stderr:
 * events/s, dead letters, lag per partition. On a TTY the line rewrites itself
 * in place; otherwise one line per interval, which logs and tests can parse.
 */
import { createLogger, type Logger } from "../core/logger.js";
import type { BatchResult } from "./batch-loader.js";

export interface PartitionLag {
  topic: string;
  partition: number;
  lag: bigint;
}

export class IngestProgress {
  loaded = 0;
  duplicates = 0;
  skipped = 0;
  deadLetters = 0;
  /** Dead letters the `<topic>.dlq` mirror failed to send (they are still in dead_letter). */
  dlqMirrorFailures = 0;
  readonly deadLettersByReason = new Map<string, number>();
  lastLoadAt = 0;
  /** When the first non-empty batch committed: rates exclude start-up and group-join time. */
  firstLoadAt = 0;
  private readonly startedAt = Date.now();
  private windowStart = Date.now();
  private windowLoaded = 0;

  /** The totals as plain data, for `--json` reports. */
  toJSON() {
    return {
      loaded: this.loaded,
      duplicates: this.duplicates,
      skipped: this.skipped,
      deadLetters: this.deadLetters,
      deadLettersByReason: Object.fromEntries([...this.deadLettersByReason].sort()),
      dlqMirrorFailures: this.dlqMirrorFailures,
    };
  }

  record(result: BatchResult): void {
    this.loaded += result.loaded;
    this.duplicates += result.duplicates;
    this.skipped += result.skipped;
    this.deadLetters += result.deadLetters.length;
    for (const d of result.deadLetters)
      this.deadLettersByReason.set(d.reason, (this.deadLettersByReason.get(d.reason) ?? 0) + 1);
    if (result.loaded + result.deadLetters.length + result.duplicates > 0) {
      this.lastLoadAt = Date.now();
      if (this.firstLoadAt === 0) this.firstLoadAt = this.lastLoadAt;
    }
  }

  /** Events loaded per second since the previous call. */
  private rate(): number {
    const now = Date.now();
    const seconds = Math.max((now - this.windowStart) / 1000, 0.001);
    const rate = (this.loaded - this.windowLoaded) / seconds;
    this.windowStart = now;
    this.windowLoaded = this.loaded;
    return rate;
  }

  line(lags: PartitionLag[] | undefined): string {
    const lagText =
      lags === undefined
        ? "lag ?"
        : `lag ${lags.reduce((sum, l) => sum + l.lag, 0n)}${
            lags.length <= 12 ? ` [${lags.map((l) => `${l.topic}[${l.partition}]=${l.lag}`).join(" ")}]` : ""
          }`;
    return (
      `ingest: loaded ${this.loaded} (${Math.round(this.rate())}/s), dead letters ${this.deadLetters}, ` +
      `duplicates ${this.duplicates}, ${lagText}`
    );
  }

  summary(): string {
    const seconds = (Date.now() - this.startedAt) / 1000;
    const reasons = [...this.deadLettersByReason].map(([r, n]) => `${r}=${n}`).join(" ");
    // First to last load leaves the group join and the idle wait out; under a second apart (one or
    // two batches) that span says nothing, so the whole run's time stands in.
    const loadSeconds = (this.lastLoadAt - this.firstLoadAt) / 1000;
    const overSpan = this.firstLoadAt > 0 && loadSeconds >= 1;
    const rate = Math.round(this.loaded / (overSpan ? loadSeconds : Math.max(seconds, 0.001)));
    const rateText = `${rate} events/s ${overSpan ? "from first to last load" : "over the whole run"}`;
    const usage = process.resourceUsage();
    const peakRssMb = Math.round(usage.maxRSS / 1024);
    // Every thread's CPU (the loader's, the decode workers', DuckDB's): on a shared machine a
    // steadier measure of the work per event than the rate.
    const cpuSeconds = (usage.userCPUTime + usage.systemCPUTime) / 1e6;
    return (
      `ingest: done: loaded ${this.loaded}, dead letters ${this.deadLetters}${reasons ? ` (${reasons})` : ""}, ` +
      `duplicates ${this.duplicates}${this.dlqMirrorFailures ? `, not mirrored to .dlq ${this.dlqMirrorFailures}` : ""}, in ${seconds.toFixed(1)} s (${rateText}), ` +
      `peak RSS ${peakRssMb} MB, CPU ${cpuSeconds.toFixed(1)} s`
    );
  }
}

/** Writes progress lines: in place on a TTY, one per line otherwise. */
/** Ingest's progress lines and notices, written through the one logger (core/logger.ts). */
export class ProgressPrinter {
  constructor(private readonly log: Logger = createLogger()) {}

  print(line: string): void {
    this.log.progress(line);
  }

  message(text: string): void {
    this.log.info(text);
  }
}
