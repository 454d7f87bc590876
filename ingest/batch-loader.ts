/**
 * The one-transaction load of a batch. Decode → validate → pseudonymise →
 * dedupe happen in memory; then, inside a single DuckDB transaction, valid
 * events are appended to their raw tables (Appender, never per-row INSERT),
 * invalid ones to dead_letter (key, headers and value sealed, issues scrubbed
 * of identifiers: they may hold staff ids in clear), and the next offset per
 * topic-partition is stored. Either all of it is in the warehouse or none of
 * it is, so the stored offsets always describe exactly what was loaded.
 */
import { isUtf8 } from "node:buffer";
import type { DuckDBAppender, DuckDBConnection } from "@duckdb/node-api";
import { listValue, timestampTZValue } from "@duckdb/node-api";
import { eventTypeInfo, validateEvent } from "../contracts/index.js";
import { inTransaction } from "../core/duckdb.js";
import { InvalidEventStopsIngestError } from "../core/errors.js";
import { message } from "../core/messages.js";
import { DeadLetterQuarantine, rawDigest, type SealedField } from "./dead-letter-quarantine.js";
import type { DeadLetterIssue, DeadLetterReason } from "./dead-letter-reasons.js";
import { redactIssues } from "./dead-letter-redaction.js";
import { decodeMessage, MAX_PAYLOAD_BYTES } from "./decode.js";
import { contentHash, DedupeState, LoadedIdFilter, loadedHashes } from "./dedupe.js";
import { tableColumns } from "./landing-schema.js";
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

interface ValidRow {
  eventId: string;
  eventType: string;
  schemaVersion: number;
  occurredMicros: bigint;
  orgCode: string | null;
  sourceSystem: string | null;
  payload: string;
  hash: string;
  rawTable: string;
  message: SourceMessage;
}

/** True when a string holds a C0 control character or DEL (NUL above all). */
function hasControlCharacters(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}

export class BatchLoader {
  /** Next offset to load per topic-partition, as committed in the warehouse. */
  private readonly offsets = new Map<string, bigint>();

  private readonly quarantine: DeadLetterQuarantine;

  /** What an invalid message does: land in dead_letter (default), or stop ingest before the batch commits. */
  onInvalid: "dead-letter" | "fail" = "dead-letter";

  private constructor(
    private readonly connection: DuckDBConnection,
    private readonly pseudonymiser: Pseudonymiser,
    private readonly loadedIds: LoadedIdFilter,
  ) {
    this.quarantine = DeadLetterQuarantine.fromPseudonymiser(pseudonymiser);
  }

  static async open(connection: DuckDBConnection, pseudonymiser: Pseudonymiser): Promise<BatchLoader> {
    const loader = new BatchLoader(connection, pseudonymiser, await LoadedIdFilter.fromWarehouse(connection));
    const reader = await connection.runAndReadAll(
      `SELECT topic, "partition", next_offset FROM ingest_offsets`,
    );
    for (const [topic, partition, next] of reader.getRows())
      loader.offsets.set(partitionKey(String(topic), Number(partition)), BigInt(next as bigint));
    return loader;
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

  async load(messages: readonly SourceMessage[]): Promise<BatchResult> {
    const result: BatchResult = { loaded: 0, duplicates: 0, skipped: 0, deadLetters: [] };
    const candidates: ValidRow[] = [];
    const nextOffsets = new Map<string, { topic: string; partition: number; next: bigint }>();

    for (const msg of messages) {
      const pk = partitionKey(msg.topic, msg.partition);
      const stored = this.offsets.get(pk);
      if (stored !== undefined && msg.offset < stored) {
        result.skipped++;
        continue;
      }
      const seen = nextOffsets.get(pk);
      if (!seen || msg.offset + 1n > seen.next)
        nextOffsets.set(pk, { topic: msg.topic, partition: msg.partition, next: msg.offset + 1n });
      const row = this.prepare(msg, result.deadLetters);
      if (row) candidates.push(row);
    }

    // Only ids the filter may have seen need the exact lookup in event_index.
    const maybeLoaded = candidates
      .filter((c) => this.loadedIds.mightContain(c.eventId))
      .map((c) => c.eventId);
    const dedupe = new DedupeState(await loadedHashes(this.connection, maybeLoaded));
    const byTable = new Map<string, ValidRow[]>();
    for (const row of candidates) {
      const verdict = dedupe.classify(row.eventId, row.hash);
      if (verdict === "duplicate") {
        result.duplicates++;
        continue;
      }
      if (verdict === "conflict") {
        result.deadLetters.push(
          deadLetter(row.message, "DUPLICATE_CONFLICT", [
            {
              path: "event_id",
              code: "DUPLICATE_CONFLICT",
              message: `event_id ${row.eventId} was already loaded with different content (hash ${dedupe.hashOf(row.eventId)}, this one ${row.hash})`,
            },
          ]),
        );
        const last = result.deadLetters[result.deadLetters.length - 1];
        if (last) {
          last.eventId = row.eventId;
          last.eventType = row.eventType;
        }
        continue;
      }
      const rows = byTable.get(row.rawTable);
      if (rows) rows.push(row);
      else byTable.set(row.rawTable, [row]);
      result.loaded++;
    }

    if (nextOffsets.size === 0) return result;
    const [invalid] = result.deadLetters;
    if (invalid && this.onInvalid === "fail") {
      throw new InvalidEventStopsIngestError(
        message.ingestInvalidStops(invalid.topic, invalid.partition, String(invalid.offset), invalid.reason),
        { topic: invalid.topic, partition: invalid.partition, offset: String(invalid.offset) },
      );
    }
    const ingestedAt = timestampTZValue(BigInt(Date.now()) * 1000n);
    await inTransaction(this.connection, async () => {
      for (const [table, rows] of byTable) await this.appendRaw(table, rows, ingestedAt);
      await this.appendIndex(byTable);
      await this.appendDeadLetters(result.deadLetters, ingestedAt);
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
    for (const rows of byTable.values()) for (const r of rows) this.loadedIds.add(r.eventId);
    return result;
  }

  /** Decode, validate and pseudonymise one message; dead-letters it and returns undefined when invalid. */
  private prepare(msg: SourceMessage, deadLetters: DeadLetterRecord[]): ValidRow | undefined {
    const decoded = decodeMessage(msg.value);
    if (!decoded.ok) {
      deadLetters.push(deadLetter(msg, decoded.reason, decoded.issues));
      return undefined;
    }
    const validation = validateEvent(decoded.value);
    if (!validation.ok) {
      deadLetters.push(deadLetter(msg, validation.reason, validation.issues, decoded.value));
      return undefined;
    }
    const event = validation.event as unknown as Record<string, unknown>;
    const info = eventTypeInfo(validation.eventType);
    const envelopeIssues = checkEnvelope(event);
    if (!info || envelopeIssues.length > 0) {
      const issues = info
        ? envelopeIssues
        : [{ path: "event_type", code: "UNKNOWN_EVENT_TYPE", message: "no contract lists this type" }];
      deadLetters.push(
        deadLetter(msg, info ? "VALIDATION_FAILED" : "UNKNOWN_EVENT_TYPE", issues, decoded.value),
      );
      return undefined;
    }
    // Hashed after pseudonymisation: an unkeyed hash of the raw event would let anyone holding the
    // warehouse recover a staff id by trying every ESR number against it. Pseudonyms are
    // deterministic under one key, so a resend still hashes the same.
    this.pseudonymiser.apply(event, info.identifierFields);
    const hash = contentHash(event);
    return {
      eventId: event.event_id as string,
      eventType: validation.eventType,
      schemaVersion: validation.schemaVersion,
      occurredMicros: BigInt(Date.parse(event.occurred_at as string)) * 1000n,
      orgCode: typeof event.org_code === "string" ? event.org_code : null,
      sourceSystem: typeof event.source_system === "string" ? event.source_system : null,
      payload: JSON.stringify(event.payload ?? null),
      hash,
      rawTable: info.rawTable,
      message: msg,
    };
  }

  private async appendRaw(
    table: string,
    rows: ValidRow[],
    ingestedAt: ReturnType<typeof timestampTZValue>,
  ): Promise<void> {
    const appender = await this.connection.createAppender(table);
    try {
      for (const r of rows) {
        appender.appendVarchar(r.eventId);
        appender.appendVarchar(r.eventType);
        appender.appendInteger(r.schemaVersion);
        appender.appendTimestampTZ(timestampTZValue(r.occurredMicros));
        appendNullableVarchar(appender, r.orgCode);
        appendNullableVarchar(appender, r.sourceSystem);
        appender.appendVarchar(r.payload);
        appender.appendVarchar(r.hash);
        appender.appendVarchar(r.message.topic);
        appender.appendInteger(r.message.partition);
        appender.appendBigInt(r.message.offset);
        appender.appendTimestampTZ(ingestedAt);
        appender.endRow();
      }
      appender.flushSync();
    } finally {
      appender.closeSync();
    }
  }

  private async appendIndex(byTable: Map<string, ValidRow[]>): Promise<void> {
    if (byTable.size === 0) return;
    const appender = await this.connection.createAppender("event_index");
    try {
      for (const [table, rows] of byTable) {
        for (const r of rows) {
          appender.appendVarchar(r.eventId);
          appender.appendVarchar(r.hash);
          appender.appendVarchar(table);
          appender.endRow();
        }
      }
      appender.flushSync();
    } finally {
      appender.closeSync();
    }
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

/** Envelope strings become VARCHAR columns: refuse control characters (NUL above all) there. */
function checkEnvelope(event: Record<string, unknown>): DeadLetterIssue[] {
  const issues: DeadLetterIssue[] = [];
  for (const field of ["event_id", "event_type", "org_code", "source_system", "occurred_at"]) {
    const value = event[field];
    if (value !== undefined && typeof value !== "string")
      issues.push({ path: field, code: "NOT_A_STRING", message: `${field} must be a string` });
    else if (typeof value === "string" && hasControlCharacters(value))
      issues.push({
        path: field,
        code: "CONTROL_CHARACTERS",
        message: `${field} contains control characters`,
      });
  }
  if (typeof event.event_id !== "string")
    issues.push({ path: "event_id", code: "MISSING", message: "event_id is required" });
  if (typeof event.occurred_at !== "string" || Number.isNaN(Date.parse(event.occurred_at)))
    issues.push({
      path: "occurred_at",
      code: "INVALID_TIMESTAMP",
      message: "occurred_at is not a timestamp",
    });
  return issues;
}

/** A short, printable copy of an untrusted string field, for the dead_letter columns. */
function safeField(value: unknown, field: string): string | null {
  if (value === null || typeof value !== "object") return null;
  const raw = Object.hasOwn(value, field) ? (value as Record<string, unknown>)[field] : undefined;
  if (typeof raw !== "string" || raw.length > 200 || hasControlCharacters(raw)) return null;
  return raw;
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
    eventId: safeField(decoded, "event_id"),
    eventType: safeField(decoded, "event_type"),
  };
}
