/**
 * Dead letters never hold a staff identifier in clear: a refused message with
 * an ESR number as staff_id and as its Kafka key leaves no trace of that number
 * in the warehouse file or its WAL, yet the key opens the exact original bytes;
 * another key fails clearly; `ohwb dead-letters export` hands the originals back
 * for `ohwb ingest --from-file` to replay; and a warehouse from before sealing
 * is upgraded (plaintext sealed, plaintext columns dropped). Real DuckDB files,
 * the real loader and the real command objects.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { timestampTZValue } from "@duckdb/node-api";
import { afterEach, describe, expect, it, vi } from "vitest";
import { deadLettersCommand } from "../../cli/commands/dead-letters.js";
import { ingestCommand } from "../../cli/commands/ingest.js";
import { openDuckDbFile, type Warehouse } from "../../core/duckdb.js";
import { BatchLoader } from "../../ingest/batch-loader.js";
import { DeadLetterQuarantine } from "../../ingest/dead-letter-quarantine.js";
import { redactIssues } from "../../ingest/dead-letter-redaction.js";
import { DeadLetterCorruptError, DeadLetterKeyMismatchError } from "../../ingest/ingest-errors.js";
import { openIngestSession } from "../../ingest/ingest-session.js";
import { ensureLandingSchema, tableColumns } from "../../ingest/landing-schema.js";
import { Pseudonymiser } from "../../ingest/pseudonymise.js";
import type { SourceMessage } from "../../ingest/source-message.js";
import { immunisationEvent } from "./event-factory.js";
import { TEST_KEY, tempWarehousePath } from "./warehouse-fixture.js";

const OTHER_KEY = "another-pseudonym-key-0123456789abcdef01234567";

let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups) c();
  cleanups = [];
});

function tempPath(name: string): string {
  const { path, cleanup } = tempWarehousePath(name);
  cleanups.push(cleanup);
  return path;
}

/** A fake ESR assignment number per case, so a leak can be traced to its message. */
const esr = (n: number) => `ESR${String(90817263 + n)}`;

interface BadMessage {
  name: string;
  reason: string;
  staffId: string;
  message: SourceMessage;
}

/** Refused messages that carry an ESR number in the value (as staff_id), the Kafka key and a header. */
function badMessages(topic: string): BadMessage[] {
  const base = (n: number) => {
    const e = immunisationEvent("quarantine", n);
    const event = structuredClone(e.event) as Record<string, unknown> & { payload: Record<string, unknown> };
    event.payload.staff_id = esr(n);
    return event;
  };
  const cases: [string, string, (n: number) => Buffer][] = [
    // A contract failure elsewhere in the event: the staff_id itself is well-formed.
    ["validation", "VALIDATION_FAILED", (n) => Buffer.from(JSON.stringify({ ...base(n), org_code: "nope" }))],
    // A staff_id the contract refuses (a space): the issue is about the identifier field itself.
    [
      "bad staff id",
      "VALIDATION_FAILED",
      (n) =>
        Buffer.from(JSON.stringify({ ...base(n), payload: { ...base(n).payload, staff_id: `${esr(n)} X` } })),
    ],
    // Not JSON: JSON.parse's message quotes the bytes around the error, ESR number included.
    ["not json", "NOT_JSON", (n) => Buffer.from(`{"payload":{"staff_id":${esr(n)}, "x": 1}}`)],
    [
      "unknown type",
      "UNKNOWN_EVENT_TYPE",
      (n) => Buffer.from(JSON.stringify({ ...base(n), event_type: "ohwb.x.y" })),
    ],
    [
      "pretty-printed",
      "VALIDATION_FAILED",
      (n) => Buffer.from(JSON.stringify({ ...base(n), org_code: "no" }, null, 2)),
    ],
    ["a bare ESR number", "NOT_JSON", (n) => Buffer.from(`${esr(n)}!`)],
  ];
  return cases.map(([name, reason, value], n) => ({
    name,
    reason,
    staffId: esr(n),
    message: {
      topic,
      partition: 0,
      offset: BigInt(n),
      key: Buffer.from(esr(n)),
      headers: { "x-staff": Buffer.from(esr(n)), "x-case": name },
      value: value(n),
    },
  }));
}

/**
 * What to look for: each value, and its first 8 characters ("ESR90817"), since JSON.parse's
 * messages quote a ~10-character window of the input, enough for most of an ESR number.
 */
function traces(values: readonly string[]): string[] {
  return [...new Set(values.flatMap((v) => [v, v.slice(0, 8)]))];
}

/** The warehouse file and its WAL (when there is one), as bytes. */
function warehouseBytes(path: string): Buffer {
  const files = [path, `${path}.wal`].filter((f) => existsSync(f));
  return Buffer.concat(files.map((f) => readFileSync(f)));
}

function leaks(path: string, values: readonly string[]): string[] {
  const bytes = warehouseBytes(path);
  return traces(values).filter((v) => bytes.includes(Buffer.from(v, "utf8")));
}

/**
 * The same question asked of the tables' values: DuckDB may compress a column (FSST for
 * strings), and then a byte scan alone could miss a value stored in clear.
 */
async function tableLeaks(wh: Warehouse, values: readonly string[]): Promise<string[]> {
  const tables = await rows(
    wh,
    "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() AND NOT temporary",
  );
  const found = new Set<string>();
  for (const [table] of tables) {
    for (const row of await rows(wh, `SELECT * FROM "${String(table)}"`)) {
      for (const cell of row) {
        const text =
          cell instanceof Uint8Array
            ? Buffer.from(cell).toString("latin1")
            : JSON.stringify(cell, (_, v) => (typeof v === "bigint" ? String(v) : v));
        for (const v of traces(values)) if (text?.includes(v)) found.add(`${String(table)}: ${v}`);
      }
    }
  }
  return [...found];
}

const rows = async (wh: Warehouse, sql: string) => (await wh.connection.runAndReadAll(sql)).getRowsJS();

/** Runs a command in this process with the given pseudonym key, capturing stdout and stderr. */
async function run(
  command: { run(argv: string[]): Promise<number> },
  argv: string[],
  key: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const saved = process.env.OHWB_PSEUDONYM_KEY;
  process.env.OHWB_PSEUDONYM_KEY = key;
  let stdout = "";
  let stderr = "";
  const out = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, "write").mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  try {
    return { code: await command.run(argv), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
    if (saved === undefined) delete process.env.OHWB_PSEUDONYM_KEY;
    else process.env.OHWB_PSEUDONYM_KEY = saved;
  }
}

describe("dead-letter quarantine", () => {
  it("stores no ESR number from a refused message's value, key or headers, in the file or the WAL", async () => {
    const path = tempPath("sealed");
    const wh = await openDuckDbFile(path);
    let closed = false;
    cleanups.unshift(() => {
      if (!closed) wh.close();
    });
    await ensureLandingSchema(wh.connection);
    const loader = await BatchLoader.open(wh.connection, new Pseudonymiser(TEST_KEY));
    const bad = badMessages("ohwb.clinical");
    // A valid neighbour with its own ESR number: loaded, pseudonymised, also never in clear.
    const good = immunisationEvent("quarantine-good", 1);
    const goodStaff = esr(99);
    (good.event.payload as Record<string, unknown>).staff_id = goodStaff;
    const result = await loader.load([
      ...bad.map((b) => b.message),
      {
        topic: "ohwb.clinical",
        partition: 0,
        offset: BigInt(bad.length),
        key: Buffer.from(goodStaff),
        headers: undefined,
        value: Buffer.from(JSON.stringify(good.event)),
      },
    ]);
    expect(result.loaded).toBe(1);
    expect(result.deadLetters.map((d) => d.reason)).toEqual(bad.map((b) => b.reason));
    const identifiers = [...bad.map((b) => b.staffId), goodStaff];

    // The issues are stored in clear: they say what was wrong without echoing an identifier.
    const stored = await rows(wh, `SELECT reason, issues FROM dead_letter ORDER BY "offset"`);
    expect(stored.map((r) => r[0])).toEqual(bad.map((b) => b.reason));
    const issuesText = stored.map((r) => String(r[1])).join("\n");
    for (const id of traces(identifiers)) expect(issuesText).not.toContain(id);
    expect(issuesText).toContain("payload.staff_id"); // the bad staff id is still pointed at
    expect(issuesText).toContain("NOT_JSON");

    // Before a checkpoint the rows live in the WAL; after it, in the file. Neither holds an ESR number.
    expect(existsSync(`${path}.wal`)).toBe(true);
    expect(await tableLeaks(wh, identifiers)).toEqual([]);
    expect(leaks(path, identifiers)).toEqual([]);
    await wh.connection.run("CHECKPOINT");
    expect(leaks(path, identifiers)).toEqual([]);
    wh.close();
    closed = true;
    expect(leaks(path, identifiers)).toEqual([]);
    // The pseudonym is there instead (the scan does find what a file holds).
    const pseudonym = new Pseudonymiser(TEST_KEY).pseudonym(goodStaff);
    expect(warehouseBytes(path).includes(Buffer.from(pseudonym))).toBe(true);
  });

  it("names no staff id sent as a key, an event type or an event id, even without a Kafka key", async () => {
    const path = tempPath("keys");
    const wh = await openDuckDbFile(path);
    cleanups.unshift(() => wh.close());
    await ensureLandingSchema(wh.connection);
    const loader = await BatchLoader.open(wh.connection, new Pseudonymiser(TEST_KEY));
    const base = (n: number) => {
      const event = structuredClone(immunisationEvent("keys", n).event) as Record<string, unknown> & {
        payload: Record<string, unknown>;
      };
      delete event.payload.staff_id;
      return event;
    };
    const values: Record<string, unknown>[] = [
      // The staff id moved from a value to a key: in the payload, the envelope, and alongside a real staff_id.
      { ...base(0), payload: { ...base(0).payload, [esr(0)]: true } },
      { ...base(1), [esr(1)]: "x" },
      { ...base(2), payload: { ...base(2).payload, staff_id: "ESR100002", [`${esr(2)}-2`]: 1 } },
      // A staff id where the event type or id should be: both are stored in clear columns.
      { ...base(3), event_type: esr(3) },
      { ...base(4), event_id: esr(4), org_code: "nope" },
      // A misplaced field of another contract is still named: it cannot be an identifier.
      { ...base(5), payload: { ...base(5).payload, staff_id: "ESR100005", staff_group: "Nurses" } },
    ];
    const result = await loader.load(
      values.map((value, n) => ({
        topic: "file:/tmp/keys.ndjson",
        partition: 0,
        offset: BigInt(n),
        key: null,
        headers: undefined,
        value: Buffer.from(JSON.stringify(value)),
      })),
    );
    expect(result.deadLetters).toHaveLength(values.length);
    const stored = await rows(wh, `SELECT event_id, event_type, issues FROM dead_letter ORDER BY "offset"`);
    const text = JSON.stringify(stored);
    for (const id of traces(values.map((_, n) => esr(n)))) expect(text).not.toContain(id);
    expect(String(stored[0]?.[2])).toContain("payload.[redacted]");
    expect(String(stored[1]?.[2])).toContain("name withheld");
    expect(stored[3]?.[1]).toBeNull();
    expect(stored[4]?.[0]).toBeNull();
    expect(String(stored[5]?.[2])).toContain('Unrecognized key \\"staff_group\\"');
    expect(stored[5]?.[0]).toBe(values[5]?.event_id);
  });

  it("withholds an unknown key in issues stored by an older version when they are re-redacted", () => {
    const stored = [
      {
        path: `payload.${esr(7)}`,
        code: "unrecognized_keys",
        message: `Unrecognized key "${esr(7)}": not part of this contract version (add it to the contract first)`,
      },
    ];
    const [issue] = redactIssues("VALIDATION_FAILED", stored, undefined, null);
    expect(issue).toMatchObject({ path: "payload.[redacted]", code: "unrecognized_keys" });
    expect(JSON.stringify(issue)).not.toContain(esr(7).slice(0, 8));
  });

  it("opens to the exact original bytes with the key; another key or a damaged value fails clearly", async () => {
    const path = tempPath("roundtrip");
    const wh = await openDuckDbFile(path);
    cleanups.unshift(() => wh.close());
    await ensureLandingSchema(wh.connection);
    const loader = await BatchLoader.open(wh.connection, new Pseudonymiser(TEST_KEY));
    const bad = badMessages("ohwb.clinical");
    await loader.load(bad.map((b) => b.message));
    const stored = await rows(
      wh,
      `SELECT "offset", key_sealed, headers_sealed, raw_sealed, raw_sha256, raw_size FROM dead_letter ORDER BY "offset"`,
    );
    expect(stored).toHaveLength(bad.length);
    const quarantine = DeadLetterQuarantine.fromPseudonymKey(TEST_KEY);
    for (const [offset, key, headers, raw, sha, size] of stored) {
      const original = bad[Number(offset)]?.message as SourceMessage;
      const value = original.value as Buffer;
      expect(quarantine.open("raw", raw as Uint8Array).equals(value)).toBe(true);
      expect(quarantine.open("key", key as Uint8Array).equals(original.key as Buffer)).toBe(true);
      expect(JSON.parse(quarantine.open("headers", headers as Uint8Array).toString())).toEqual({
        "x-staff": bad[Number(offset)]?.staffId,
        "x-case": bad[Number(offset)]?.name,
      });
      expect(size).toBe(value.length);
      // The digest covers whole messages only, and none at all for a value short enough to guess.
      expect(sha).toBe(value.length >= 64 ? createHash("sha256").update(value).digest("hex") : null);
      // Sealed, not encoded: no part of the value shows through, and each seal uses a fresh nonce.
      expect(Buffer.from(raw as Uint8Array).includes(Buffer.from(bad[Number(offset)]?.staffId ?? "?"))).toBe(
        false,
      );
    }
    expect(stored.find((r) => r[5] === Buffer.from(`${esr(5)}!`).length)?.[4]).toBeNull();
    const again = quarantine.seal("raw", Buffer.from("same"));
    expect(again.equals(quarantine.seal("raw", Buffer.from("same")))).toBe(false);

    const [, firstKey, , firstRaw] = stored[0] ?? [];
    const wrong = DeadLetterQuarantine.fromPseudonymKey(OTHER_KEY);
    let failure: unknown;
    try {
      wrong.open("raw", firstRaw as Uint8Array);
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(DeadLetterKeyMismatchError);
    expect((failure as DeadLetterKeyMismatchError).message).toContain(
      "the dead letters were sealed with a different key",
    );
    expect((failure as DeadLetterKeyMismatchError).retriable).toBe(false);
    // A flipped bit, or a value moved to another column, is refused rather than returned wrong.
    const damaged = Buffer.from(firstRaw as Uint8Array);
    damaged[damaged.length - 20] = (damaged[damaged.length - 20] ?? 0) ^ 1;
    expect(() => quarantine.open("raw", damaged)).toThrow(DeadLetterCorruptError);
    expect(() => quarantine.open("raw", firstKey as Uint8Array)).toThrow(DeadLetterCorruptError);
  });

  it("lists without the key, exports the originals with it, and the export replays through ingest --from-file", async () => {
    const path = tempPath("replay");
    const dir = dirname(path);
    const good = immunisationEvent("replay-good", 1);
    const broken = immunisationEvent("replay-broken", 2);
    const brokenStaff = esr(42);
    const brokenEvent = {
      ...broken.event,
      org_code: "not an ods code",
      payload: { ...(broken.event.payload as Record<string, unknown>), staff_id: brokenStaff },
    };
    const brokenLine = Buffer.from(JSON.stringify(brokenEvent));
    const input = join(dir, "input.ndjson");
    writeFileSync(
      input,
      Buffer.concat([
        Buffer.from(`${JSON.stringify(good.event)}\n`),
        brokenLine,
        Buffer.from(`\n{"staff_id": ${esr(43)} oops\n`),
      ]),
    );
    const ingested = await run(
      ingestCommand,
      ["--create", "--from-file", input, "--warehouse", path],
      TEST_KEY,
    );
    expect(ingested.code, ingested.stderr).toBe(0);
    expect(leaks(path, [brokenStaff, esr(43)])).toEqual([]);

    const listed = await run(deadLettersCommand, ["list", "--json", "--warehouse", path], "");
    expect(listed.code, listed.stderr).toBe(0);
    const summary = JSON.parse(listed.stdout);
    expect(summary.total).toBe(2);
    expect(summary.plaintextColumns).toBe(false);
    expect(
      summary.counts.map((c: { topic: string; reason: string; count: number }) => [c.reason, c.count]),
    ).toEqual([
      ["NOT_JSON", 1],
      ["VALIDATION_FAILED", 1],
    ]);
    // A file is known by its content (ingest/file-ingest.ts), so that is the topic its dead letters list.
    expect(summary.counts[0].topic).toBe(
      `file:sha256:${createHash("sha256").update(readFileSync(input)).digest("hex")}`,
    );
    const text = await run(deadLettersCommand, ["list", "--warehouse", path], "");
    expect(text.stdout).toMatch(/VALIDATION_FAILED\s+1/);

    // The wrong key: a clear, non-retriable error, and no half-written file of clear identifiers.
    const wrongOut = join(dir, "wrong.ndjson");
    const wrongArgs = ["export", "--reason", "VALIDATION_FAILED", "--out", wrongOut, "--warehouse", path];
    await expect(run(deadLettersCommand, wrongArgs, OTHER_KEY)).rejects.toThrow(
      /the dead letters were sealed with a different key/,
    );
    expect(existsSync(wrongOut)).toBe(false);
    // No key at all: refused before the warehouse is read.
    await expect(run(deadLettersCommand, wrongArgs, "")).rejects.toThrow(/OHWB_PSEUDONYM_KEY/);

    // A loader opened with a throwaway key (as the NHS absence import does) seals with that key:
    // the export skips and counts such rows rather than failing on them.
    {
      const wh = await openDuckDbFile(path);
      try {
        const throwaway = await BatchLoader.open(
          wh.connection,
          new Pseudonymiser(OTHER_KEY.replace("another", "throwaway")),
        );
        const other = badMessages("ohwb.clinical")[0] as BadMessage;
        expect((await throwaway.load([other.message])).deadLetters.map((d) => d.reason)).toEqual([
          "VALIDATION_FAILED",
        ]);
      } finally {
        wh.close();
      }
    }

    const out = join(dir, "replay.ndjson");
    const exported = await run(
      deadLettersCommand,
      ["export", "--reason", "VALIDATION_FAILED", "--out", out, "--warehouse", path],
      TEST_KEY,
    );
    expect(exported.code, exported.stderr).toBe(0);
    expect(JSON.parse(exported.stdout)).toMatchObject({ written: 1, compacted: 0, skipped: { otherKey: 1 } });
    expect(exported.stderr).toContain("1 sealed with a different key");
    expect(readFileSync(out).equals(Buffer.concat([brokenLine, Buffer.from("\n")]))).toBe(true);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    // Never overwritten.
    await expect(
      run(
        deadLettersCommand,
        ["export", "--reason", "VALIDATION_FAILED", "--out", out, "--warehouse", path],
        TEST_KEY,
      ),
    ).rejects.toThrow(/already exists/);

    // The operator fixes the export (here: the organisation code) and replays it.
    const fixed = join(dir, "fixed.ndjson");
    writeFileSync(
      fixed,
      readFileSync(out, "utf8").replace('"org_code":"not an ods code"', '"org_code":"RRK"'),
    );
    const replayed = await run(
      ingestCommand,
      ["--create", "--from-file", fixed, "--warehouse", path],
      TEST_KEY,
    );
    expect(replayed.code, replayed.stderr).toBe(0);
    const wh = await openDuckDbFile(path, { readOnly: true });
    try {
      expect(
        (await rows(wh, "SELECT event_id FROM ingested_events ORDER BY event_id")).map((r) => r[0]),
      ).toEqual([good.eventId, broken.eventId].sort());
      const [[staff]] = (await rows(
        wh,
        `SELECT payload->>'staff_id' FROM raw_ohwb_immunisation_administered WHERE event_id = '${broken.eventId}'`,
      )) as [[string]];
      expect(staff).toBe(new Pseudonymiser(TEST_KEY).pseudonym(brokenStaff));
      expect(await rows(wh, "SELECT count(*) FROM dead_letter")).toEqual([[3n]]);
      expect(await tableLeaks(wh, [brokenStaff, esr(43), esr(0)])).toEqual([]);
    } finally {
      wh.close();
    }
    expect(leaks(path, [brokenStaff, esr(43)])).toEqual([]);
  });

  it("upgrades a dead_letter stored in clear by an older version: sealed with the key, plaintext columns dropped", async () => {
    const path = tempPath("upgrade");
    const staff = [esr(200), esr(201), esr(202)];
    const oldRows: { key: string; headers: string; raw: Buffer; reason: string; issues: string }[] = [
      {
        key: staff[0] as string,
        headers: JSON.stringify({ "x-staff": staff[0] }),
        raw: Buffer.from(`{"payload":{"staff_id":${staff[0]}}}`),
        reason: "NOT_JSON",
        // What an older version stored: JSON.parse's message, snippet of the input included.
        issues: JSON.stringify([
          {
            path: "",
            code: "NOT_JSON",
            message: `Unexpected token 'E', ..."staff_id":${staff[0]}}}" is not valid JSON`,
          },
        ]),
      },
      {
        key: staff[1] as string,
        headers: JSON.stringify({ kind: "x" }),
        raw: Buffer.from(
          JSON.stringify({ ...immunisationEvent("upgrade", 1).event, payload: { staff_id: staff[1] } }),
        ),
        reason: "VALIDATION_FAILED",
        issues: JSON.stringify([{ path: "payload.vaccine", code: "invalid_type", message: "Required" }]),
      },
      {
        key: staff[2] as string,
        headers: JSON.stringify({}),
        raw: Buffer.from(`internal failure near ${staff[2]}`),
        reason: "VALIDATION_FAILED",
        issues: JSON.stringify([{ path: "", code: "internal_error", message: `boom at ${staff[2]}` }]),
      },
    ];
    // The previous version's table, written the way it wrote it.
    {
      const wh = await openDuckDbFile(path);
      try {
        await wh.connection.run(`CREATE TABLE dead_letter (
          topic VARCHAR NOT NULL, "partition" INTEGER NOT NULL, "offset" BIGINT NOT NULL,
          key BLOB, headers JSON, raw BLOB, raw_size INTEGER NOT NULL, reason VARCHAR NOT NULL,
          issues JSON NOT NULL, event_id VARCHAR, event_type VARCHAR, received_at TIMESTAMPTZ NOT NULL)`);
        const appender = await wh.connection.createAppender("dead_letter");
        oldRows.forEach((r, i) => {
          appender.appendVarchar("ohwb.clinical");
          appender.appendInteger(0);
          appender.appendBigInt(BigInt(i));
          appender.appendBlob(Buffer.from(r.key));
          appender.appendVarchar(r.headers);
          appender.appendBlob(r.raw);
          appender.appendInteger(r.raw.length);
          appender.appendVarchar(r.reason);
          appender.appendVarchar(r.issues);
          appender.appendNull();
          appender.appendNull();
          appender.appendTimestampTZ(timestampTZValue(BigInt(Date.UTC(2024, 9, 1)) * 1000n));
          appender.endRow();
        });
        appender.flushSync();
        appender.closeSync();
        await wh.connection.run("CHECKPOINT");
      } finally {
        wh.close();
      }
    }
    // The old layout holds the ESR numbers in clear (so the scan below can see them when present).
    expect(leaks(path, staff)).toEqual(traces(staff));

    // Without the key (transforms, status, a loader with a throwaway key) the table gains the
    // sealed columns, new rows are sealed, and the old rows are left for a keyed session.
    {
      const wh = await openDuckDbFile(path);
      try {
        await ensureLandingSchema(wh.connection);
        await ensureLandingSchema(wh.connection);
        const loader = await BatchLoader.open(wh.connection, new Pseudonymiser(TEST_KEY));
        const fresh = badMessages("ohwb.clinical")[0] as BadMessage;
        await loader.load([{ ...fresh.message, offset: 10n }]);
        const [[key, keySealed]] = (await rows(
          wh,
          `SELECT key, key_sealed FROM dead_letter WHERE "offset" = 10`,
        )) as [[unknown, Uint8Array]];
        expect(key).toBeNull();
        expect(DeadLetterQuarantine.fromPseudonymKey(TEST_KEY).open("key", keySealed).toString()).toBe(
          esr(0),
        );
      } finally {
        wh.close();
      }
    }

    const saved = process.env.OHWB_PSEUDONYM_KEY;
    process.env.OHWB_PSEUDONYM_KEY = TEST_KEY;
    try {
      const session = await openIngestSession(path, false);
      try {
        expect(session.sealedDeadLetters).toBe(oldRows.length);
        const columns = await tableColumns(session.warehouse.connection, "dead_letter");
        for (const gone of ["key", "headers", "raw"]) expect(columns).not.toContain(gone);
        const stored = await session.warehouse.connection.runAndReadAll(
          `SELECT "offset", key_sealed, headers_sealed, raw_sealed, raw_sha256, issues FROM dead_letter ORDER BY "offset"`,
        );
        const quarantine = DeadLetterQuarantine.fromPseudonymKey(TEST_KEY);
        const all = stored.getRowsJS();
        expect(all).toHaveLength(oldRows.length + 1);
        for (const [offset, key, headers, raw, sha, issues] of all.slice(0, oldRows.length)) {
          const old = oldRows[Number(offset)] as (typeof oldRows)[number];
          expect(quarantine.open("key", key as Uint8Array).toString()).toBe(old.key);
          expect(quarantine.open("headers", headers as Uint8Array).toString()).toBe(old.headers);
          expect(quarantine.open("raw", raw as Uint8Array).equals(old.raw)).toBe(true);
          expect(sha).toBe(old.raw.length >= 64 ? createHash("sha256").update(old.raw).digest("hex") : null);
          for (const id of staff) expect(String(issues)).not.toContain(id);
        }
        expect(await tableLeaks(session.warehouse, staff)).toEqual([]);
        expect(String(all[0]?.[5])).toContain("Unexpected token 'E'");
        expect(String(all[2]?.[5])).toContain("boom at [redacted]");
      } finally {
        session.close();
      }
      // Idempotent: a second keyed open finds nothing left in clear.
      const second = await openIngestSession(path, false);
      expect(second.sealedDeadLetters).toBe(0);
      second.close();
    } finally {
      if (saved === undefined) delete process.env.OHWB_PSEUDONYM_KEY;
      else process.env.OHWB_PSEUDONYM_KEY = saved;
    }
    const listed = await run(deadLettersCommand, ["list", "--json", "--warehouse", path], "");
    expect(JSON.parse(listed.stdout)).toMatchObject({ total: 4, plaintextColumns: false });

    // DuckDB does not zero the dropped columns' blocks, so old plaintext may linger in free space;
    // the README's remedy, a copy into a new file, carries the tables and none of it.
    const copy = join(dirname(path), "copy.duckdb");
    const wh = await openDuckDbFile(path);
    try {
      await wh.connection.run(`ATTACH '${copy}' AS scrubbed`);
      const [[name]] = (await rows(wh, "SELECT current_database()")) as [[string]];
      await wh.connection.run(`COPY FROM DATABASE "${name}" TO scrubbed`);
      await wh.connection.run("DETACH scrubbed");
    } finally {
      wh.close();
    }
    expect(leaks(copy, staff)).toEqual([]);
    const copied = await openDuckDbFile(copy, { readOnly: true });
    try {
      expect(await rows(copied, "SELECT count(*) FROM dead_letter")).toEqual([[4n]]);
    } finally {
      copied.close();
    }
  });
});
