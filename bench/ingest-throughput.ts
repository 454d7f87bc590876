/**
 * Ingest throughput (issue 4). Produces ≥ 200,000 realistic events to the local
 * broker, then measures in one run:
 *   (a) a raw kafkajs consume of the topic, no processing;
 *   (b) the full `ohwb ingest` (child process) to committed DuckDB rows.
 * Both rates run from the first batch to the last, so the group join is
 * reported apart. Prints the local Kafka broker's start time, the produce rate,
 * the rates, their ratio, the ingest's peak RSS and the broker's RSS. Run: `npm run build && node dist/bench/ingest-throughput.js [count]`.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Message } from "kafkajs";
import { openWarehouse } from "../core/duckdb.js";
import { projectRoot } from "../core/project-root.js";
import { createKafka } from "../kafka/client.js";
import { type LocalKafka, startLocalKafka } from "../kafka/local-broker/local-kafka.js";
import { ensureTopics } from "../kafka/topics.js";
import { immunisationEvent } from "../tests/ingest/event-factory.js";

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

    // (a) Raw consume, no processing.
    const consumer = kafka.consumer({
      groupId: `raw-${topic}`,
      sessionTimeout: 6_000,
      rebalanceTimeout: 3_000,
      heartbeatInterval: 500,
      maxBytesPerPartition: 1024 * 1024,
      maxBytes: 16 * 1024 * 1024,
      maxWaitTimeInMs: 500,
    });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const rawStarted = performance.now();
    let firstRaw = 0;
    let consumed = 0;
    let guard: NodeJS.Timeout | undefined;
    await new Promise<void>((resolve) => {
      void consumer.run({
        autoCommit: false,
        eachBatch: async ({ batch }) => {
          if (firstRaw === 0) firstRaw = performance.now();
          consumed += batch.messages.length;
          if (consumed >= count) resolve();
        },
      });
      guard = setTimeout(resolve, 120_000); // never hang the bench; a shortfall shows in the count
    });
    clearTimeout(guard);
    const rawEnd = performance.now();
    await consumer.disconnect();
    const rawRate = consumed / ((rawEnd - firstRaw) / 1000);
    process.stdout.write(
      `(a) raw kafkajs consume: ${consumed} messages, ${Math.round(rawRate)} msg/s (group join ${((firstRaw - rawStarted) / 1000).toFixed(1)} s)\n`,
    );

    // (b) Full ingest to committed DuckDB rows, as the CLI runs it.
    const warehouse = join(dir, "bench.duckdb");
    const child = spawn(
      process.execPath,
      [
        join(projectRoot(), "dist", "cli", "ohwb.js"),
        "ingest",
        "--warehouse",
        warehouse,
        "--topics",
        topic,
        "--group",
        `ingest-${topic}`,
        "--until-idle",
        "1",
        "--progress-interval",
        "1",
      ],
      {
        env: {
          ...process.env,
          KAFKA_BROKERS: broker.bootstrap,
          OHWB_PSEUDONYM_KEY: "bench-pseudonym-key-0123456789abcdef0123456789",
          OHWB_KAFKA_SESSION_TIMEOUT_MS: "6000",
          OHWB_KAFKA_REBALANCE_TIMEOUT_MS: "3000",
          OHWB_KAFKA_HEARTBEAT_MS: "500",
        },
        stdio: ["ignore", "ignore", "pipe"],
      },
    );
    let stderr = "";
    child.stderr?.on("data", (c: Buffer) => {
      stderr += c.toString("utf8");
    });
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    const summary = stderr.split("\n").find((l) => l.includes("done:")) ?? "";
    if (code !== 0) throw new Error(`ingest exited ${code}:\n${stderr}`);
    const ingestRate = Number(/\((\d+) events\/s/.exec(summary)?.[1] ?? 0);
    const rss = Number(/peak RSS (\d+) MB/.exec(summary)?.[1] ?? 0);
    const wh = await openWarehouse(warehouse, { readOnly: true });
    const rows = Number(
      (await wh.connection.runAndReadAll("SELECT count(*) FROM ingested_events")).getRowsJS()[0]?.[0] ?? 0,
    );
    wh.close();
    if (rows !== count) throw new Error(`expected ${count} committed rows, found ${rows}`);
    process.stdout.write(
      `(b) full ingest: ${rows} committed rows, ${ingestRate} events/s, peak RSS ${rss} MB; ${brokerMemory(broker)}\n`,
    );
    process.stdout.write(
      `ratio ingest/raw: ${(ingestRate / rawRate).toFixed(2)}  targets: ≥ 50000 events/s ${ingestRate >= 50_000 ? "met" : "MISSED"}, ` +
        `≥ 0.5 × raw ${ingestRate >= 0.5 * rawRate ? "met" : "MISSED"}, RSS ≤ 600 MB ${rss <= 600 ? "met" : "MISSED"}\n`,
    );
  } finally {
    await broker.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
