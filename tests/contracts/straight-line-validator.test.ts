/**
 * The straight-line acceptors compiled from the Zod schemas agree with Zod:
 * on every golden example, on generated events of every type (good and the
 * generator's bad ones), and on seeded mutations of every field of each, an
 * acceptor accepts exactly what Zod accepts and returns exactly Zod's output
 * (values, key order, serialised text); what it does not accept goes to Zod,
 * so validateEvent's reasons and issues are Zod's own.
 */
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { contractDefinitions, validateEvent } from "../../contracts/index.js";
import { issuesFromZod } from "../../contracts/issues.js";
import { compileAcceptor, unsupportedConstruct } from "../../contracts/straight-line-validator.js";
import { generateEvents } from "../../generator/generate-events.js";
import { Random } from "../../generator/random.js";
import { loadExampleSets } from "./golden-examples.js";

const versions = contractDefinitions.flatMap((d) =>
  d.versions.map((v) => ({ key: `${d.eventType}.v${v.version}`, schema: v.schema })),
);
const schemaOf = new Map(versions.map((v) => [v.key, v.schema]));
const acceptorOf = new Map(versions.map((v) => [v.key, compileAcceptor(v.schema)]));

/** The schema an event claims (its type and version), if any. */
function claimed(event: unknown): string | undefined {
  if (typeof event !== "object" || event === null) return undefined;
  const e = event as Record<string, unknown>;
  if (typeof e.schema_version !== "number") return undefined;
  const key = `${String(e.event_type)}.v${String(e.schema_version)}`;
  return schemaOf.has(key) ? key : undefined;
}

const STRINGS = ["", " ", "x", "X".repeat(300), "2024-02-30T00:00:00Z", "1899-12-31", "2024-03-01", "RRK"];
const OTHERS: unknown[] = [null, true, false, 0, -1, 1.5, 11, 1e300, [], {}, ["x"]];

/** Values to put where `value` was: wrong types, edge strings and numbers, near-misses of the value itself. */
function replacements(value: unknown): unknown[] {
  const out: unknown[] = [...OTHERS, ...STRINGS];
  if (typeof value === "string")
    out.push(
      value.toUpperCase(),
      value.toLowerCase(),
      ` ${value} `,
      `${value}\u0000`,
      `${value}\ud800`,
      value.slice(1),
      `${value}x`,
      value.replace(/Z$/, "+01:00"),
      value.replace(/T.*$/, ""),
    );
  if (typeof value === "number") out.push(value + 1, value - 1, value + 0.5, -value, value * 1000);
  if (Array.isArray(value)) out.push([...value, ...value], value.slice(1));
  return out;
}

/** Every path to a value inside `node` (objects and arrays), depth first. */
function paths(node: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (typeof node !== "object" || node === null) return [];
  const out: (string | number)[][] = [];
  const entries: [string | number, unknown][] = Array.isArray(node)
    ? node.map((v, i) => [i, v])
    : Object.entries(node as Record<string, unknown>);
  for (const [k, v] of entries) {
    out.push([...prefix, k]);
    out.push(...paths(v, [...prefix, k]));
  }
  return out;
}

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

function holderAt(root: unknown, path: (string | number)[]): Record<string | number, unknown> {
  let node = root as Record<string | number, unknown>;
  for (const k of path.slice(0, -1)) node = node[k] as Record<string | number, unknown>;
  return node;
}

/** Seeded mutations of one good event: each field replaced or removed, unknown keys added, date fields swapped. */
function mutations(event: Record<string, unknown>, random: Random): unknown[] {
  const out: unknown[] = [];
  const all = paths(event);
  for (const path of all) {
    const last = path[path.length - 1] as string | number;
    const original = holderAt(event, path)[last];
    for (const replacement of replacements(original)) {
      // Not every replacement at every path: a seeded sample keeps the test quick.
      if (random.next() > 0.3) continue;
      const copy = clone(event);
      holderAt(copy, path)[last] = replacement;
      out.push(copy);
    }
    if (typeof last === "string") {
      const copy = clone(event);
      delete holderAt(copy, path)[last];
      out.push(copy);
    }
    if (typeof original === "object" && original !== null && !Array.isArray(original)) {
      const copy = clone(event);
      (holderAt(copy, [...path, "x"]) as Record<string, unknown>).unexpected = 1;
      out.push(copy);
      out.push(JSON.parse(JSON.stringify(copy).replace('"unexpected":1', '"__proto__":{}')));
    }
  }
  // Swapping two date-time fields breaks the time-order rules where there are any.
  const timed = all.filter((p) => {
    const v = holderAt(event, p)[p[p.length - 1] as string];
    return typeof v === "string" && /^\d{4}-\d\d-\d\d(T|$)/.test(v);
  });
  for (const a of timed)
    for (const b of timed) {
      if (a === b) continue;
      const copy = clone(event);
      const [ha, hb] = [holderAt(copy, a), holderAt(copy, b)];
      const [ka, kb] = [a[a.length - 1] as string, b[b.length - 1] as string];
      [ha[ka], hb[kb]] = [hb[kb], ha[ka]];
      out.push(copy);
    }
  const top = clone(event) as Record<string, unknown>;
  top.unexpected = "x";
  out.push(top, [event], JSON.stringify(event), null, 42, {});
  return out;
}

interface Tally {
  accepted: number;
  refused: number;
}

/** The acceptor and Zod agree on `input`; counts which way it went. */
function expectAgreement(input: unknown, tally: Tally): void {
  const key = claimed(input);
  if (!key) return;
  const schema = schemaOf.get(key) as z.ZodType;
  const accept = acceptorOf.get(key);
  const zod = schema.safeParse(input);
  const fast = accept?.(input);
  if (zod.success) {
    tally.accepted++;
    expect(fast, `${key} accepted by Zod, not by the acceptor: ${JSON.stringify(input)}`).toBeDefined();
    expect(JSON.stringify(fast)).toBe(JSON.stringify(zod.data));
    expect(fast).toStrictEqual(zod.data);
  } else {
    tally.refused++;
    expect(fast, `${key} refused by Zod, accepted by the acceptor: ${JSON.stringify(input)}`).toBeUndefined();
    // validateEvent's refusal is Zod's: the same reason and issues a plain safeParse gives.
    const result = validateEvent(input);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.reason).toBe("VALIDATION_FAILED");
      expect(result.issues).toEqual(issuesFromZod(zod.error));
    }
  }
}

describe("straight-line acceptors compiled from the Zod schemas", () => {
  it("compile for every contract version (none left to Zod alone)", () => {
    for (const v of versions) expect(unsupportedConstruct(v.schema), v.key).toBeUndefined();
    expect(versions.length).toBeGreaterThanOrEqual(24);
  });

  it("agree with Zod on the golden examples and seeded mutations of every field", () => {
    const random = new Random("straight-line", 1);
    const tally: Tally = { accepted: 0, refused: 0 };
    for (const set of loadExampleSets()) {
      expectAgreement(set.valid, tally);
      for (const invalid of set.invalid) expectAgreement(invalid.event, tally);
      for (const mutated of mutations(set.valid, random)) expectAgreement(mutated, tally);
    }
    // Both sides of the differential are exercised in bulk.
    expect(tally.accepted).toBeGreaterThan(500);
    expect(tally.refused).toBeGreaterThan(2_000);
  });

  it("agree with Zod on generated events of every type, good and bad, and their mutations", async () => {
    const random = new Random("straight-line", 2);
    const tally: Tally = { accepted: 0, refused: 0 };
    const seen = new Map<string, number>();
    for await (const record of generateEvents({ orgs: 2, months: 3, scale: 0.05, badRate: 0.2, seed: 7 })) {
      let event: unknown;
      try {
        event = JSON.parse(record.value);
      } catch {
        continue; // the generator's invalid_json records: nothing for a validator to see
      }
      expectAgreement(event, tally);
      // A few mutated copies of the first events of each type.
      const n = seen.get(record.eventType) ?? 0;
      seen.set(record.eventType, n + 1);
      if (record.kind === "good" && n < 3)
        for (const mutated of mutations(event as Record<string, unknown>, random))
          expectAgreement(mutated, tally);
    }
    expect(seen.size).toBeGreaterThanOrEqual(15);
    expect(tally.accepted).toBeGreaterThan(500);
    expect(tally.refused).toBeGreaterThan(500);
  });
});
