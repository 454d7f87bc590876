/**
 * Decode, validate, pseudonymise and hash on worker threads, so the loader's
 * thread only fetches from Kafka and talks to DuckDB. A batch is cut into one
 * contiguous slice per worker and the answers are joined back in order, so
 * order within every partition is kept. Values travel as one packed buffer
 * per slice (transferred, not copied); the answers are columns
 * (`prepared-columns.ts`).
 *
 * Workers start on first use and stop after a minute idle; they never keep
 * the process alive. A worker that dies rejects the batch it held with a
 * retriable DECODE_WORKER_FAILED (the loader then decodes that batch itself)
 * and a fresh one replaces it on the next batch.
 */
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { projectRoot } from "../core/project-root.js";
import type { DecodeJob } from "./decode-worker.js";
import { IngestError } from "./ingest-errors.js";
import { ingestMessages } from "./ingest-messages.js";
import { concatColumns, type PreparedColumns, packValues } from "./prepared-columns.js";

/** Below this many messages a batch is prepared on the loader's thread: a round trip costs more. */
export const POOL_MIN_BATCH = 1_000;
const IDLE_STOP_MS = 60_000;

/**
 * One worker per core but one, at most 8: the loader's thread (kafkajs, the DuckDB
 * calls) and DuckDB's own threads need a core too. On 2 cores one worker measured
 * as fast as two or faster, with less memory (BENCHMARKS.md, Ingest).
 */
export function defaultPoolSize(): number {
  return Math.max(1, Math.min(8, availableParallelism() - 1));
}

/**
 * The compiled worker script: next to this module when running from dist/, else
 * (sources under vitest) the build's copy; undefined when there is no build.
 */
export function decodeWorkerScript(): string | undefined {
  const here = fileURLToPath(import.meta.url);
  const script = here.endsWith(".js")
    ? join(here, "..", "decode-worker.js")
    : join(projectRoot(), "dist", "ingest", "decode-worker.js");
  return existsSync(script) ? script : undefined;
}

interface Pending {
  resolve(columns: PreparedColumns): void;
  reject(error: unknown): void;
}

interface PoolWorker {
  worker: Worker;
  pending: Map<number, Pending>;
}

type Answer = { id: number; columns: PreparedColumns } | { id: number; error: string };

export class DecodePool {
  private workers: PoolWorker[] = [];
  private nextId = 1;
  private idleTimer: NodeJS.Timeout | undefined;
  private inFlight = 0;
  /** Batches prepared on workers so far (tests check the workers really ran). */
  batches = 0;

  /** `key` is the pseudonym key: handed to each worker in memory (workerData), never written. */
  constructor(
    private readonly key: string,
    private readonly script: string,
    readonly size = defaultPoolSize(),
  ) {}

  async prepare(values: readonly (Uint8Array | null)[]): Promise<PreparedColumns> {
    clearTimeout(this.idleTimer);
    this.inFlight++;
    const workers = this.ensureWorkers();
    const per = Math.ceil(values.length / workers.length);
    const slices: Promise<PreparedColumns>[] = [];
    for (let w = 0; w * per < values.length; w++)
      slices.push(this.run(workers[w] as PoolWorker, values.slice(w * per, (w + 1) * per)));
    try {
      const columns = concatColumns(await Promise.all(slices));
      this.batches++;
      return columns;
    } finally {
      if (--this.inFlight === 0) {
        this.idleTimer = setTimeout(() => this.close(), IDLE_STOP_MS);
        this.idleTimer.unref();
      }
    }
  }

  /** Stops the workers (a later `prepare` starts new ones). */
  close(): void {
    clearTimeout(this.idleTimer);
    for (const w of this.workers) void w.worker.terminate();
    this.workers = [];
  }

  private run(target: PoolWorker, values: readonly (Uint8Array | null)[]): Promise<PreparedColumns> {
    const job: DecodeJob = { id: this.nextId++, packed: packValues(values) };
    return new Promise((resolve, reject) => {
      target.pending.set(job.id, { resolve, reject });
      target.worker.postMessage(job, [job.packed.bytes, job.packed.spans.buffer]);
    });
  }

  private ensureWorkers(): PoolWorker[] {
    while (this.workers.length < this.size) this.workers.push(this.startWorker());
    return this.workers;
  }

  private startWorker(): PoolWorker {
    // Smaller heaps than V8's defaults (which a worker would otherwise grow to, as garbage):
    // ~40 MB less peak RSS, measured. A batch that outgrows them kills its worker, and the
    // loader then decodes that batch on its own thread (full heap): slower, never lost.
    const worker = new Worker(this.script, {
      workerData: { key: this.key },
      resourceLimits: { maxOldGenerationSizeMb: 128, maxYoungGenerationSizeMb: 48 },
    });
    worker.unref();
    const entry: PoolWorker = { worker, pending: new Map() };
    worker.on("message", (answer: Answer) => {
      const pending = entry.pending.get(answer.id);
      if (!pending) return;
      entry.pending.delete(answer.id);
      if ("error" in answer)
        pending.reject(
          new IngestError("DECODE_WORKER_FAILED", ingestMessages.ingestDecodeWorkerFailed(answer.error)),
        );
      else pending.resolve(answer.columns);
    });
    const fail = (detail: string) => {
      this.workers = this.workers.filter((w) => w !== entry);
      const error = new IngestError("DECODE_WORKER_FAILED", ingestMessages.ingestDecodeWorkerFailed(detail), {
        retriable: true,
      });
      for (const p of entry.pending.values()) p.reject(error);
      entry.pending.clear();
    };
    worker.on("error", (error) => fail(error.message));
    worker.on("exit", (code) => fail(`exit code ${code}`));
    return entry;
  }
}
