/**
 * What `ohwb status` reports: per topic-partition, the warehouse's next offset
 * against the broker's high-water mark, dead letters by reason, and the time of
 * the last load — read from the warehouse, with the broker consulted if reachable.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import type { Kafka } from "kafkajs";
import { readGaps } from "./offset-gaps.js";

export interface PartitionStatus {
  topic: string;
  partition: number;
  warehouseOffset: string;
  highWaterMark: string | null;
  lag: string | null;
  updatedAt: string;
}

/** A range Kafka deleted before it was loaded (offsets as strings, for JSON). */
export interface GapStatus {
  topic: string;
  partition: number;
  from: string;
  to: string;
  detectedAt: string;
  accepted: boolean;
}

export interface IngestStatus {
  partitions: PartitionStatus[];
  gaps: GapStatus[];
  deadLettersByReason: Record<string, number>;
  eventsLoaded: number;
  lastLoadAt: string | null;
  brokerNote: string | null;
}

export async function readIngestStatus(connection: DuckDBConnection): Promise<IngestStatus> {
  const offsets = await connection.runAndReadAll(
    `SELECT topic, "partition", next_offset, strftime(updated_at AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%SZ')
     FROM ingest_offsets ORDER BY topic, "partition"`,
  );
  const dead = await connection.runAndReadAll(
    "SELECT reason, count(*) FROM dead_letter GROUP BY reason ORDER BY reason",
  );
  const loaded = await connection.runAndReadAll(
    `SELECT count(*), strftime(max(ingested_at) AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%SZ') FROM ingested_events`,
  );
  const [count, last] = loaded.getRows()[0] ?? [0, null];
  const gaps = (await readGaps(connection)).map((g) => ({ ...g, from: String(g.from), to: String(g.to) }));
  return {
    partitions: offsets.getRows().map(([topic, partition, next, updated]) => ({
      topic: String(topic),
      partition: Number(partition),
      warehouseOffset: String(next),
      highWaterMark: null,
      lag: null,
      updatedAt: String(updated),
    })),
    gaps,
    deadLettersByReason: Object.fromEntries(dead.getRows().map(([r, n]) => [String(r), Number(n)])),
    eventsLoaded: Number(count),
    lastLoadAt: last === null || last === undefined ? null : String(last),
    brokerNote: null,
  };
}

/** Fills in high-water marks and lag for the Kafka partitions (file sources have none). */
export async function addHighWaterMarks(status: IngestStatus, kafka: Kafka): Promise<void> {
  const admin = kafka.admin({ retry: { retries: 1 } });
  await admin.connect();
  try {
    const topics = [...new Set(status.partitions.map((p) => p.topic).filter((t) => !t.startsWith("file:")))];
    for (const topic of topics) {
      for (const o of await admin.fetchTopicOffsets(topic)) {
        let row = status.partitions.find((p) => p.topic === topic && p.partition === o.partition);
        if (!row) {
          row = {
            topic,
            partition: o.partition,
            warehouseOffset: o.low,
            highWaterMark: null,
            lag: null,
            updatedAt: "",
          };
          status.partitions.push(row);
        }
        row.highWaterMark = o.high;
        const lag = BigInt(o.high) - BigInt(row.warehouseOffset);
        row.lag = String(lag > 0n ? lag : 0n);
      }
    }
  } finally {
    await admin.disconnect();
  }
}

export function formatIngestStatus(status: IngestStatus): string {
  // The first column fits its longest name (a file's topic is its SHA-256, 76 characters).
  const names = status.partitions.map((p) => `${p.topic}[${p.partition}]`);
  const width = Math.max(40, ...names.map((n) => n.length));
  const lines = [
    `${"topic/partition".padEnd(width)}  ${"warehouse".padStart(10)}  ${"high-water".padStart(10)}  lag        updated`,
  ];
  for (const [i, p] of status.partitions.entries()) {
    lines.push(
      `${(names[i] as string).padEnd(width)}  ${p.warehouseOffset.padStart(10)}  ${(p.highWaterMark ?? "?").padStart(10)}  ${(p.lag ?? "?").padEnd(9)}  ${p.updatedAt}`,
    );
  }
  if (status.partitions.length === 0) lines.push("(nothing ingested yet)");
  lines.push("", `events loaded: ${status.eventsLoaded}; last load: ${status.lastLoadAt ?? "never"}`);
  const reasons = Object.entries(status.deadLettersByReason);
  lines.push(
    reasons.length === 0
      ? "dead letters: none"
      : `dead letters: ${reasons.map(([r, n]) => `${r}=${n}`).join(", ")} (total ${reasons.reduce((s, [, n]) => s + n, 0)})`,
  );
  if (status.gaps.length === 0) lines.push("gaps: none (Kafka deleted nothing before it was loaded)");
  for (const g of status.gaps) {
    const count = BigInt(g.to) - BigInt(g.from) + 1n;
    lines.push(
      `GAP ${g.topic}[${g.partition}] offsets ${g.from}–${g.to} (${count} messages) deleted by Kafka before loading; ` +
        `found ${g.detectedAt}, ${g.accepted ? "accepted (--accept-gaps)" : "NOT accepted: ingest stops until it is"}`,
    );
  }
  if (status.brokerNote) lines.push(status.brokerNote);
  return lines.join("\n");
}
