/**
 * Appends prepared rows to one raw table and to event_index, inside the
 * caller's transaction.
 *
 * The raw table is filled through DuckDB's Appender with data chunks built
 * column by column (`DuckDBDataChunk`, 2,048 rows each): numbers and
 * timestamps are copied into a vector's buffer in one native call per column,
 * strings cost one call each. This measured the cheapest in CPU of the four
 * layouts in `bench/landing-append.ts` (the Appender per value, data chunks,
 * staged JSON + json_transform, newline-joined columns split in SQL), and the
 * loader's thread it runs on is otherwise idle while the decode workers work.
 *
 * event_index gets its two varying columns as newline-joined texts that SQL
 * splits: two native calls per batch instead of three per row. Newline is a
 * safe separator there: ids are validated UUIDs without control characters
 * and hashes are hex.
 */
import {
  BIGINT,
  type DuckDBConnection,
  DuckDBDataChunk,
  type DuckDBType,
  type DuckDBValue,
  INTEGER,
  TIMESTAMPTZ,
  timestampTZValue,
  VARCHAR,
} from "@duckdb/node-api";
import { IngestError } from "./ingest-errors.js";
import { ingestMessages } from "./ingest-messages.js";
import { tableColumns } from "./landing-schema.js";
import type { PreparedColumns } from "./prepared-columns.js";
import type { SourceMessage } from "./source-message.js";

/** DuckDB's vector size: the most rows a data chunk holds. */
const CHUNK_ROWS = 2048;

/** One raw-table column: its chunk type and its value for prepared row `i` of message `m`. */
interface ColumnSource {
  type: DuckDBType;
  value(columns: PreparedColumns, i: number, m: SourceMessage, ingestedAt: DuckDBValue): DuckDBValue;
}

const SOURCES: Record<string, ColumnSource> = {
  event_id: { type: VARCHAR, value: (c, i) => c.eventId[i] as string },
  event_type: { type: VARCHAR, value: (c, i) => c.eventType[i] as string },
  schema_version: { type: INTEGER, value: (c, i) => c.schemaVersion[i] as number },
  occurred_at: {
    type: TIMESTAMPTZ,
    value: (c, i) => timestampTZValue(BigInt(c.occurredMs[i] as number) * 1000n),
  },
  org_code: { type: VARCHAR, value: (c, i) => c.orgCode[i] ?? null },
  source_system: { type: VARCHAR, value: (c, i) => c.sourceSystem[i] ?? null },
  // JSON is VARCHAR underneath; the text is JSON.stringify output, so valid by construction.
  payload: { type: VARCHAR, value: (c, i) => c.payload[i] as string },
  content_hash: { type: VARCHAR, value: (c, i) => c.hash[i] as string },
  topic: { type: VARCHAR, value: (_c, _i, m) => m.topic },
  partition: { type: INTEGER, value: (_c, _i, m) => m.partition },
  offset: { type: BIGINT, value: (_c, _i, m) => m.offset },
  ingested_at: { type: TIMESTAMPTZ, value: (_c, _i, _m, at) => at },
};

/** Each raw table's columns in storage order (the Appender fills them in that order), read once per connection. */
const layouts = new WeakMap<DuckDBConnection, Map<string, ColumnSource[]>>();

async function layoutOf(connection: DuckDBConnection, table: string): Promise<ColumnSource[]> {
  let tables = layouts.get(connection);
  if (!tables) {
    tables = new Map();
    layouts.set(connection, tables);
  }
  let layout = tables.get(table);
  if (!layout) {
    const names = await tableColumns(connection, table);
    layout = names.map((name) => {
      const source = SOURCES[name];
      if (!source)
        throw new IngestError("LANDING_LAYOUT", ingestMessages.ingestLandingUnknownColumn(table, name));
      return source;
    });
    tables.set(table, layout);
  }
  return layout;
}

/** Rows `rows` (indexes into `columns` and `messages`) of one raw table, in order. */
export async function insertRawRows(
  connection: DuckDBConnection,
  table: string,
  columns: PreparedColumns,
  messages: readonly SourceMessage[],
  rows: readonly number[],
  ingestedAtMicros: bigint,
): Promise<void> {
  if (rows.length === 0) return;
  const layout = await layoutOf(connection, table);
  const types = layout.map((s) => s.type);
  const ingestedAt = timestampTZValue(ingestedAtMicros);
  const appender = await connection.createAppender(table);
  try {
    const values: DuckDBValue[] = [];
    for (let from = 0; from < rows.length; from += CHUNK_ROWS) {
      const n = Math.min(CHUNK_ROWS, rows.length - from);
      const chunk = DuckDBDataChunk.create(types, n);
      values.length = n;
      for (let c = 0; c < layout.length; c++) {
        const source = layout[c] as ColumnSource;
        for (let r = 0; r < n; r++) {
          const i = rows[from + r] as number;
          values[r] = source.value(columns, i, messages[i] as SourceMessage, ingestedAt);
        }
        chunk.setColumnValues(c, values);
      }
      appender.appendDataChunk(chunk);
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
  const ids = rows.map((i) => columns.eventId[i] as string).join("\n");
  const hashes = rows.map((i) => columns.hash[i] as string).join("\n");
  const index = await connection.run(
    `INSERT INTO event_index (event_id, content_hash, raw_table)
     SELECT unnest(string_split($1::VARCHAR, chr(10))), unnest(string_split($2::VARCHAR, chr(10))), $3::VARCHAR`,
    [ids, hashes, table],
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
