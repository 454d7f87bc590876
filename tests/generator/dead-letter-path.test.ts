/**
 * End to end through the real ingest: a generated file with bad events loads
 * its good events into the raw tables and every bad one into dead_letter,
 * with the dead-letter reason matching the kind of damage.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, test, vi } from "vitest";
import { ingestCommand } from "../../cli/commands/ingest.js";
import { openDuckDbFile } from "../../core/duckdb.js";
import { writeRecordsToFile } from "../../generator/file-sink.js";
import { generateBatches } from "../../generator/generate-events.js";

const dir = mkdtempSync(join(tmpdir(), "ohwb-generate-dlq-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const reasonByKind: Record<string, string> = {
  invalid_json: "NOT_JSON",
  unknown_event_type: "UNKNOWN_EVENT_TYPE",
  unknown_schema_version: "UNKNOWN_SCHEMA_VERSION",
  validation_failed: "VALIDATION_FAILED",
  duplicate_conflict: "DUPLICATE_CONFLICT",
};

test("bad events land in dead_letter by kind; good events land in the raw tables", async () => {
  const file = join(dir, "events.ndjson.gz");
  const summary = await writeRecordsToFile(
    file,
    generateBatches({ orgs: 1, months: 2, seed: 21, scale: 0.2, badRate: 0.1 }),
  );
  expect(Object.keys(summary.badByKind).sort()).toEqual(Object.keys(reasonByKind).sort());

  const warehousePath = join(dir, "warehouse.duckdb");
  const savedKey = process.env.OHWB_PSEUDONYM_KEY;
  process.env.OHWB_PSEUDONYM_KEY = "generator-test-key-0123456789abcdef0123456789";
  const quiet = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
  const quietOut = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
  let code: number;
  try {
    code = await ingestCommand.run(["--create", "--from-file", file, "--warehouse", warehousePath]);
  } finally {
    quiet.mockRestore();
    quietOut.mockRestore();
    if (savedKey === undefined) delete process.env.OHWB_PSEUDONYM_KEY;
    else process.env.OHWB_PSEUDONYM_KEY = savedKey;
  }
  expect(code).toBe(0);

  const warehouse = await openDuckDbFile(warehousePath);
  try {
    const reader = await warehouse.connection.runAndReadAll(
      "SELECT reason, count(*)::INTEGER AS n FROM dead_letter GROUP BY reason ORDER BY reason",
    );
    const deadLetters = Object.fromEntries(
      reader.getRowObjects().map((r) => [String(r.reason), Number(r.n)]),
    );
    const expected: Record<string, number> = {};
    for (const [kind, n] of Object.entries(summary.badByKind)) {
      const reason = reasonByKind[kind] as string;
      expected[reason] = (expected[reason] ?? 0) + n;
    }
    expect(deadLetters).toEqual(expected);
    const loaded = await warehouse.connection.runAndReadAll(
      "SELECT count(*)::INTEGER AS n FROM ingested_events",
    );
    expect(Number(loaded.getRowObjects()[0]?.n)).toBe(summary.good);
  } finally {
    warehouse.close();
  }
});
