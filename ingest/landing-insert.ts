/**
 * Appends prepared rows to one raw table and to event_index as one INSERT each:
 * every column travels as a single text value (values joined by newlines) that
 * DuckDB splits and casts, so the cost on the loader's thread is a few native
 * calls per batch instead of one per value (the Appender's twelve per event).
 *
 * Newline is a safe separator: envelope strings with control characters are
 * refused before this point, payloads are JSON.stringify output (which escapes
 * them), hashes are hex and numbers are digits. NULL travels as \x01, a control
 * character no accepted value holds. Topics may be any text (a file path), so
 * they go as a list and each row carries its topic's position in it.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { listValue } from "@duckdb/node-api";
import { quoteIdentifier } from "../core/sql-quote.js";
import { IngestError } from "./ingest-errors.js";
import { ingestMessages } from "./ingest-messages.js";
import type { PreparedColumns } from "./prepared-columns.js";
import type { SourceMessage } from "./source-message.js";

const NULL_MARK = "\x01";

const split = (param: number) => `unnest(string_split($${param}::VARCHAR, chr(10)))`;

/** Rows `rows` (indexes into `columns` and `messages`) of one raw table, in order. */
export async function insertRawRows(
  connection: DuckDBConnection,
  table: string,
  columns: PreparedColumns,
  messages: readonly SourceMessage[],
  rows: readonly number[],
  ingestedAtMicros: bigint,
): Promise<void> {
  const topics = new Map<string, number>();
  const topicIndex = rows.map((i) => {
    const topic = (messages[i] as SourceMessage).topic;
    let at = topics.get(topic);
    if (at === undefined) {
      at = topics.size + 1;
      topics.set(topic, at);
    }
    return at;
  });
  const text = (values: readonly (string | number | bigint | null | undefined)[]) =>
    values.map((v) => (v === null || v === undefined ? NULL_MARK : String(v))).join("\n");
  const params = [
    text(rows.map((i) => columns.eventId[i])),
    text(rows.map((i) => columns.eventType[i])),
    text(rows.map((i) => columns.schemaVersion[i])),
    text(rows.map((i) => columns.occurredMs[i])),
    text(rows.map((i) => columns.orgCode[i])),
    text(rows.map((i) => columns.sourceSystem[i])),
    text(rows.map((i) => columns.payload[i])),
    text(rows.map((i) => columns.hash[i])),
    text(topicIndex),
    text(rows.map((i) => (messages[i] as SourceMessage).partition)),
    text(rows.map((i) => (messages[i] as SourceMessage).offset)),
    listValue([...topics.keys()]),
    ingestedAtMicros,
  ];
  const result = await connection.run(
    `INSERT INTO ${quoteIdentifier(table)} (event_id, event_type, schema_version, occurred_at, org_code,
       source_system, payload, content_hash, topic, "partition", "offset", ingested_at)
     SELECT event_id, event_type, schema_version::INTEGER, make_timestamptz(occurred_ms::BIGINT * 1000),
       nullif(org_code, chr(1)), nullif(source_system, chr(1)), payload, content_hash,
       ($12::VARCHAR[])[topic_at::INTEGER], "partition"::INTEGER, "offset"::BIGINT, make_timestamptz($13::BIGINT)
     FROM (SELECT ${split(1)} AS event_id, ${split(2)} AS event_type, ${split(3)} AS schema_version,
       ${split(4)} AS occurred_ms, ${split(5)} AS org_code, ${split(6)} AS source_system,
       ${split(7)} AS payload, ${split(8)} AS content_hash, ${split(9)} AS topic_at,
       ${split(10)} AS "partition", ${split(11)} AS "offset")`,
    params,
  );
  checkCount(table, result.rowsChanged, rows.length);
  const index = await connection.run(
    `INSERT INTO event_index (event_id, content_hash, raw_table)
     SELECT ${split(1)}, ${split(2)}, $3::VARCHAR`,
    [params[0] as string, params[7] as string, table],
  );
  checkCount("event_index", index.rowsChanged, rows.length);
}

/** A split that disagreed with the row count would mean misaligned columns: fail the batch, never load it. */
function checkCount(table: string, inserted: number, expected: number): void {
  if (inserted !== expected)
    throw new IngestError(
      "LANDING_ROW_COUNT",
      ingestMessages.ingestLandingRowCount(table, inserted, expected),
    );
}
