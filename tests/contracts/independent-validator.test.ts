/**
 * The exported JSON Schemas accept and reject exactly what Zod does: every
 * golden example, plus hostile variants of every valid example, is checked by
 * ajv against the committed generated schema and by validateEvent.
 */
import { describe, expect, it } from "vitest";
import { validateEvent } from "../../contracts/index.js";
import { loadExampleSets } from "./golden-examples.js";
import { independentValidator } from "./independent-validator.js";

const sets = loadExampleSets();
const schemaFor = independentValidator();

/** Zod's verdict on the event as its own version (no upcast involved in the verdict). */
function zodAccepts(event: unknown): boolean {
  return validateEvent(event).ok;
}

function hostileVariants(valid: Record<string, unknown>): [string, unknown][] {
  const payload = valid.payload as Record<string, unknown>;
  const withPayload = (patch: Record<string, unknown>) => ({ ...valid, payload: { ...payload, ...patch } });
  const firstKey = Object.keys(payload)[0] ?? "x";
  return [
    [
      "__proto__ key in envelope",
      JSON.parse(`{"__proto__": {"polluted": true}, ${JSON.stringify(valid).slice(1)}`),
    ],
    ["constructor key in payload", withPayload({ constructor: { prototype: {} } })],
    ["huge string in first payload field", withPayload({ [firstKey]: "A".repeat(100_000) })],
    ["null payload", { ...valid, payload: null }],
    ["payload string", { ...valid, payload: "{}" }],
    ["event_id upper-case uuid", { ...valid, event_id: String(valid.event_id).toUpperCase() }],
    ["occurred_at lower-case t", { ...valid, occurred_at: String(valid.occurred_at).replace("T", "t") }],
    ["occurred_at space separator", { ...valid, occurred_at: String(valid.occurred_at).replace("T", " ") }],
    ["occurred_at leap second", { ...valid, occurred_at: "2016-12-31T23:59:60Z" }],
    ["occurred_at fractional seconds", { ...valid, occurred_at: "2024-03-04T09:15:00.123456+05:30" }],
    ["occurred_at year 1899", { ...valid, occurred_at: "1899-12-31T23:59:59Z" }],
    ["correlation_id null", { ...valid, correlation_id: null }],
    [
      "correlation_id absent",
      Object.fromEntries(Object.entries(valid).filter(([k]) => k !== "correlation_id")),
    ],
    ["schema_version 1.0 float spelling", { ...valid, schema_version: Number(valid.schema_version) + 0.5 }],
    ["source_system empty", { ...valid, source_system: "" }],
    ["source_system with NUL", { ...valid, source_system: "cohort\u0000oh" }],
    ["source_system with space", { ...valid, source_system: "cohort oh" }],
    ["org_code 5 chars", { ...valid, org_code: "RRK01" }],
    ["org_code 4 chars", { ...valid, org_code: "RRK0" }],
    ["staff_id pseudonym", withPayload({ staff_id: `ps_${"ab12".repeat(16)}` })],
  ];
}

describe("independent validator (ajv) agrees with Zod", () => {
  for (const set of sets) {
    describe(set.dir, () => {
      const validate = schemaFor(set.eventType, set.version);

      it("accepts valid.json", () => {
        expect(validate(set.valid), JSON.stringify(validate.errors)).toBe(true);
        expect(zodAccepts(set.valid)).toBe(true);
      });

      it("rejects every invalid example", () => {
        for (const example of set.invalid) {
          expect(validate(example.event), example.file).toBe(false);
          expect(zodAccepts(example.event), example.file).toBe(false);
        }
      });

      it("agrees on hostile variants", () => {
        for (const [name, event] of hostileVariants(set.valid)) {
          const ajvVerdict = validate(event);
          expect(zodAccepts(event), `${name}: ajv says ${ajvVerdict}`).toBe(ajvVerdict);
        }
      });
    });
  }
});
