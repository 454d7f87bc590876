/**
 * Idempotence by event_id: an id already loaded (or seen earlier in the same
 * batch) with the same content hash is a harmless resend and is dropped; with a
 * different hash it is a conflict and goes to dead_letter.
 */
import { hash } from "node:crypto";
import type { DuckDBConnection } from "@duckdb/node-api";
import { listValue } from "@duckdb/node-api";

/**
 * SHA-256 of the validated event after pseudonymisation (so it reveals nothing the
 * stored row does not). The contracts' parser
 * emits keys in schema order whatever order the producer used, so its
 * JSON.stringify is already canonical: a resend with reordered keys or other
 * spacing hashes the same, a change to any value does not.
 */
export function contentHash(validatedEvent: unknown): string {
  return sha256Hex(JSON.stringify(validatedEvent));
}

/** Hex SHA-256 of a text's UTF-8 bytes (one-shot: no Hash object per event). */
export function sha256Hex(text: string): string {
  return hash("sha256", text, "hex");
}

export type DedupeVerdict = "new" | "duplicate" | "conflict";

/** content_hash of each already-loaded id among `ids`. */
export async function loadedHashes(
  connection: DuckDBConnection,
  ids: string[],
): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  if (ids.length === 0) return found;
  const reader = await connection.runAndReadAll(
    "SELECT event_id, content_hash FROM event_index WHERE event_id IN (SELECT unnest($1::VARCHAR[]))",
    [listValue(ids)],
  );
  for (const [id, hash] of reader.getRows()) found.set(String(id), String(hash));
  return found;
}

/** Classifies events in order; `seen` starts as the loaded hashes and learns the batch's new ids. */
export class DedupeState {
  constructor(private readonly seen: Map<string, string>) {}

  classify(eventId: string, hash: string): DedupeVerdict {
    const previous = this.seen.get(eventId);
    if (previous === undefined) {
      this.seen.set(eventId, hash);
      return "new";
    }
    return previous === hash ? "duplicate" : "conflict";
  }

  hashOf(eventId: string): string | undefined {
    return this.seen.get(eventId);
  }
}

/**
 * A Bloom filter over loaded event_ids, so the per-batch lookup in event_index
 * only asks about ids that may have been loaded before: new events (nearly all
 * of them) skip the query. Fixed size (2 MiB): memory stays bounded, and as the
 * warehouse grows past a few million ids the filter just answers "maybe" more
 * often and the exact query does the work. False positives cost a lookup;
 * there are no false negatives.
 */
export class LoadedIdFilter {
  private static readonly BITS = 1 << 24;
  private static readonly HASHES = 4;
  private readonly bits = new Uint8Array(LoadedIdFilter.BITS >>> 3);

  add(id: string): void {
    const [h1, h2] = hashes(id);
    for (let i = 0; i < LoadedIdFilter.HASHES; i++) {
      const bit = (h1 + i * h2) & (LoadedIdFilter.BITS - 1);
      this.bits[bit >>> 3] = (this.bits[bit >>> 3] as number) | (1 << (bit & 7));
    }
  }

  mightContain(id: string): boolean {
    const [h1, h2] = hashes(id);
    for (let i = 0; i < LoadedIdFilter.HASHES; i++) {
      const bit = (h1 + i * h2) & (LoadedIdFilter.BITS - 1);
      if (((this.bits[bit >>> 3] as number) & (1 << (bit & 7))) === 0) return false;
    }
    return true;
  }

  /** Seeds the filter with every id already in the warehouse. */
  static async fromWarehouse(connection: DuckDBConnection): Promise<LoadedIdFilter> {
    const filter = new LoadedIdFilter();
    const result = await connection.stream("SELECT event_id FROM event_index");
    for (;;) {
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      for (const id of chunk.getColumnValues(0)) filter.add(String(id));
    }
    return filter;
  }
}

/** Two independent 32-bit FNV-1a variants for double hashing. */
function hashes(s: string): [number, number] {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  return [a >>> 0, (b >>> 0) | 1];
}
