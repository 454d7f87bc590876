/**
 * The one-transaction load of a batch. Decode → validate → pseudonymise →
 * hash happen first, on the decode workers for large batches
 * (`decode-pool.ts`) or on this thread for small ones, with the same code
 * (`prepare-event.ts`); then dedupe; then, inside a single DuckDB transaction,
 * valid events are inserted into their raw tables column by column
 * (`landing-insert.ts`), invalid ones appended to dead_letter (key, headers
 * and value sealed, issues scrubbed of identifiers: they may hold staff ids
 * in clear), and the next offset per topic-partition is stored. Either all of
 * it is in the warehouse or none of it is, so the stored offsets always
 * describe exactly what was loaded.
 */
import { isUtf8 } from "node:buffer";
import type { DuckDBAppender, DuckDBConnection } from "@duckdb/node-api";
import { listValue, timestampTZValue } from "@duckdb/node-api";
import { inTransaction } from "../core/duckdb.js";
import { DeadLetterQuarantine, rawDigest, type SealedField } from "./dead-letter-quarantine.js";
import type { DeadLetterIssue, DeadLetterReason } from "./dead-letter-reasons.js";
import { redactIssues, storedEventId, storedEventType } from "./dead-letter-redaction.js";
import { MAX_PAYLOAD_BYTES } from "./decode.js";
import { DecodePool, decodeWorkerScript, defaultPoolSize, POOL_MIN_BATCH } from "./decode-pool.js";
import { DedupeState, LoadedIdFilter, loadedHashes } from "./dedupe.js";
import { IngestError, InvalidEventStopsIngestError } from "./ingest-errors.js";
import { ingestMessages } from "./ingest-messages.js";
import { insertRawRows } from "./landing-insert.js";
import { tableColumns } from "./landing-schema.js";
import { prepareEvent } from "./prepare-event.js";
import { type PreparedColumns, prepareColumns } from "./prepared-columns.js";
import type { Pseudonymiser } from "./pseudonymise.js";
import { partitionKey, type SourceMessage } from "./source-message.js";

/**
 * One refused message. key, headers and raw are in clear here (for the `.dlq`
 * mirror) and sealed on their way into the warehouse; issues are already scrubbed.
 */
export interface DeadLetterRecord {
  topic: string;
  partition: number;
  offset: bigint;
  key: Buffer | null;
  headers: string | null;
  raw: Buffer | null;
  rawSize: number;
  /** SHA-256 of the whole value as received; null when it is short enough to guess. */
  rawSha256: string | null;
  reason: DeadLetterReason;
  issues: DeadLetterIssue[];
  eventId: string | null;
  eventType: string | null;
}

export interface BatchResult {
  loaded: number;
  /** Resends of already-loaded events with identical content: dropped, not dead-lettered. */
  duplicates: number;
  /** Messages below the warehouse's stored offset (redelivered after a crash): ignored. */
  skipped: number;
  deadLetters: DeadLetterRecord[];
}

export interface BatchLoaderOptions {
  /** Decode worker threads (config `ingest.decodeWorkers`; 0 = prepare on the loader's thread); default one per core but one. */
  decodeWorkers?: number;
}

export class BatchLoader {
  /** Next offset to load per topic-partition, as committed in the warehouse. */
  private readonly offsets = new Map<string, bigint>();

  private readonly quarantine: DeadLetterQuarantine;

  /** Batches whose preparation `prepareAhead` started. */
  private readonly ahead = new WeakMap<readonly SourceMessage[], Promise<PreparedColumns>>();

  /** Undefined when configured off or when there is no compiled worker script (sources without a build). */
  readonly pool: DecodePool | undefined;
  /** What an invalid message does: land in dead_letter (default), or stop ingest before the batch commits. */
  onInvalid: "dead-letter" | "fail" = "dead-letter";

  private constructor(
    private readonly connection: DuckDBConnection,
    private readonly pseudonymiser: Pseudonymiser,
    private readonly loadedIds: LoadedIdFilter,
    options: BatchLoaderOptions,
  ) {
    this.quarantine = DeadLetterQuarantine.fromPseudonymiser(pseudonymiser);
    const script = decodeWorkerScript();
    const size = options.decodeWorkers ?? defaultPoolSize();
    this.pool = script && size > 0 ? new DecodePool(pseudonymiser.workerKey, script, size) : undefined;
  }

  static async open(
    connection: DuckDBConnection,
    pseudonymiser: Pseudonymiser,
    options: BatchLoaderOptions = {},
  ): Promise<BatchLoader> {
    const loader = new BatchLoader(
      connection,
      pseudonymiser,
      await LoadedIdFilter.fromWarehouse(connection),
      options,
    );
    const reader = await connection.runAndReadAll(
      `SELECT topic, "partition", next_offset FROM ingest_offsets`,
    );
    for (const [topic, partition, next] of reader.getRows())
      loader.offsets.set(partitionKey(String(topic), Number(partition)), BigInt(next as bigint));
    return loader;
  }

  /** Stops the decode workers (they also stop by themselves when idle, and never hold the process open). */
  close(): void {
    this.pool?.close();
  }

  /** The warehouse's next offset for a partition, or undefined when nothing was loaded from it. */
  nextOffset(topic: string, partition: number): bigint | undefined {
    return this.offsets.get(partitionKey(topic, partition));
  }

  committedOffsets(): { topic: string; partition: number; next: bigint }[] {
    return [...this.offsets].map(([key, next]) => {
      const at = key.lastIndexOf("|");
      return { topic: key.slice(0, at), partition: Number(key.slice(at + 1)), next };
    });
  }

  /**
   * Starts preparing (decoding, validating, hashing) a batch that `load` will be given later,
   * so its decoding overlaps the transaction in flight. `load(messages)` with the same array uses it.
   */
  prepareAhead(messages: readonly SourceMessage[]): void {
    if (this.ahead.has(messages)) return;
    const prepared = Promise.resolve().then(() => this.prepare(messages));
    prepared.catch(() => undefined); // load() sees the failure; a batch never loaded must not crash the process
    this.ahead.set(messages, prepared);
  }

  async load(messages: readonly SourceMessage[]): Promise<BatchResult> {
    const result: BatchResult = { loaded: 0, duplicates: 0, skipped: 0, deadLetters: [] };
    const nextOffsets = new Map<string, { topic: string; partition: number; next: bigint }>();
    const ahead = this.ahead.get(messages);
    this.ahead.delete(messages);
    // Messages below the stored offsets are prepared too (they are rare: redeliveries after a
    // restart), so that preparation never has to wait for the previous batch's commit.
    const columns = await (ahead ?? this.prepare(messages));

    const candidates: number[] = [];
    // Messages come in runs of one partition (a fetch batch, a file): its key and stored
    // offset are looked up once per run, not once per message.
    let runTopic: string | undefined;
    let runPartition = -1;
    let pk = "";
    let stored: bigint | undefined;
    for (let i = 0; i < messages.length; i++) {
      const msg = messages[i] as SourceMessage;
      if (msg.topic !== runTopic || msg.partition !== runPartition) {
        runTopic = msg.topic;
        runPartition = msg.partition;
        pk = partitionKey(msg.topic, msg.partition);
        stored = this.offsets.get(pk);
      }
      if (stored !== undefined && msg.offset < stored) {
        result.skipped++;
        continue;
      }
      const seen = nextOffsets.get(pk);
      if (!seen) nextOffsets.set(pk, { topic: msg.topic, partition: msg.partition, next: msg.offset + 1n });
      else if (msg.offset + 1n > seen.next) seen.next = msg.offset + 1n;
      if (columns.refused[i]) result.deadLetters.push(this.refusal(msg));
      else candidates.push(i);
    }

    // Only ids the filter may have seen need the exact lookup in event_index.
    const maybeLoaded = candidates
      .map((i) => columns.eventId[i] as string)
      .filter((id) => this.loadedIds.mightContain(id));
    const dedupe = new DedupeState(await loadedHashes(this.connection, maybeLoaded));
    const byTable = new Map<string, number[]>();
    for (const i of candidates) {
      const eventId = columns.eventId[i] as string;
      const hash = columns.hash[i] as string;
      const verdict = dedupe.classify(eventId, hash);
      if (verdict === "duplicate") {
        result.duplicates++;
        continue;
      }
      if (verdict === "conflict") {
        const record = deadLetter(messages[i] as SourceMessage, "DUPLICATE_CONFLICT", [
          {
            path: "event_id",
            code: "DUPLICATE_CONFLICT",
            message: `event_id ${eventId} was already loaded with different content (hash ${dedupe.hashOf(eventId)}, this one ${hash})`,
          },
        ]);
        record.eventId = eventId;
        record.eventType = columns.eventType[i] as string;
        result.deadLetters.push(record);
        continue;
      }
      const table = columns.rawTable[i] as string;
      const rows = byTable.get(table);
      if (rows) rows.push(i);
      else byTable.set(table, [i]);
      result.loaded++;
    }

    if (nextOffsets.size === 0) return result;
    const [invalid] = result.deadLetters;
    if (invalid && this.onInvalid === "fail") {
      throw new InvalidEventStopsIngestError(
        ingestMessages.ingestInvalidStops(
          invalid.topic,
          invalid.partition,
          String(invalid.offset),
          invalid.reason,
        ),
        { topic: invalid.topic, partition: invalid.partition, offset: String(invalid.offset) },
      );
    }
    const ingestedAtMicros = BigInt(Date.now()) * 1000n;
    await inTransaction(this.connection, async () => {
      for (const [table, rows] of byTable)
        await insertRawRows(this.connection, table, columns, messages, rows, ingestedAtMicros);
      await this.appendDeadLetters(result.deadLetters, timestampTZValue(ingestedAtMicros));
      // One set-based upsert for every partition in the batch.
      const entries = [...nextOffsets.values()];
      await this.connection.run(
        `INSERT INTO ingest_offsets
         SELECT unnest($1::VARCHAR[]), unnest($2::INTEGER[]), unnest($3::BIGINT[]), now()
         ON CONFLICT (topic, "partition") DO UPDATE SET next_offset = excluded.next_offset, updated_at = excluded.updated_at`,
        [
          listValue(entries.map((e) => e.topic)),
          listValue(entries.map((e) => e.partition)),
          listValue(entries.map((e) => e.next)),
        ],
      );
    });
    for (const [pk, { next }] of nextOffsets) this.offsets.set(pk, next);
    for (const rows of byTable.values())
      for (const i of rows) this.loadedIds.add(columns.eventId[i] as string);
    return result;
  }

  /** Decode, validate, pseudonymise and hash every message, on the workers when the batch is large. */
  private async prepare(messages: readonly SourceMessage[]): Promise<PreparedColumns> {
    if (this.pool && messages.length >= POOL_MIN_BATCH) {
      try {
        return await this.pool.prepare(messages.map((m) => m.value));
      } catch (error) {
        if (!(error instanceof IngestError && error.code === "DECODE_WORKER_FAILED")) throw error;
        // A worker that died (past its memory limit, say) costs this batch the slower path, not a
        // retry: a batch that kills a worker would kill the next one too.
        process.emitWarning(ingestMessages.ingestDecodedOnLoaderThread(error.message), "OhwbDecodeWorker");
      }
    }
    return prepareColumns(messages.length, (i) => (messages[i] as SourceMessage).value, this.pseudonymiser);
  }

  /**
   * The dead letter of a refused message, built here from the same `prepareEvent`: refusals
   * are rare, and this keeps the decoded value (needed to scrub the issues) off the workers' answers.
   */
  private refusal(msg: SourceMessage): DeadLetterRecord {
    const refused = prepareEvent(msg.value, this.pseudonymiser);
    if (refused.ok)
      throw new IngestError(
        "DECODE_DISAGREED",
        ingestMessages.ingestDecodeDisagreed(`${msg.topic}[${msg.partition}]@${msg.offset}`),
      );
    return deadLetter(msg, refused.reason, refused.issues, refused.decoded);
  }

  private async appendDeadLetters(
    records: DeadLetterRecord[],
    receivedAt: ReturnType<typeof timestampTZValue>,
  ): Promise<void> {
    if (records.length === 0) return;
    // By name: a dead_letter upgraded from the plaintext layout has its columns in another order.
    const columns = await tableColumns(this.connection, "dead_letter");
    const appender = await this.connection.createAppender("dead_letter");
    const sealed = (a: DuckDBAppender, field: SealedField, plain: Uint8Array | null) => {
      if (plain === null) a.appendNull();
      else a.appendBlob(this.quarantine.seal(field, plain));
    };
    try {
      for (const d of records) {
        for (const column of columns) {
          switch (column) {
            case "topic":
              appender.appendVarchar(d.topic);
              break;
            case "partition":
              appender.appendInteger(d.partition);
              break;
            case "offset":
              appender.appendBigInt(d.offset);
              break;
            case "key_sealed":
              sealed(appender, "key", d.key);
              break;
            case "headers_sealed":
              sealed(appender, "headers", d.headers === null ? null : Buffer.from(d.headers, "utf8"));
              break;
            case "raw_sealed":
              sealed(appender, "raw", d.raw);
              break;
            case "raw_sha256":
              appendNullableVarchar(appender, d.rawSha256);
              break;
            case "raw_size":
              appender.appendInteger(d.rawSize);
              break;
            case "reason":
              appender.appendVarchar(d.reason);
              break;
            case "issues":
              appender.appendVarchar(JSON.stringify(d.issues));
              break;
            case "event_id":
              appendNullableVarchar(appender, d.eventId);
              break;
            case "event_type":
              appendNullableVarchar(appender, d.eventType);
              break;
            case "received_at":
              appender.appendTimestampTZ(receivedAt);
              break;
            default:
              // The old plaintext key/headers/raw columns: never written again.
              appender.appendNull();
          }
        }
        appender.endRow();
      }
      appender.flushSync();
    } finally {
      appender.closeSync();
    }
  }
}

function appendNullableVarchar(appender: DuckDBAppender, value: string | null): void {
  if (value === null) appender.appendNull();
  else appender.appendVarchar(value);
}

function headersJson(headers: Record<string, unknown> | undefined): string | null {
  if (!headers) return null;
  const out: Record<string, string | string[]> = {};
  const text = (v: unknown): string =>
    Buffer.isBuffer(v) ? (isUtf8(v) ? v.toString("utf8") : `base64:${v.toString("base64")}`) : String(v);
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined) continue;
    out[k] = Array.isArray(v) ? v.map(text) : text(v);
  }
  return Object.keys(out).length === 0 ? null : JSON.stringify(out);
}

export function deadLetter(
  msg: SourceMessage,
  reason: DeadLetterReason,
  issues: DeadLetterIssue[],
  decoded?: unknown,
): DeadLetterRecord {
  const size = msg.value?.length ?? 0;
  return {
    topic: msg.topic,
    partition: msg.partition,
    offset: msg.offset,
    key: msg.key,
    headers: headersJson(msg.headers),
    // Oversized payloads keep their first MiB; raw_size records the real length.
    raw: msg.value && size > MAX_PAYLOAD_BYTES ? msg.value.subarray(0, MAX_PAYLOAD_BYTES) : msg.value,
    rawSize: size,
    rawSha256: rawDigest(msg.value),
    reason,
    issues: redactIssues(reason, issues, decoded, msg.key),
    eventId: storedEventId(decoded),
    eventType: storedEventType(decoded),
  };
}
