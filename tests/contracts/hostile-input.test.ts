/**
 * validateEvent never throws on garbage and always explains itself: non-objects,
 * huge strings, prototype keys, wrong types, NaN, out-of-range dates, deep
 * nesting, throwing getters, and seeded random mutations of every valid example.
 */
import { describe, expect, it } from "vitest";
import { type ValidationResult, validateEvent } from "../../contracts/index.js";
import { loadExampleSets } from "./golden-examples.js";

const sets = loadExampleSets();
const referral = sets.find((s) => s.dir === "ohwb.referral.received.v2")?.valid as Record<string, unknown>;
const payload = referral.payload as Record<string, unknown>;

function expectRejected(
  result: ValidationResult,
): asserts result is Extract<ValidationResult, { ok: false }> {
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.issues.length).toBeGreaterThan(0);
  for (const issue of result.issues) {
    expect(typeof issue.path).toBe("string");
    expect(issue.code).toMatch(/^[a-z_]+$/);
    expect(issue.message.length).toBeGreaterThan(0);
    expect(issue.message.length).toBeLessThan(400);
  }
  expect(result.summary).not.toContain("\n");
  expect(result.summary.length).toBeLessThan(2_000);
}

function deepNest(depth: number): unknown {
  let value: unknown = "leaf";
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

describe("hostile input", () => {
  const garbage: [string, unknown][] = [
    ["undefined", undefined],
    ["null", null],
    ["NaN", Number.NaN],
    ["Infinity", Number.POSITIVE_INFINITY],
    ["number", 42],
    ["bigint", 10n],
    ["boolean", true],
    ["symbol", Symbol("x")],
    ["function", () => 1],
    ["huge string", "x".repeat(5_000_000)],
    ["JSON text instead of object", JSON.stringify(referral)],
    ["array", [referral]],
    ["empty object", {}],
    ["Date", new Date()],
    ["Map", new Map([["event_type", "ohwb.referral.received"]])],
    ["object without prototype", Object.create(null)],
    ["__proto__ event_type", { ...referral, event_type: "__proto__" }],
    ["constructor event_type", { ...referral, event_type: "constructor" }],
    ["toString event_type", { ...referral, event_type: "toString" }],
    ["huge event_type", { ...referral, event_type: "e".repeat(1_000_000) }],
    ["event_type number", { ...referral, event_type: 7 }],
    ["schema_version NaN", { ...referral, schema_version: Number.NaN }],
    ["schema_version Infinity", { ...referral, schema_version: Number.POSITIVE_INFINITY }],
    ["schema_version 99", { ...referral, schema_version: 99 }],
    ["schema_version 0", { ...referral, schema_version: 0 }],
    ["schema_version -1", { ...referral, schema_version: -1 }],
    ["schema_version string", { ...referral, schema_version: "2" }],
    ["JSON __proto__ key", JSON.parse(`{"__proto__":{"event_type":"ohwb.referral.received"}}`)],
    [
      "JSON __proto__ + valid",
      JSON.parse(`{"__proto__":{"isAdmin":true},${JSON.stringify(referral).slice(1)}`),
    ],
    ["NUL in source_system", { ...referral, source_system: "cohort\u0000oh" }],
    ["control character in org_code", { ...referral, org_code: "R\u0001K" }],
    ["NUL in staff_id", { ...referral, payload: { ...payload, staff_id: "ESR\u0000123" } }],
    [
      "SQL fragment in referral_id",
      { ...referral, payload: { ...payload, referral_id: "x'); DROP TABLE t; --" } },
    ],
    ["constructor key", { ...referral, constructor: { prototype: { polluted: true } } }],
    [
      "payload __proto__",
      { ...referral, payload: JSON.parse(`{"__proto__":1,${JSON.stringify(payload).slice(1)}`) },
    ],
    ["payload NaN field", { ...referral, payload: { ...payload, consent_recorded: Number.NaN } }],
    ["feedback score NaN", { ...referral, payload: { ...payload, satisfaction_1to5: Number.NaN } }],
    ["occurred_at year 0", { ...referral, occurred_at: "0000-01-01T00:00:00Z" }],
    ["occurred_at year 275760", { ...referral, occurred_at: "+275760-09-13T00:00:00Z" }],
    ["occurred_at Date object", { ...referral, occurred_at: new Date("2024-01-01T00:00:00Z") }],
    [
      "occurred_at huge fraction",
      { ...referral, occurred_at: `2024-01-01T00:00:00.${"9".repeat(100_000)}Z` },
    ],
    ["received_at epoch ms", { ...referral, payload: { ...payload, received_at: 1_709_543_700_000 } }],
    ["absence deep nesting", { ...referral, payload: { ...payload, absence: deepNest(10_000) } }],
    ["deep nesting in unknown key", { ...referral, extra: deepNest(10_000) }],
    ["payload huge array", { ...referral, payload: Array.from({ length: 100_000 }, () => 1) }],
    [
      "many unknown keys",
      { ...referral, ...Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`k${i}`, i])) },
    ],
    ["huge unknown key name", { ...referral, ["k".repeat(1_000_000)]: 1 }],
    [
      "throwing getter",
      Object.defineProperty({ ...referral }, "payload", {
        enumerable: true,
        get() {
          throw new Error("boom");
        },
      }),
    ],
    [
      "revoked proxy",
      (() => {
        const { proxy, revoke } = Proxy.revocable({ ...referral }, {});
        revoke();
        return proxy;
      })(),
    ],
  ];

  for (const [name, input] of garbage) {
    it(`${name}: no throw, structured issues`, () => {
      let result: ValidationResult | undefined;
      expect(() => {
        result = validateEvent(input);
      }).not.toThrow();
      expectRejected(result as ValidationResult);
    });
  }

  it("gives the precise reason for unknown types and versions", () => {
    const unknownType = validateEvent({ ...referral, event_type: "ohwb.referral.teleported" });
    expectRejected(unknownType);
    expect(unknownType.reason).toBe("UNKNOWN_EVENT_TYPE");
    expect(unknownType.issues[0]).toMatchObject({ path: "event_type", code: "unknown_event_type" });
    const unknownVersion = validateEvent({ ...referral, schema_version: 3 });
    expectRejected(unknownVersion);
    expect(unknownVersion.reason).toBe("UNKNOWN_SCHEMA_VERSION");
    expect(unknownVersion.issues[0]).toMatchObject({
      path: "schema_version",
      code: "unknown_schema_version",
    });
    expect(unknownVersion.summary).toContain("known versions: 1, 2");
  });

  it("rejects text DuckDB's JSON reader cannot read in every free-text field, and keeps emoji", () => {
    const freeText: [string, string[]][] = [
      ["ohwb.service.cost.v1", ["description"]],
      [
        "workforce.absence.monthly.v1",
        ["region_name", "ics_name", "org_name", "cluster_group", "benchmark_group"],
      ],
    ];
    for (const [dir, fields] of freeText) {
      const valid = sets.find((s) => s.dir === dir)?.valid as Record<string, unknown>;
      for (const field of fields) {
        const withText = (text: string) =>
          validateEvent({ ...valid, payload: { ...(valid.payload as object), [field]: text } });
        for (const text of ["Leeds \udfff", "\ud800", "A\ud800\ud800B", "nul\u0000", "tab\there"]) {
          const result = withText(text);
          expectRejected(result);
          expect(result.issues[0]?.path, `${dir} ${field} ${JSON.stringify(text)}`).toBe(`payload.${field}`);
        }
        expect(withText("Leeds \ud83d\ude00 Trust").ok, `${dir} ${field}`).toBe(true);
      }
    }
  });

  it("does not pollute Object.prototype", () => {
    validateEvent(JSON.parse(`{"__proto__":{"polluted":true},${JSON.stringify(referral).slice(1)}`));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("never throws on seeded random mutations of every valid example", () => {
    let seed = 20240304;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const replacements: unknown[] = [
      null,
      undefined,
      Number.NaN,
      -1,
      0,
      1e308,
      "",
      "x".repeat(70),
      "2024-02-30",
      "2024-01-01T00:00:00",
      [],
      {},
      true,
      "__proto__",
      { __proto__: null },
    ];
    let accepted = 0;
    let rejected = 0;
    for (let i = 0; i < 3_000; i++) {
      const set = sets[Math.floor(random() * sets.length)];
      if (!set) continue;
      const event = structuredClone(set.valid);
      const target = random() < 0.5 ? event : (event.payload as Record<string, unknown>);
      const keys = Object.keys(target);
      const key = keys[Math.floor(random() * keys.length)] ?? "x";
      target[key] = replacements[Math.floor(random() * replacements.length)];
      const result = validateEvent(event);
      if (result.ok) accepted++;
      else {
        rejected++;
        expect(result.issues.length).toBeGreaterThan(0);
        expect(result.summary).not.toContain("\n");
      }
    }
    expect(rejected).toBeGreaterThan(2_000);
    expect(accepted + rejected).toBe(3_000);
  });
});
