/**
 * Messages Kafka deleted (retention) before the warehouse loaded them. When the
 * warehouse's next offset for a partition is below the broker's log start
 * offset, offsets [from, to] are gone for good: ingest records the range in
 * `ingest_gaps` (kept with the landing layer, so it survives like the offsets)
 * and stops unless the operator accepted gaps (`--accept-gaps`).
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { IngestError } from "./ingest-errors.js";
import { ingestMessages } from "./ingest-messages.js";

export interface OffsetGap {
  topic: string;
  partition: number;
  /** First lost offset (the warehouse's next offset). */
  from: bigint;
  /** Last lost offset (one below the broker's log start offset). */
  to: bigint;
}

export interface RecordedGap extends OffsetGap {
  detectedAt: string;
  accepted: boolean;
}

export const INGEST_GAPS_DDL = `CREATE TABLE IF NOT EXISTS ingest_gaps (
      topic VARCHAR NOT NULL,
      "partition" INTEGER NOT NULL,
      from_offset BIGINT NOT NULL,
      to_offset BIGINT NOT NULL,
      detected_at TIMESTAMPTZ NOT NULL,
      accepted BOOLEAN NOT NULL,
      PRIMARY KEY (topic, "partition", from_offset))`;

/** The gap, if any, between the warehouse's next offset and the broker's log start offset. */
export function gapBelowLogStart(
  topic: string,
  partition: number,
  next: bigint | undefined,
  logStart: bigint,
): OffsetGap | undefined {
  if (next === undefined || next >= logStart) return undefined;
  return { topic, partition, from: next, to: logStart - 1n };
}

/** Inserts the gap, or widens and (once accepted) marks the one already recorded from the same offset. */
export async function recordGap(
  connection: DuckDBConnection,
  gap: OffsetGap,
  accepted: boolean,
): Promise<void> {
  await connection.run(
    `INSERT INTO ingest_gaps VALUES ($topic, $partition, $from, $to, now(), $accepted)
     ON CONFLICT (topic, "partition", from_offset) DO UPDATE
       SET to_offset = greatest(ingest_gaps.to_offset, excluded.to_offset),
           accepted = ingest_gaps.accepted OR excluded.accepted`,
    { topic: gap.topic, partition: gap.partition, from: gap.from, to: gap.to, accepted },
  );
}

/** Every recorded gap, oldest partition first; none in a warehouse no ingest of this version has opened. */
export async function readGaps(connection: DuckDBConnection): Promise<RecordedGap[]> {
  const exists = await connection.runAndReadAll(
    "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'ingest_gaps'",
  );
  if (Number(exists.getRows()[0]?.[0] ?? 0) === 0) return [];
  const result = await connection.runAndReadAll(
    `SELECT topic, "partition", from_offset, to_offset,
            strftime(detected_at AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%SZ'), accepted
     FROM ingest_gaps ORDER BY topic, "partition", from_offset`,
  );
  return result.getRows().map(([topic, partition, from, to, at, accepted]) => ({
    topic: String(topic),
    partition: Number(partition),
    from: BigInt(from as bigint),
    to: BigInt(to as bigint),
    detectedAt: String(at),
    accepted: Boolean(accepted),
  }));
}

/** Ingest stops on an unaccepted gap: nothing is skipped silently. */
export class OffsetGapError extends IngestError {
  constructor(readonly gaps: OffsetGap[]) {
    super("OFFSET_GAP", ingestMessages.ingestGapsFound(gaps.map(describeGap)), {
      context: { gaps: gaps.map(describeGap) },
    });
  }
}

export function describeGap(gap: OffsetGap): string {
  const count = gap.to - gap.from + 1n;
  return `${gap.topic}/${gap.partition} offsets ${gap.from}–${gap.to} (${count} message${count === 1n ? "" : "s"})`;
}
