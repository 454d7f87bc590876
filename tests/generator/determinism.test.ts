import { createHash } from "node:crypto";
import { describe, expect, test } from "vitest";
import { Random } from "../../generator/random.js";
import { collect } from "./collect.js";

const small = { orgs: 2, months: 4, scale: 0.2, start: "2024-10" } as const;

function digest(values: readonly string[]): string {
  const hash = createHash("sha256");
  for (const v of values) hash.update(v).update("\n");
  return hash.digest("hex");
}

describe("generator determinism", () => {
  test("the same seed gives identical events, byte for byte", async () => {
    const a = await collect({ ...small, seed: 42, badRate: 0.05 });
    const b = await collect({ ...small, seed: 42, badRate: 0.05 });
    expect(a.length).toBeGreaterThan(1_000);
    expect(b.length).toBe(a.length);
    expect(digest(b.map((r) => r.value))).toBe(digest(a.map((r) => r.value)));
    expect(b.map((r) => `${r.topic}|${r.key}|${r.kind}|${r.badKind ?? ""}`)).toEqual(
      a.map((r) => `${r.topic}|${r.key}|${r.kind}|${r.badKind ?? ""}`),
    );
  });

  test("a different seed gives different events (ids, organisations and counts)", async () => {
    const a = await collect({ ...small, seed: 1 });
    const b = await collect({ ...small, seed: 2 });
    expect(digest(b.map((r) => r.value))).not.toBe(digest(a.map((r) => r.value)));
    const ids = new Set(a.map((r) => (JSON.parse(r.value) as { event_id: string }).event_id));
    const shared = b.filter((r) => ids.has((JSON.parse(r.value) as { event_id: string }).event_id));
    expect(shared).toHaveLength(0);
  });

  test("mixing in bad events leaves the good events unchanged", async () => {
    const clean = await collect({ ...small, seed: 7 });
    const mixed = await collect({ ...small, seed: 7, badRate: 0.2 });
    const good = mixed.filter((r) => r.kind === "good").map((r) => r.value);
    expect(mixed.length).toBeGreaterThan(clean.length);
    expect(digest(good)).toBe(digest(clean.map((r) => r.value)));
  });

  test("event ids are unique v4-format UUIDs and timestamps never come from the clock", async () => {
    const records = await collect({ ...small, seed: 3 });
    const ids = records.map((r) => (JSON.parse(r.value) as { event_id: string }).event_id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const occurred = records.map((r) => (JSON.parse(r.value) as { occurred_at: string }).occurred_at);
    expect(occurred.every((t) => t >= "2024-10-01T00:00:00Z" && t < "2025-02-01T00:00:00Z")).toBe(true);
  });

  test("the PRNG repeats per seed and spreads values evenly", () => {
    const a = new Random(5, "x");
    const b = new Random(5, "x");
    const c = new Random(6, "x");
    const seqA = Array.from({ length: 1_000 }, () => a.nextUint32());
    expect(Array.from({ length: 1_000 }, () => b.nextUint32())).toEqual(seqA);
    expect(Array.from({ length: 1_000 }, () => c.nextUint32())).not.toEqual(seqA);
    const r = new Random(9);
    const bins = new Array(10).fill(0);
    for (let i = 0; i < 100_000; i++) bins[Math.floor(r.next() * 10)]++;
    for (const n of bins) expect(Math.abs(n - 10_000)).toBeLessThan(500);
  });
});
