/**
 * Every committed golden example of every version: valid ones validate (older
 * majors upcast to the current shape), invalid ones fail with the expected
 * reason, path and code. Also proves every contract version has examples.
 */
import { describe, expect, it } from "vitest";
import { contractDefinitions, eventTypeInfo, validateEvent } from "../../contracts/index.js";
import { loadExampleSets } from "./golden-examples.js";

const sets = loadExampleSets();

describe("golden examples", () => {
  it("exist for every event type and version, with at least three invalid ones", () => {
    const expected = contractDefinitions
      .flatMap((d) => d.versions.map((v) => `${d.eventType}.v${v.version}`))
      .sort();
    expect(sets.map((s) => s.dir)).toEqual(expected);
    for (const set of sets) expect(set.invalid.length, set.dir).toBeGreaterThanOrEqual(3);
  });

  for (const set of sets) {
    describe(set.dir, () => {
      it("valid.json validates", () => {
        expect(set.valid.event_type).toBe(set.eventType);
        expect(set.valid.schema_version).toBe(set.version);
        const result = validateEvent(set.valid);
        if (!result.ok) throw new Error(result.summary);
        const info = eventTypeInfo(set.eventType);
        expect(result.schemaVersion).toBe(info?.currentVersion);
        expect(result.event.schema_version).toBe(info?.currentVersion);
        expect(result.upcastFrom).toBe(set.version === info?.currentVersion ? undefined : set.version);
      });

      for (const example of set.invalid) {
        it(`${example.file} is rejected at ${example.expect.path} (${example.expect.code}): ${example.why}`, () => {
          const result = validateEvent(example.event);
          expect(result.ok).toBe(false);
          if (result.ok) return;
          expect(result.reason).toBe(example.expect.reason);
          expect(result.issues).toContainEqual(
            expect.objectContaining({ path: example.expect.path, code: example.expect.code }),
          );
          expect(result.summary).not.toContain("\n");
          expect(result.summary).toContain(example.expect.path);
        });
      }
    });
  }
});
