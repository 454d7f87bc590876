/**
 * `ohwb ingest --from-file` (plain and gzip) through the same load path,
 * idempotent on rerun; key handling (refuses without a key, demo key kept
 * outside the warehouse); `ohwb status --json`; a file is known by its
 * content, so new or edited content under a known name loses no line.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { immunisationEvent } from "./event-factory.js";
import { cliPath } from "./ingest-process.js";
import { mixedStream } from "./mixed-stream.js";
import { queryWarehouse, TEST_KEY, tempWarehousePath } from "./warehouse-fixture.js";

function ohwb(args: string[], env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(process.execPath, [cliPath(), ...args], {
    env: { ...process.env, OHWB_PSEUDONYM_KEY: TEST_KEY, KAFKA_BROKERS: "", ...env },
    encoding: "utf8",
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function ndjson(stream: ReturnType<typeof mixedStream>): Buffer {
  // Empty messages have no line form; every other message becomes one line of its exact bytes.
  const lines = stream.messages
    .filter((m) => m.value !== null)
    .map((m) => (Buffer.isBuffer(m.value) ? m.value : Buffer.from(String(m.value))));
  return Buffer.concat(lines.flatMap((l) => [l, Buffer.from("\n")]));
}

describe("ohwb ingest --from-file", () => {
  it("loads NDJSON and NDJSON.gz exactly once, even when rerun", async () => {
    const { path, cleanup } = tempWarehousePath("file");
    try {
      const plain = mixedStream("file-a", 3_000);
      const gz = mixedStream("file-b", 2_000);
      const emptyLines = (s: ReturnType<typeof mixedStream>) =>
        s.messages.filter((m) => m.value === null).length;
      const plainFile = join(dirname(path), "a.ndjson");
      const gzFile = join(dirname(path), "b.ndjson.gz");
      writeFileSync(plainFile, ndjson(plain));
      writeFileSync(gzFile, gzipSync(ndjson(gz)));
      for (let run = 0; run < 2; run++) {
        for (const f of [plainFile, gzFile]) {
          const r = ohwb(["ingest", "--create", "--warehouse", path, "--from-file", f]);
          expect(r.code, r.stderr).toBe(0);
        }
      }
      const ids = (await queryWarehouse(path, "SELECT event_id FROM ingested_events")).map((r) =>
        String(r[0]),
      );
      expect(ids.length).toBe(plain.validIds.size + gz.validIds.size);
      expect(new Set(ids).size).toBe(ids.length);
      const [[dead]] = (await queryWarehouse(path, "SELECT count(*) FROM dead_letter")) as [[bigint]];
      expect(Number(dead)).toBe(plain.deadLetters - emptyLines(plain) + gz.deadLetters - emptyLines(gz));

      // The same events arriving again from a different file are resends, not new events.
      const copy = join(dirname(path), "copy.ndjson");
      writeFileSync(copy, readFileSync(plainFile));
      expect(ohwb(["ingest", "--create", "--warehouse", path, "--from-file", copy]).code).toBe(0);
      const [[count]] = (await queryWarehouse(path, "SELECT count(*) FROM ingested_events")) as [[bigint]];
      expect(Number(count)).toBe(ids.length);

      const status = ohwb(["status", "--warehouse", path, "--json"]);
      expect(status.code, status.stderr).toBe(0);
      const parsed = JSON.parse(status.stdout);
      expect(parsed.eventsLoaded).toBe(ids.length);
      // Files are known by content: the copy shares the original's offsets.
      expect(parsed.partitions).toHaveLength(2);
      expect(parsed.deadLettersByReason.DUPLICATE_CONFLICT).toBeGreaterThan(0);
      expect(parsed.lastLoadAt).toMatch(/^\d{4}-\d\d-\d\dT/);
      expect(ohwb(["status", "--warehouse", path]).stdout).toContain("dead letters:");
    } finally {
      cleanup();
    }
  }, 60_000);

  it("refuses to start without a pseudonym key, and demo mode keeps its key outside the warehouse", async () => {
    const { path, cleanup } = tempWarehousePath("key");
    try {
      const file = join(dirname(path), "one.ndjson");
      writeFileSync(file, ndjson(mixedStream("key", 10)));
      const refused = ohwb(["ingest", "--create", "--warehouse", path, "--from-file", file], {
        OHWB_PSEUDONYM_KEY: "",
      });
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain("OHWB_PSEUDONYM_KEY");
      expect(refused.stderr).toContain("--demo");
      expect(existsSync(path)).toBe(false);

      const keyFile = join(dirname(path), "config", "ohwb", "pseudonym-key");
      const demo = ohwb(["ingest", "--create", "--demo", "--warehouse", path, "--from-file", file], {
        OHWB_PSEUDONYM_KEY: "",
        XDG_CONFIG_HOME: join(dirname(path), "config"),
      });
      expect(demo.code, demo.stderr).toBe(0);
      expect(demo.stderr).toContain(keyFile);
      expect(statSync(keyFile).mode & 0o777).toBe(0o600);
      const key = readFileSync(keyFile, "utf8").trim();
      expect(key).toHaveLength(64);
      // The key is nowhere in the warehouse file.
      expect(readFileSync(path).includes(Buffer.from(key))).toBe(false);
    } finally {
      cleanup();
    }
  }, 60_000);
  it("loads new and edited content under a known name in full, and an upper-case event_id is a resend", async () => {
    const { path, cleanup } = tempWarehousePath("same-name");
    try {
      const file = join(dirname(path), "daily.ndjson");
      const lines = (seed: string, from: number, count: number) =>
        Array.from({ length: count }, (_, i) => JSON.stringify(immunisationEvent(seed, from + i).event));
      const write = (content: string[]) => writeFileSync(file, `${content.join("\n")}\n`);
      const ingest = () => {
        const r = ohwb(["ingest", "--create", "--warehouse", path, "--from-file", file]);
        expect(r.code, r.stderr).toBe(0);
        return r;
      };
      const loaded = async () =>
        Number(((await queryWarehouse(path, "SELECT count(*) FROM ingested_events")) as [[bigint]])[0][0]);

      const monday = lines("monday", 0, 300);
      write(monday);
      ingest();
      expect(await loaded()).toBe(300);

      // Tuesday's export written to the same path: none of its lines may be taken for Monday's.
      write(lines("tuesday", 0, 500));
      ingest();
      expect(await loaded()).toBe(800);

      // A line inserted at the top of Monday's file: the one new event loads, the rest are resends.
      write([...lines("late", 0, 1), ...monday]);
      expect(ingest().stderr).toMatch(/duplicates 300/);
      expect(await loaded()).toBe(801);

      // The same bytes again, from the same or another path, resume after the last line: nothing to do.
      expect(ingest().stderr).toMatch(/loaded 0, dead letters 0, duplicates 0/);

      // Monday's first event again, its id in upper case: the same event, not a new one.
      const first = immunisationEvent("monday", 0).event;
      write([JSON.stringify({ ...first, event_id: String(first.event_id).toUpperCase() })]);
      expect(ingest().stderr).toMatch(/loaded 0, dead letters 0, duplicates 1/);
      expect(await loaded()).toBe(801);
    } finally {
      cleanup();
    }
  }, 60_000);
});
