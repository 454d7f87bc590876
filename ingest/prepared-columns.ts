/**
 * A prepared batch column by column: what the decode workers hand back and the
 * loader inserts. Columnar so that a worker's answer is a few arrays (the
 * numeric ones transferable) rather than an object per event, and so that
 * the landing tables are filled column by column (see `landing-insert.ts`).
 */
import { type PreparedEvent, prepareEvent } from "./prepare-event.js";
import type { Pseudonymiser } from "./pseudonymise.js";

export interface PreparedColumns {
  count: number;
  /** 1 where the message was refused; its dead letter is built on the loader's thread. */
  refused: Uint8Array<ArrayBuffer>;
  schemaVersion: Int32Array<ArrayBuffer>;
  occurredMs: Float64Array<ArrayBuffer>;
  /** Strings are "" (and the nullable ones null) where the message was refused. */
  eventId: string[];
  eventType: string[];
  orgCode: (string | null)[];
  sourceSystem: (string | null)[];
  payload: string[];
  hash: string[];
  rawTable: string[];
}

function emptyColumns(count: number): PreparedColumns {
  return {
    count,
    refused: new Uint8Array(count),
    schemaVersion: new Int32Array(count),
    occurredMs: new Float64Array(count),
    eventId: new Array<string>(count),
    eventType: new Array<string>(count),
    orgCode: new Array<string | null>(count),
    sourceSystem: new Array<string | null>(count),
    payload: new Array<string>(count),
    hash: new Array<string>(count),
    rawTable: new Array<string>(count),
  };
}

function setRow(columns: PreparedColumns, i: number, row: PreparedEvent): void {
  columns.schemaVersion[i] = row.schemaVersion;
  columns.occurredMs[i] = row.occurredMs;
  columns.eventId[i] = row.eventId;
  columns.eventType[i] = row.eventType;
  columns.orgCode[i] = row.orgCode;
  columns.sourceSystem[i] = row.sourceSystem;
  columns.payload[i] = row.payload;
  columns.hash[i] = row.hash;
  columns.rawTable[i] = row.rawTable;
}

function setRefused(columns: PreparedColumns, i: number): void {
  columns.refused[i] = 1;
  columns.eventId[i] = "";
  columns.eventType[i] = "";
  columns.orgCode[i] = null;
  columns.sourceSystem[i] = null;
  columns.payload[i] = "";
  columns.hash[i] = "";
  columns.rawTable[i] = "";
}

/** Prepares `count` values read by `valueAt`, in order. */
export function prepareColumns(
  count: number,
  valueAt: (i: number) => Uint8Array | null,
  pseudonymiser: Pseudonymiser,
): PreparedColumns {
  const columns = emptyColumns(count);
  for (let i = 0; i < count; i++) {
    const row = prepareEvent(valueAt(i), pseudonymiser);
    if (row.ok) setRow(columns, i, row);
    else setRefused(columns, i);
  }
  return columns;
}

/** The parts one after another, as if prepared in one go. */
export function concatColumns(parts: readonly PreparedColumns[]): PreparedColumns {
  if (parts.length === 1) return parts[0] as PreparedColumns;
  const count = parts.reduce((n, p) => n + p.count, 0);
  const out = emptyColumns(count);
  let at = 0;
  for (const p of parts) {
    out.refused.set(p.refused, at);
    out.schemaVersion.set(p.schemaVersion, at);
    out.occurredMs.set(p.occurredMs, at);
    for (let i = 0; i < p.count; i++) {
      out.eventId[at + i] = p.eventId[i] as string;
      out.eventType[at + i] = p.eventType[i] as string;
      out.orgCode[at + i] = p.orgCode[i] ?? null;
      out.sourceSystem[at + i] = p.sourceSystem[i] ?? null;
      out.payload[at + i] = p.payload[i] as string;
      out.hash[at + i] = p.hash[i] as string;
      out.rawTable[at + i] = p.rawTable[i] as string;
    }
    at += p.count;
  }
  return out;
}

/** Values packed into one buffer (start, length per value; length -1 for null), to transfer to a worker. */
export interface PackedValues {
  bytes: ArrayBuffer;
  /** Pairs: start, length. */
  spans: Int32Array<ArrayBuffer>;
}

export function packValues(values: readonly (Uint8Array | null)[]): PackedValues {
  let total = 0;
  for (const v of values) if (v) total += v.length;
  const bytes = new Uint8Array(total);
  const spans = new Int32Array(values.length * 2);
  let at = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    spans[2 * i] = at;
    if (!v) {
      spans[2 * i + 1] = -1;
      continue;
    }
    bytes.set(v, at);
    spans[2 * i + 1] = v.length;
    at += v.length;
  }
  return { bytes: bytes.buffer, spans };
}

/** The i-th packed value, as a Buffer over the shared bytes (no copy). */
export function packedValue(packed: PackedValues, i: number): Buffer | null {
  const length = packed.spans[2 * i + 1] as number;
  if (length < 0) return null;
  return Buffer.from(packed.bytes, packed.spans[2 * i] as number, length);
}
