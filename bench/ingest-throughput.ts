/**
 * Ingest throughput (issues 4 and 18). Produces ≥ 200,000 realistic events to
 * the local broker, then measures in one run:
 *   (a) a raw kafkajs consume of the topic, no processing, and two floors on the
 *       same consume: (a1) JSON.parse of every value, (a2) the ingest's own
 *       per-event work (prepareEvent) on one thread without DuckDB;
 *   (b) the full `ohwb ingest` (child process, decode workers on) to committed DuckDB rows;
 *   (c) the same with OHWB_DECODE_WORKERS=0 (decoding on the loader's thread).
 * Rates run from the first batch to the last, so the group join is reported
 * apart. Prints the local Kafka broker's start time, the produce rate, the
 * rates, the ratio to (a), the ingest's peak RSS and its garbage collections
 * (the child runs under --trace-gc), and the broker's RSS.
 * Run: `npm run build && node dist/bench/ingest-throughput.js [count]`.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Kafka, Message } from "kafkajs";
import { prepareEvent } from "../ingest/prepare-event.js";
import { Pseudonymiser } from "../ingest/pseudonymise.js";
import { createKafka } from "../kafka/client.js";
import { type LocalKafka, startLocalKafka } from "../kafka/local-broker/local-kafka.js";
import { ensureTopics } from "../kafka/topics.js";
import { immunisationEvent } from "../tests/ingest/event-factory.js";
import {
  BENCH_PSEUDONYM_KEY,
  gcText,
  type IngestCliRun,
  runIngestCli,
  workersEnv,
} from "./support/ingest-cli-run.js";
import { statTicks } from "./support/thread-cpu.js";

const count = Number(process.argv[2] ?? 200_000);
const partitions = 32; // as in the runs on librdkafka's mock broker, so the figures compare

/** The broker JVM's resident and peak resident memory (MB), from /proc. */
function brokerMemory(broker: LocalKafka): string {
  const pid = broker.nodes[0]?.pid ?? 0;
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const mb = (field: string) =>
    Math.round(Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) / 1024);
  return `broker RSS ${mb("VmRSS")} MB (peak ${mb("VmHWM")} MB)`;
}

async function main(): Promise<void> {
  const broker = await startLocalKafka({ brokers: 1 });
  process.stdout.write(
    `local Kafka ${broker.version} (1 node) serving metadata after ${broker.startMs} ms\n`,
  );
  const dir = mkdtempSync(join(tmpdir(), "ohwb-bench-"));
  try {
    const topic = `bench.ingest.${Date.now()}`;
    const kafka = createKafka(broker.brokers, "ohwb-bench");
    await ensureTopics(kafka, [{ name: topic, partitions }]);

    // Produce.
    let bytes = 0;
    const producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
    const producedAt = performance.now();
    for (let i = 0; i < count; i += 5_000) {
      const messages: Message[] = [];
      for (let n = i; n < Math.min(i + 5_000, count); n++) {
        const e = immunisationEvent("bench", n);
        const value = JSON.stringify(e.event);
        bytes += value.length;
        messages.push({ key: e.key, value });
      }
      await producer.send({ topic, messages, acks: -1 });
    }
    await producer.disconnect();
    const produceSeconds = (performance.now() - producedAt) / 1000;
    process.stdout.write(
      `produced ${count} events (${Math.round(bytes / count)} B avg) to ${partitions} partitions in ${produceSeconds.toFixed(1)} s: ` +
        `${Math.round(count / produceSeconds)} events/s, ${(bytes / produceSeconds / 1e6).toFixed(1)} MB/s (acks=all); ${brokerMemory(broker)}\n`,
    );

    // (a) Raw consume, no processing; then the same consume with the least per-event work any
    // ingest that validates in JavaScript must do, on this thread, as floors for (b) and (c).
    const brokerPid = broker.nodes[0]?.pid ?? 0;
    const raw = await consumeTopic(kafka, topic, "raw", brokerPid, () => {});
    process.stdout.write(consumeLine("(a) raw kafkajs consume", raw, raw.rate));
    const parsed = await consumeTopic(kafka, topic, "parse", brokerPid, (value) => {
      if (value) JSON.parse(value.toString("utf8"));
    });
    process.stdout.write(consumeLine("(a1) consume + JSON.parse", parsed, raw.rate));
    const pseudonymiser = new Pseudonymiser(BENCH_PSEUDONYM_KEY);
    let refused = 0;
    const prepared = await consumeTopic(kafka, topic, "prepare", brokerPid, (value) => {
      if (!prepareEvent(value, pseudonymiser).ok) refused++;
    });
    if (refused > 0) throw new Error(`prepareEvent refused ${refused} bench events`);
    process.stdout.write(
      consumeLine(
        "(a2) consume + prepareEvent (decode, validate, pseudonymise, hash; no DuckDB)",
        prepared,
        raw.rate,
      ),
    );
    const rawRate = raw.rate;

    // (b), (c) Full ingest to committed DuckDB rows, as the CLI runs it.
    let brokerBefore = statTicks(`/proc/${brokerPid}/stat`) ?? 0;
    const pooled = await cliIngest(broker.bootstrap, topic, join(dir, "pooled.duckdb"), undefined);
    const brokerPooled = ((statTicks(`/proc/${brokerPid}/stat`) ?? 0) - brokerBefore) / 100;
    process.stdout.write(line("(b) full ingest, decode workers", pooled, brokerPooled));
    brokerBefore = statTicks(`/proc/${brokerPid}/stat`) ?? 0;
    const inline = await cliIngest(broker.bootstrap, topic, join(dir, "inline.duckdb"), "0");
    const brokerInline = ((statTicks(`/proc/${brokerPid}/stat`) ?? 0) - brokerBefore) / 100;
    process.stdout.write(line("(c) full ingest, no workers", inline, brokerInline));
    process.stdout.write(
      `ratio ingest/raw: (b) ${(pooled.rate / rawRate).toFixed(2)}, (c) ${(inline.rate / rawRate).toFixed(2)}; ` +
        `targets for (b): ≥ 150000 events/s ${pooled.rate >= 150_000 ? "met" : "MISSED"}, ` +
        `≥ 0.5 × raw ${pooled.rate >= 0.5 * rawRate ? "met" : "MISSED"}, RSS ≤ 600 MB ${pooled.peakRssMb <= 600 ? "met" : "MISSED"}; ` +
        `${brokerMemory(broker)}\n`,
    );
  } finally {
    await broker.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const line = (name: string, r: IngestCliRun, brokerCpu: number) =>
  `${name}: ${r.rows} committed rows, ${r.rate} events/s, peak RSS ${r.peakRssMb} MB, ${gcText(r)}; ` +
  `broker CPU ${brokerCpu.toFixed(2)} s\n`;

interface ConsumeRun {
  consumed: number;
  /** Messages per second from the first batch to the last. */
  rate: number;
  joinSeconds: number;
  /** This process's CPU (all threads) and the broker's, first batch to last. */
  cpuSeconds: number;
  brokerCpuSeconds: number;
}

/** Consumes the whole topic as a fresh group, calling `each` on every value inside eachBatch. */
async function consumeTopic(
  kafka: Kafka,
  topic: string,
  name: string,
  brokerPid: number,
  each: (value: Buffer | null) => void,
): Promise<ConsumeRun> {
  const consumer = kafka.consumer({
    groupId: `${name}-${topic}`,
    sessionTimeout: 6_000,
    rebalanceTimeout: 3_000,
    heartbeatInterval: 500,
    maxBytesPerPartition: 1024 * 1024,
    maxBytes: 16 * 1024 * 1024,
    maxWaitTimeInMs: 500,
  });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const started = performance.now();
  let first = 0;
  let consumed = 0;
  let cpuAtFirst = process.cpuUsage();
  let brokerAtFirst = 0;
  let guard: NodeJS.Timeout | undefined;
  await new Promise<void>((resolve) => {
    void consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        if (first === 0) {
          first = performance.now();
          cpuAtFirst = process.cpuUsage();
          brokerAtFirst = statTicks(`/proc/${brokerPid}/stat`) ?? 0;
        }
        for (const message of batch.messages) each(message.value);
        consumed += batch.messages.length;
        if (consumed >= count) resolve();
      },
    });
    guard = setTimeout(resolve, 120_000); // never hang the bench; a shortfall shows in the count
  });
  clearTimeout(guard);
  const end = performance.now();
  const cpu = process.cpuUsage(cpuAtFirst);
  const brokerCpuSeconds = ((statTicks(`/proc/${brokerPid}/stat`) ?? 0) - brokerAtFirst) / 100;
  await consumer.disconnect();
  return {
    consumed,
    rate: consumed / ((end - first) / 1000),
    joinSeconds: (first - started) / 1000,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    brokerCpuSeconds,
  };
}

const consumeLine = (name: string, r: ConsumeRun, rawRate: number) =>
  `${name}: ${r.consumed} messages, ${Math.round(r.rate)} msg/s (${(r.rate / rawRate).toFixed(2)} × raw), ` +
  `CPU ${((r.cpuSeconds * 1e6) / r.consumed).toFixed(1)} µs per message, broker CPU ${r.brokerCpuSeconds.toFixed(2)} s ` +
  `(group join ${r.joinSeconds.toFixed(1)} s)\n`;

/** The ingest CLI on the topic as a fresh consumer group, into its own warehouse. */
function cliIngest(bootstrap: string, topic: string, warehouse: string, workers: string | undefined) {
  const args = ["--topics", topic, "--group", `ingest-${topic}-${workers ?? "pool"}`];
  return runIngestCli(warehouse, [...args, "--until-idle", "1", "--progress-interval", "1"], count, {
    KAFKA_BROKERS: bootstrap,
    OHWB_KAFKA_SESSION_TIMEOUT_MS: "6000",
    OHWB_KAFKA_REBALANCE_TIMEOUT_MS: "3000",
    OHWB_KAFKA_HEARTBEAT_MS: "500",
    ...workersEnv(workers),
  });
}

await main();
