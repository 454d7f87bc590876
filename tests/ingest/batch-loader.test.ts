/**
 * The one-transaction batch load against a real DuckDB file: valid events land
 * once, resends are dropped, conflicts/poison/hostile input are dead-lettered
 * with distinct reasons while valid neighbours load, and a failed transaction
 * leaves no appended row behind.
 */
import { afterEach, describe, expect, it } from "vitest";
import { eventTypeInfo, validateEvent } from "../../contracts/index.js";
import { openDuckDbFile, type Warehouse } from "../../core/duckdb.js";
import { BatchLoader } from "../../ingest/batch-loader.js";
import { DeadLetterQuarantine } from "../../ingest/dead-letter-quarantine.js";
import { contentHash } from "../../ingest/dedupe.js";
import { ensureLandingSchema } from "../../ingest/landing-schema.js";
import { Pseudonymiser } from "../../ingest/pseudonymise.js";
import type { SourceMessage } from "../../ingest/source-message.js";
import {
  conflictingVersion,
  hostileBytes,
  immunisationEvent,
  poisonBytes,
  poisonKinds,
} from "./event-factory.js";
import { TEST_KEY, tempWarehousePath } from "./warehouse-fixture.js";

let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups) c();
  cleanups = [];
});

async function freshLoader(): Promise<{ wh: Warehouse; loader: BatchLoader; path: string }> {
  const { path, cleanup } = tempWarehousePath();
  const wh = await openDuckDbFile(path);
  cleanups.unshift(cleanup, () => wh.close());
  await ensureLandingSchema(wh.connection);
  return { wh, loader: await BatchLoader.open(wh.connection, new Pseudonymiser(TEST_KEY)), path };
}

function messages(topic: string, values: (Buffer | null)[], from = 0): SourceMessage[] {
  return values.map((value, i) => ({
    topic,
    partition: 0,
    offset: BigInt(from + i),
    key: Buffer.from(`k${i}`),
    headers: { "x-test": Buffer.from("1") },
    value,
  }));
}

const rows = async (wh: Warehouse, sql: string) => (await wh.connection.runAndReadAll(sql)).getRowsJS();

describe("batch loader", () => {
  it("loads valid events once and pseudonymises staff ids", async () => {
    const { wh, loader } = await freshLoader();
    const events = Array.from({ length: 50 }, (_, n) => immunisationEvent("load", n));
    const result = await loader.load(
      messages(
        "t",
        events.map((e) => Buffer.from(JSON.stringify(e.event))),
      ),
    );
    expect(result).toMatchObject({ loaded: 50, duplicates: 0, deadLetters: [] });
    const stored = await rows(
      wh,
      "SELECT event_id, payload->>'staff_id' FROM raw_ohwb_immunisation_administered",
    );
    expect(stored.map((r) => r[0]).sort()).toEqual(events.map((e) => e.eventId).sort());
    for (const [, staff] of stored) expect(String(staff)).toMatch(/^ps_[0-9a-f]{32}$/);
    expect(await rows(wh, "SELECT count(*) FROM ingested_events")).toEqual([[50n]]);
    expect(await rows(wh, `SELECT next_offset FROM ingest_offsets WHERE topic = 't'`)).toEqual([[50n]]);
  });

  it("stores content hashes of the pseudonymised event, which no raw staff id can be tried against", async () => {
    const { wh, loader } = await freshLoader();
    const e = immunisationEvent("hash", 7);
    await loader.load(messages("t", [Buffer.from(JSON.stringify(e.event))]));
    const [[stored]] = (await rows(wh, "SELECT content_hash FROM event_index")) as [[string]];
    const validated = validateEvent(e.event);
    if (!validated.ok) throw new Error("fixture event must be valid");
    const raw = structuredClone(validated.event) as unknown as Record<string, unknown>;
    expect(stored).not.toBe(contentHash(raw));
    const pseudonymised = structuredClone(raw);
    new Pseudonymiser(TEST_KEY).apply(
      pseudonymised,
      eventTypeInfo(validated.eventType)?.identifierFields ?? [],
    );
    expect(stored).toBe(contentHash(pseudonymised));
  });

  it("drops identical resends (also re-ordered keys) and dead-letters conflicts", async () => {
    const { wh, loader } = await freshLoader();
    const e = immunisationEvent("dup", 1);
    const reordered = Object.fromEntries(Object.entries(e.event).reverse());
    await loader.load(messages("t", [Buffer.from(JSON.stringify(e.event))]));
    const second = await loader.load(
      messages(
        "t",
        [
          Buffer.from(JSON.stringify(reordered)),
          Buffer.from(JSON.stringify(conflictingVersion(e).event)),
          Buffer.from(JSON.stringify(immunisationEvent("dup", 2).event)),
          Buffer.from(JSON.stringify(immunisationEvent("dup", 2).event)),
        ],
        1,
      ),
    );
    expect(second.loaded).toBe(1);
    expect(second.duplicates).toBe(2);
    expect(second.deadLetters.map((d) => d.reason)).toEqual(["DUPLICATE_CONFLICT"]);
    expect(await rows(wh, "SELECT count(*), count(DISTINCT event_id) FROM ingested_events")).toEqual([
      [2n, 2n],
    ]);
    expect(await rows(wh, 'SELECT reason, event_id, "offset" FROM dead_letter')).toEqual([
      ["DUPLICATE_CONFLICT", e.eventId, 2n],
    ]);
  });

  it("dead-letters every poison kind and hostile input with distinct reasons while neighbours load", async () => {
    const { wh, loader } = await freshLoader();
    const values: (Buffer | null)[] = [];
    const valid: string[] = [];
    let n = 0;
    const addValid = () => {
      const e = immunisationEvent("poison-neighbour", n++);
      valid.push(e.eventId);
      values.push(Buffer.from(JSON.stringify(e.event)));
    };
    for (const kind of poisonKinds) {
      addValid();
      values.push(poisonBytes(kind, "p", n));
    }
    const hostile = hostileBytes("h");
    for (const h of hostile) {
      addValid();
      values.push(h.value);
    }
    addValid();
    const result = await loader.load(messages("poison", values));
    expect(result.loaded).toBe(valid.length);
    const reasons = await rows(
      wh,
      "SELECT reason, count(*) FROM dead_letter GROUP BY reason ORDER BY reason",
    );
    const byReason: Record<string, number> = Object.fromEntries(
      reasons.map(([r, c]) => [String(r), Number(c)]),
    );
    for (const kind of poisonKinds) expect(byReason[kind], kind).toBeGreaterThanOrEqual(1);
    expect(Object.values(byReason).reduce((a, b) => a + b, 0)).toBe(poisonKinds.length + hostile.length);
    expect((await rows(wh, "SELECT event_id FROM ingested_events")).map((r) => r[0]).sort()).toEqual(
      valid.sort(),
    );
    // Dead letters keep the raw bytes, the key and the headers (sealed; the key opens them).
    const [notJson] = await rows(
      wh,
      `SELECT raw_sealed, key_sealed, headers_sealed, issues, "offset" FROM dead_letter WHERE reason = 'NOT_JSON'`,
    );
    const quarantine = DeadLetterQuarantine.fromPseudonymKey(TEST_KEY);
    expect(quarantine.open("raw", notJson?.[0] as Uint8Array).toString()).toContain("oops");
    expect(quarantine.open("key", notJson?.[1] as Uint8Array).toString()).toBe(`k${notJson?.[4]}`);
    expect(JSON.parse(quarantine.open("headers", notJson?.[2] as Uint8Array).toString())).toEqual({
      "x-test": "1",
    });
    expect(JSON.parse(String(notJson?.[3]))[0].code).toBe("NOT_JSON");
    // No table was dropped and no prototype polluted by the hostile set.
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
    expect(await rows(wh, "SELECT count(*) FROM ingest_offsets")).toEqual([[1n]]);
  });

  it("rolls back appended rows when the transaction fails, and a retry loads them once", async () => {
    const { wh, loader, path } = await freshLoader();
    const events = Array.from({ length: 20 }, (_, n) => immunisationEvent("rollback", n));
    const batch = messages(
      "rb",
      events.map((e) => Buffer.from(JSON.stringify(e.event))),
    );
    batch.push({ ...batch[0], offset: 20n, value: Buffer.from("not json") } as SourceMessage);
    // Make the offsets upsert (the last statement of the transaction) fail.
    await wh.connection.run("ALTER TABLE ingest_offsets RENAME TO ingest_offsets_away");
    await expect(loader.load(batch)).rejects.toThrow();
    await wh.connection.run("ALTER TABLE ingest_offsets_away RENAME TO ingest_offsets");
    expect(await rows(wh, "SELECT count(*) FROM ingested_events")).toEqual([[0n]]);
    expect(await rows(wh, "SELECT count(*) FROM event_index")).toEqual([[0n]]);
    expect(await rows(wh, "SELECT count(*) FROM dead_letter")).toEqual([[0n]]);
    const retried = await loader.load(batch);
    expect(retried.loaded).toBe(20);
    expect(await rows(wh, "SELECT count(*) FROM ingested_events")).toEqual([[20n]]);
    expect(await rows(wh, "SELECT count(*) FROM dead_letter")).toEqual([[1n]]);
    // A redelivery of the same offsets is skipped by the stored offset.
    expect((await loader.load(batch)).skipped).toBe(21);
    expect(path).toContain(".duckdb");
  });
});
