/**
 * The decode workers (issue 18): a batch prepared on worker threads lands
 * exactly as the same batch prepared on the loader's thread — same rows in the
 * same order, same pseudonyms and hashes, same dead letters — and a worker
 * that stops fails its slice with a retriable error, after which the loader
 * decodes that batch on its own thread: nothing is lost or retried forever.
 * Needs the build (`npm run build`): workers run the compiled script.
 */
import { describe, expect, it, onTestFinished } from "vitest";
import { openDuckDbFile, type Warehouse } from "../../core/duckdb.js";
import { BatchLoader } from "../../ingest/batch-loader.js";
import { DecodePool, decodeWorkerScript, POOL_MIN_BATCH } from "../../ingest/decode-pool.js";
import { IngestError } from "../../ingest/ingest-errors.js";
import { ensureLandingSchema } from "../../ingest/landing-schema.js";
import { payloadText } from "../../ingest/prepare-event.js";
import { Pseudonymiser } from "../../ingest/pseudonymise.js";
import type { SourceMessage } from "../../ingest/source-message.js";
import {
  conflictingVersion,
  immunisationEvent,
  type PoisonKind,
  poisonBytes,
  poisonKinds,
} from "./event-factory.js";
import { TEST_KEY, tempWarehousePath } from "./warehouse-fixture.js";

async function loaderWith(workers: string): Promise<{ wh: Warehouse; loader: BatchLoader }> {
  const { path, cleanup } = tempWarehousePath();
  const wh = await openDuckDbFile(path);
  await ensureLandingSchema(wh.connection);
  // the setting ingest.decodeWorkers, as the commands pass it
  const loader = await BatchLoader.open(wh.connection, new Pseudonymiser(TEST_KEY), {
    decodeWorkers: Number(workers),
  });
  onTestFinished(() => {
    loader.close();
    wh.close();
    cleanup();
  });
  return { wh, loader };
}

/** 3 partitions; valid events with poison, in-batch resends and conflicts mixed in. */
function mixedBatch(): SourceMessage[] {
  const values: (Buffer | null)[] = [];
  for (let n = 0; n < 2_400; n++) {
    const e = immunisationEvent("pool", n);
    if (n % 97 === 5) values.push(poisonBytes(poisonKinds[n % poisonKinds.length] as PoisonKind, "pool", n));
    else if (n % 89 === 7)
      values.push(Buffer.from(JSON.stringify(conflictingVersion(immunisationEvent("pool", n - 1)).event)));
    else if (n % 83 === 3) values.push(Buffer.from(JSON.stringify(immunisationEvent("pool", n - 1).event)));
    else values.push(Buffer.from(JSON.stringify(e.event)));
  }
  return values.map((value, i) => ({
    topic: "pool.topic",
    partition: i % 3,
    offset: BigInt(Math.floor(i / 3)),
    key: Buffer.from(`k${i}`),
    headers: undefined,
    value,
  }));
}

const rows = async (wh: Warehouse, sql: string) => (await wh.connection.runAndReadAll(sql)).getRowsJS();
const landed = (wh: Warehouse) =>
  rows(
    wh,
    `SELECT event_id, event_type, schema_version, occurred_at, org_code, source_system, payload::VARCHAR,
            content_hash, topic, "partition", "offset" FROM raw_ohwb_immunisation_administered
     ORDER BY "partition", "offset"`,
  );

describe("decode workers", () => {
  it("land a batch exactly as the loader's own thread does", async () => {
    expect(decodeWorkerScript(), "run `npm run build` first: the workers run dist/").toBeDefined();
    const batch = mixedBatch();
    expect(batch.length).toBeGreaterThanOrEqual(POOL_MIN_BATCH);
    const pooled = await loaderWith("2");
    const inline = await loaderWith("0");
    expect(pooled.loader.pool?.size).toBe(2);
    expect(inline.loader.pool).toBeUndefined();

    const a = await pooled.loader.load(batch);
    const b = await inline.loader.load(batch);
    expect(pooled.loader.pool?.batches).toBe(1);
    expect(a.loaded).toBeGreaterThan(2_000);
    expect(a.deadLetters.length).toBeGreaterThan(20);
    expect(a.duplicates).toBeGreaterThan(20);
    expect({ ...a, deadLetters: a.deadLetters.length }).toEqual({ ...b, deadLetters: b.deadLetters.length });
    expect(a.deadLetters.map((d) => [d.partition, d.offset, d.reason, d.issues])).toEqual(
      b.deadLetters.map((d) => [d.partition, d.offset, d.reason, d.issues]),
    );

    const pooledRows = await landed(pooled.wh);
    expect(pooledRows).toHaveLength(a.loaded);
    expect(pooledRows).toEqual(await landed(inline.wh));
    for (const r of pooledRows)
      expect(String(JSON.parse(String(r[6])).staff_id)).toMatch(/^ps_[0-9a-f]{32}$/);
    const offsets = `SELECT "partition", next_offset FROM ingest_offsets ORDER BY 1`;
    expect(await rows(pooled.wh, offsets)).toEqual(await rows(inline.wh, offsets));
    const index = "SELECT event_id, content_hash, raw_table FROM event_index ORDER BY 1";
    expect(await rows(pooled.wh, index)).toEqual(await rows(inline.wh, index));
  });

  it("when a worker stops mid-batch, the loader decodes that batch itself and loads all of it", async () => {
    const batch = mixedBatch();
    const pooled = await loaderWith("2");
    const inline = await loaderWith("0");
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on("warning", onWarning);
    onTestFinished(() => {
      process.off("warning", onWarning);
    });
    const loading = pooled.loader.load(batch);
    pooled.loader.pool?.close(); // the jobs are posted; their workers stop under them
    const a = await loading;
    const b = await inline.loader.load(batch);
    expect(pooled.loader.pool?.batches).toBe(0);
    expect({ ...a, deadLetters: a.deadLetters.length }).toEqual({ ...b, deadLetters: b.deadLetters.length });
    expect(await landed(pooled.wh)).toEqual(await landed(inline.wh));
    await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on the next tick
    expect(warnings.some((w) => w.includes("decoded on the loader's thread"))).toBe(true);
  });

  it("fail the batch a stopped worker held with a retriable error, then start afresh", async () => {
    const script = decodeWorkerScript();
    expect(script, "run `npm run build` first: the workers run dist/").toBeDefined();
    const pool = new DecodePool(TEST_KEY, script as string, 2);
    onTestFinished(() => pool.close());
    const values = mixedBatch().map((m) => m.value);
    const stopped = pool.prepare(values);
    pool.close();
    const error = await stopped.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IngestError);
    expect(error).toMatchObject({ code: "DECODE_WORKER_FAILED", retriable: true });

    const again = await pool.prepare(values);
    expect(again.count).toBe(values.length);
    expect(again.refused.reduce((n, r) => n + r, 0)).toBeGreaterThan(20);
  });
});

describe("payload text", () => {
  it("is the slice of the event's serialisation, equal to serialising the payload alone", () => {
    const event = immunisationEvent("slice", 1).event;
    const text = JSON.stringify(event);
    const sliced = payloadText(text, event);
    expect(sliced).toBe(JSON.stringify(event.payload));
    expect(text.endsWith(`"payload":${sliced}}`)).toBe(true);
  });

  it("falls back to serialising when the slice would not be certain", () => {
    const payload = { a: 1, b: [1, 2] };
    const nestedFirst = { meta: { payload: { decoy: true } }, payload };
    expect(payloadText(JSON.stringify(nestedFirst), nestedFirst)).toBe(JSON.stringify(payload));
    const notLast = { payload, after: "x" };
    expect(payloadText(JSON.stringify(notLast), notLast)).toBe(JSON.stringify(payload));
    const decoyString = { note: ',"payload":{"x":1}', payload };
    expect(payloadText(JSON.stringify(decoyString), decoyString)).toBe(JSON.stringify(payload));
  });
});
