/**
 * What `ohwb dead-letters list` shows: dead letters counted by topic and
 * reason, read from clear columns only, so it needs no key and decrypts nothing.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { hasPlaintextDeadLetterColumns } from "./dead-letter-migration.js";
import { deadLetterMessages } from "./ingest-messages.js";

export interface DeadLetterCount {
  topic: string;
  reason: string;
  count: number;
  firstReceivedAt: string;
  lastReceivedAt: string;
}

export interface DeadLetterSummary {
  counts: DeadLetterCount[];
  total: number;
  /** True while the table still has an older version's plaintext columns (the next keyed ingest seals them). */
  plaintextColumns: boolean;
}

export async function readDeadLetterSummary(connection: DuckDBConnection): Promise<DeadLetterSummary> {
  const reader = await connection.runAndReadAll(
    `SELECT topic, reason, count(*),
       strftime(min(received_at) AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%SZ'),
       strftime(max(received_at) AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%SZ')
     FROM dead_letter GROUP BY topic, reason ORDER BY topic, reason`,
  );
  const counts = reader.getRows().map(([topic, reason, count, first, last]) => ({
    topic: String(topic),
    reason: String(reason),
    count: Number(count),
    firstReceivedAt: String(first),
    lastReceivedAt: String(last),
  }));
  return {
    counts,
    total: counts.reduce((sum, c) => sum + c.count, 0),
    plaintextColumns: await hasPlaintextDeadLetterColumns(connection),
  };
}

export function formatDeadLetterSummary(summary: DeadLetterSummary): string {
  const pending = summary.plaintextColumns ? [deadLetterMessages.deadLetterPlaintextPending()] : [];
  if (summary.counts.length === 0) return [deadLetterMessages.deadLetterListEmpty(), ...pending].join("\n");
  const width = Math.max(5, ...summary.counts.map((c) => c.topic.length));
  const lines = [`${"topic".padEnd(width)}  ${"reason".padEnd(22)}  ${"count".padStart(8)}  last received`];
  for (const c of summary.counts)
    lines.push(
      `${c.topic.padEnd(width)}  ${c.reason.padEnd(22)}  ${String(c.count).padStart(8)}  ${c.lastReceivedAt}`,
    );
  lines.push(`total: ${summary.total}`, ...pending);
  return lines.join("\n");
}
