/**
 * The Kafka consumer loop of `ohwb ingest`. Each batch is loaded in one DuckDB
 * transaction (BatchLoader); only after it commits are offsets committed to
 * Kafka, which is a convenience for lag tools — the warehouse's ingest_offsets
 * are the truth: on every partition assignment the consumer seeks there, and
 * anything below them that Kafka redelivers is skipped.
 */
import { getHeapStatistics } from "node:v8";
import type { Consumer, EachBatchPayload, Kafka, KafkaConfig, Producer } from "kafkajs";
import { createKafka } from "../kafka/client.js";
import { ensureTopics } from "../kafka/topics.js";
import { waitForRoom } from "./backlog-wait.js";
import { BatchAccumulator } from "./batch-accumulator.js";
import type { BatchLoader, DeadLetterRecord } from "./batch-loader.js";
import { MAX_PAYLOAD_BYTES } from "./decode.js";
import { InvalidEventStopsIngestError } from "./ingest-errors.js";
import { ingestMessages } from "./ingest-messages.js";
import { describeGap, gapBelowLogStart, type OffsetGap, OffsetGapError } from "./offset-gaps.js";
import { IngestProgress, type PartitionLag, ProgressPrinter } from "./progress.js";
import type { SourceMessage } from "./source-message.js";

export interface KafkaIngestOptions {
  brokers: string[];
  /** Client id sent to the brokers (default "ohwb-ingest"). */
  clientId?: string;
  /** Connection security for a real cluster (TLS, SASL), passed to kafkajs as is. */
  security?: Pick<KafkaConfig, "ssl" | "sasl">;
  topics: string[];
  groupId: string;
  loader: BatchLoader;
  /** Exit once nothing was loaded for this long and every partition is caught up. */
  untilIdleMs?: number;
  /** Mirror dead letters to `<topic>.dlq`. */
  dlq?: boolean;
  progressIntervalMs?: number;
  /** Aborting finishes the batch in flight, commits and returns. */
  signal: AbortSignal;
  printer?: ProgressPrinter;
  /** Pause fetching while the JS heap is above this many bytes (the warehouse is behind). */
  heapHighWaterBytes?: number;
  /** Messages Kafka deleted before they were loaded: recorded, and fatal unless accepted. */
  gaps?: GapPolicy;
  /** The consumer group's timeouts (config `kafka.consumer`). */
  consumer?: ConsumerTimeouts;
  /** Messages per loaded batch, at the most (config `ingest.flushMessages`; default 10,000). */
  flushMessages?: number;
}

export interface ConsumerTimeouts {
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  heartbeatMs: number;
}

const defaultTimeouts: ConsumerTimeouts = {
  sessionTimeoutMs: 10_000,
  rebalanceTimeoutMs: 10_000,
  heartbeatMs: 1_000,
};

export interface GapPolicy {
  /** Carry on from the broker's log start offset (`--accept-gaps`); otherwise ingest stops with OffsetGapError. */
  accept: boolean;
  record(gap: OffsetGap, accepted: boolean): Promise<void>;
}

function toSource(
  topic: string,
  partition: number,
  m: EachBatchPayload["batch"]["messages"][number],
): SourceMessage {
  return {
    topic,
    partition,
    offset: BigInt(m.offset),
    key: m.key ?? null,
    headers: m.headers as Record<string, unknown> | undefined,
    value: m.value ?? null,
  };
}

export async function runKafkaIngest(options: KafkaIngestOptions): Promise<IngestProgress> {
  const progress = new IngestProgress();
  const printer = options.printer ?? new ProgressPrinter();
  const kafka = createKafka(options.brokers, options.clientId ?? "ohwb-ingest", {
    ...options.security,
    retry: { initialRetryTime: 300, maxRetryTime: 5_000, retries: 12 },
  });
  const heapLimit = options.heapHighWaterBytes ?? 384 * 1024 * 1024;
  const { loader, signal } = options;

  let producer: Producer | undefined;
  if (options.dlq) {
    await ensureTopics(
      kafka,
      // room for the largest value a dead letter keeps (1 MiB) plus its headers, above Kafka's 1 MB default
      options.topics.map((t) => ({
        name: `${t}.dlq`,
        partitions: 1,
        config: { "max.message.bytes": String(2 * MAX_PAYLOAD_BYTES) },
      })),
    );
    producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
  }

  const lags = new LagTracker(kafka, options.topics, loader);
  // Where an accepted gap ends, per partition: the consumer starts there, not at the lost offsets.
  const resumeAt = new Map<string, bigint>();
  let unacceptedGaps: OffsetGap[] = [];
  let gapFound: () => void = () => undefined;
  const gapFoundPromise = new Promise<"gap">((resolve) => {
    gapFound = () => resolve("gap");
  });
  /** Records gaps; true when ingest may go on past them. */
  const handleGaps = async (gaps: OffsetGap[]): Promise<boolean> => {
    if (gaps.length === 0 || !options.gaps) return true;
    for (const gap of gaps) await options.gaps.record(gap, options.gaps.accept);
    if (!options.gaps.accept) {
      unacceptedGaps = gaps;
      gapFound();
      return false;
    }
    for (const gap of gaps) resumeAt.set(`${gap.topic}|${gap.partition}`, gap.to + 1n);
    printer.message(ingestMessages.ingestGapsAccepted(gaps.map(describeGap)));
    return true;
  };
  if (options.gaps && !(await handleGaps(await lags.gapsBelowLogStart()))) {
    await lags.close();
    throw new OffsetGapError(unacceptedGaps);
  }
  const timer = setInterval(() => {
    void lags.refresh().then((l) => printer.print(progress.line(l)));
  }, options.progressIntervalMs ?? 5_000);

  // The first join only: later rejoins (after an outage the coordinator keeps
  // rebalancing until the old member's session expires) must not restart the idle clock,
  // since lag is measured from the warehouse's offsets, not from group membership.
  let firstJoinAt = 0;
  const timeouts = options.consumer ?? defaultTimeouts;
  let consumer: Consumer | undefined;
  try {
    let restartDelay = 500;
    while (!signal.aborted) {
      consumer = kafka.consumer({
        groupId: options.groupId,
        sessionTimeout: timeouts.sessionTimeoutMs,
        rebalanceTimeout: timeouts.rebalanceTimeoutMs,
        heartbeatInterval: timeouts.heartbeatMs,
        maxBytesPerPartition: 1024 * 1024,
        // 8 MB a fetch: with eachBatch waiting for room (backlog-wait.ts) a 16 MB fetch in
        // flight beside two queued batches took peak RSS past 600 MB, for no gain in rate.
        maxBytes: 8 * 1024 * 1024,
        maxWaitTimeInMs: 500,
        // only committed transactions: an aborted one's events must never be loaded
        readUncommitted: false,
        retry: { initialRetryTime: 300, maxRetryTime: 5_000, retries: 20 },
      });
      const current = consumer;
      const crashed = new Promise<string>((resolve) => {
        current.on(current.events.CRASH, (event) => {
          if (!event.payload.restart) resolve(String(event.payload.error?.message ?? event.payload.error));
        });
      });
      const accumulator = new BatchAccumulator(
        async (messages) => {
          const result = await loader.load(messages);
          progress.record(result);
          // After the DuckDB commit; a failure here only means Kafka's view lags the warehouse.
          const commits = new Map<string, { topic: string; partition: number; offset: string }>();
          let previous: SourceMessage | undefined;
          for (const m of messages) {
            // Runs of one partition: its offset is looked up once per run.
            if (previous && m.topic === previous.topic && m.partition === previous.partition) continue;
            previous = m;
            const next = loader.nextOffset(m.topic, m.partition);
            if (next !== undefined)
              commits.set(`${m.topic}|${m.partition}`, {
                topic: m.topic,
                partition: m.partition,
                offset: String(next),
              });
          }
          // Bounded wait: during an outage kafkajs retries the commit for a long time, and the
          // next warehouse load must not wait for Kafka's copy of offsets the warehouse already holds.
          await Promise.race([
            current.commitOffsets([...commits.values()]).catch(() => undefined),
            sleep(2_000),
          ]);
          if (producer && result.deadLetters.length > 0) {
            const failure = await mirrorDeadLetters(producer, result.deadLetters);
            if (failure) {
              progress.dlqMirrorFailures += result.deadLetters.length;
              printer.message(ingestMessages.ingestDlqMirrorFailed(result.deadLetters.length, failure));
            }
          }
        },
        options.flushMessages ?? 10_000,
        200,
        (messages) => loader.prepareAhead(messages),
      );
      const flushTimer = setInterval(() => {
        if (accumulator.due()) accumulator.flush().catch(() => undefined);
      }, 50);
      // This consumer's next offset per partition: a batch that starts beyond it skipped offsets,
      // harmlessly (transaction markers) or because retention deleted them under us.
      const position = new Map<string, bigint>();
      // The warehouse is the source of truth: on every assignment, position each
      // partition at the warehouse's next offset (earliest when it holds nothing from it).
      // Synchronous, so the seek is registered before the first fetch after the join.
      current.on(current.events.GROUP_JOIN, (event) => {
        if (firstJoinAt === 0) firstJoinAt = Date.now();
        else printer.message(ingestMessages.ingestRejoined(options.groupId));
        accumulator.discard();
        position.clear();
        for (const [topic, partitions] of Object.entries(event.payload.memberAssignment)) {
          for (const partition of partitions) {
            const stored = loader.nextOffset(topic, partition);
            const floor = resumeAt.get(`${topic}|${partition}`);
            const next = stored !== undefined && floor !== undefined && floor > stored ? floor : stored;
            if (next !== undefined) position.set(`${topic}|${partition}`, next);
            current.seek({ topic, partition, offset: next === undefined ? "-2" : String(next) });
          }
        }
      });
      // A fetch holding only transaction markers or aborted records never reaches eachBatch.
      current.on(current.events.END_BATCH_PROCESS, ({ payload }) => {
        if (payload.batchSize !== 0 || payload.firstOffset === null) return;
        const through = BigInt(payload.lastOffset) + 1n;
        lags.noteSkipped(payload.topic, payload.partition, BigInt(payload.firstOffset), through);
        position.set(`${payload.topic}|${payload.partition}`, through);
      });
      try {
        await current.connect();
        await current.subscribe({ topics: options.topics, fromBeginning: true });
        await current.run({
          autoCommit: false,
          eachBatchAutoResolve: true,
          partitionsConsumedConcurrently: 1,
          eachBatch: async (payload) => {
            if (payload.isStale()) return;
            const { batch } = payload;
            const first = batch.messages[0];
            const key = `${batch.topic}|${batch.partition}`;
            const expected = position.get(key);
            if (first && expected !== undefined && BigInt(first.offset) > expected && options.gaps) {
              const gap = gapBelowLogStart(
                batch.topic,
                batch.partition,
                expected,
                await lags.logStart(batch.topic, batch.partition),
              );
              if (gap && !(await handleGaps([gap]))) return;
            }
            const last = batch.messages.at(-1);
            if (last) position.set(key, BigInt(batch.lastOffset()) + 1n);
            if (last)
              lags.noteSkipped(
                batch.topic,
                batch.partition,
                BigInt(last.offset) + 1n,
                BigInt(batch.lastOffset()) + 1n,
              );
            await accumulator.add(batch.messages.map((m) => toSource(batch.topic, batch.partition, m)));
            await payload.heartbeat().catch(() => undefined);
            await waitForRoom(accumulator, payload, timeouts.heartbeatMs);
            if (getHeapStatistics().used_heap_size > heapLimit)
              await relieveMemory(current, options.topics, heapLimit);
          },
        });
      } catch (error) {
        clearInterval(flushTimer);
        printer.message(ingestMessages.ingestConsumerCrashed(String(error), restartDelay));
        await disconnectWithin(current);
        await sleep(restartDelay, signal);
        restartDelay = Math.min(restartDelay * 2, 10_000);
        continue;
      }

      const idle = options.untilIdleMs
        ? waitUntilIdle(options.untilIdleMs, progress, lags, () => firstJoinAt, signal)
        : new Promise<never>(() => undefined);
      const stopped = new Promise<"stop">((resolve) => {
        if (signal.aborted) resolve("stop");
        signal.addEventListener("abort", () => resolve("stop"), { once: true });
      });
      const flushFailed = accumulator.whenFailed().then((error) => {
        // --on-invalid fail: stop for good (nothing past the invalid message was committed).
        if (error instanceof InvalidEventStopsIngestError) throw error;
        return `warehouse load failed: ${String(error)}`;
      });
      const outcome = await Promise.race([
        stopped,
        idle.then(() => "idle" as const),
        crashed,
        flushFailed,
        gapFoundPromise,
      ]);
      if (outcome === "stop" || outcome === "idle" || outcome === "gap") {
        // Load what is buffered, let the batch in flight finish (disconnect waits for it), load that too.
        await accumulator.flush().catch(() => undefined);
        await disconnectWithin(current);
        clearInterval(flushTimer);
        await accumulator.flush().catch(() => undefined);
        consumer = undefined;
        break;
      }
      // Crashed or a load failed: drop the buffer; a fresh consumer re-seeks to the warehouse offsets.
      clearInterval(flushTimer);
      accumulator.discard();
      await disconnectWithin(current);
      consumer = undefined;
      printer.message(ingestMessages.ingestConsumerCrashed(outcome, restartDelay));
      await sleep(restartDelay, signal);
      restartDelay = Math.min(restartDelay * 2, 10_000);
    }
  } finally {
    clearInterval(timer);
    if (consumer) await disconnectWithin(consumer);
    if (producer) await disconnectWithin(producer);
    await lags.close();
  }
  printer.print(progress.line(await lags.refresh()));
  printer.message(progress.summary());
  if (unacceptedGaps.length > 0) throw new OffsetGapError(unacceptedGaps);
  return progress;
}

/** Memory stays bounded when the warehouse is slower than Kafka: stop fetching until the heap drains. */
async function relieveMemory(consumer: Consumer, topics: string[], heapLimit: number): Promise<void> {
  consumer.pause(topics.map((topic) => ({ topic })));
  try {
    for (let i = 0; i < 20 && getHeapStatistics().used_heap_size > heapLimit * 0.8; i++) await sleep(100);
  } finally {
    consumer.resume(topics.map((topic) => ({ topic })));
  }
}

/** Resolves to why the send failed, or undefined when it succeeded. */
async function mirrorDeadLetters(
  producer: Producer,
  records: DeadLetterRecord[],
): Promise<string | undefined> {
  const byTopic = new Map<string, DeadLetterRecord[]>();
  for (const r of records) {
    const list = byTopic.get(r.topic) ?? [];
    list.push(r);
    byTopic.set(r.topic, list);
  }
  // A mirror for watchers, not the record of truth (dead_letter is): failures are logged and
  // counted, not fatal.
  return producer
    .sendBatch({
      topicMessages: [...byTopic].map(([topic, list]) => ({
        topic: `${topic}.dlq`,
        messages: list.map((r) => ({
          key: r.key,
          value: r.raw,
          headers: {
            "ohwb-reason": r.reason,
            "ohwb-issues": JSON.stringify(r.issues),
            "ohwb-source": `${r.topic}/${r.partition}/${r.offset}`,
          },
        })),
      })),
    })
    .then(
      () => undefined,
      (error: unknown) => (error instanceof Error ? error.message : String(error)),
    );
}

/**
 * kafkajs's disconnect waits for the batch in flight and a clean group leave, and
 * under load after an outage it can hang. The warehouse already holds every offset,
 * so giving up on Kafka's side after a bound loses nothing.
 */
async function disconnectWithin(client: { disconnect(): Promise<void> }, ms = 5_000): Promise<void> {
  await Promise.race([client.disconnect().catch(() => undefined), sleep(ms)]);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

async function waitUntilIdle(
  idleMs: number,
  progress: IngestProgress,
  lags: LagTracker,
  firstJoinAt: () => number,
  signal: AbortSignal,
): Promise<void> {
  while (!signal.aborted) {
    await sleep(250, signal);
    const joined = firstJoinAt();
    if (joined === 0) continue;
    if (Date.now() - Math.max(joined, progress.lastLoadAt) < idleMs) continue;
    const current = await lags.refresh();
    if (current && current.length > 0 && current.every((l) => l.lag === 0n)) return;
  }
}

/**
 * High-water marks from the cluster against the warehouse's offsets. A transactional
 * producer's commit and abort markers (and aborted records) take offsets that no
 * event is loaded from, so a partition ending in one would never look caught up;
 * the consumer reports such ranges (`noteSkipped`) once it has fetched past them.
 */
class LagTracker {
  private admin: ReturnType<Kafka["admin"]> | undefined;
  private connecting: Promise<void> | undefined;
  /** Per partition: offsets [from, through) held nothing to load. */
  private readonly skipped = new Map<string, { from: bigint; through: bigint }>();

  constructor(
    private readonly kafka: Kafka,
    private readonly topics: string[],
    private readonly loader: BatchLoader,
  ) {}

  /** Partitions whose warehouse offset is below the broker's log start offset (topics that exist). */
  async gapsBelowLogStart(): Promise<OffsetGap[]> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const existing = new Set(await admin.listTopics());
      const gaps: OffsetGap[] = [];
      for (const topic of this.topics.filter((t) => existing.has(t))) {
        for (const p of await admin.fetchTopicOffsets(topic)) {
          const gap = gapBelowLogStart(
            topic,
            p.partition,
            this.loader.nextOffset(topic, p.partition),
            BigInt(p.low),
          );
          if (gap) gaps.push(gap);
        }
      }
      return gaps;
    } finally {
      await disconnectWithin(admin);
    }
  }

  async logStart(topic: string, partition: number): Promise<bigint> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const offsets = await admin.fetchTopicOffsets(topic);
      return BigInt(offsets.find((o) => o.partition === partition)?.low ?? "0");
    } finally {
      await disconnectWithin(admin);
    }
  }

  noteSkipped(topic: string, partition: number, from: bigint, through: bigint): void {
    if (through > from) this.skipped.set(`${topic}|${partition}`, { from, through });
  }

  async refresh(): Promise<PartitionLag[] | undefined> {
    try {
      if (!this.admin) {
        const admin = this.kafka.admin({ retry: { retries: 1, initialRetryTime: 200 } });
        this.connecting ??= admin.connect();
        await this.connecting;
        this.admin = admin;
      }
      const out: PartitionLag[] = [];
      for (const topic of this.topics) {
        for (const p of await this.admin.fetchTopicOffsets(topic)) {
          const high = BigInt(p.high);
          const low = BigInt(p.low);
          let next = this.loader.nextOffset(topic, p.partition) ?? low;
          const skipped = this.skipped.get(`${topic}|${p.partition}`);
          if (skipped && next >= skipped.from && skipped.through > next) next = skipped.through;
          const position = next > low ? next : low;
          out.push({ topic, partition: p.partition, lag: high > position ? high - position : 0n });
        }
      }
      return out;
    } catch {
      this.connecting = undefined;
      return undefined;
    }
  }

  async close(): Promise<void> {
    if (this.admin) await disconnectWithin(this.admin);
  }
}
