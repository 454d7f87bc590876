import { describe, expect, test } from "vitest";
import { eventTypeInfo, eventTypes, validateEvent } from "../../contracts/index.js";
import { badEventKinds } from "../../generator/generated-record.js";
import { loadReferenceOrganisations } from "../../generator/reference-organisations.js";
import { collect } from "./collect.js";

const BAD_RATE = 0.05;
const records = await collect({ orgs: 3, months: 12, seed: 11, scale: 0.25, badRate: BAD_RATE });

function valueAt(event: unknown, path: string): unknown {
  return path.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], event);
}

describe("generated good events", () => {
  const good = records.filter((r) => r.kind === "good");

  test("every good event passes validateEvent, on its contract topic with its partition key", () => {
    expect(good.length).toBeGreaterThan(20_000);
    const failures: string[] = [];
    for (const r of good) {
      const event = JSON.parse(r.value) as { event_type: string; schema_version: number };
      const result = validateEvent(event);
      if (!result.ok) {
        failures.push(`${r.eventType}: ${result.summary}`);
        continue;
      }
      const info = eventTypeInfo(event.event_type);
      expect(info?.topic).toBe(r.topic);
      expect(String(valueAt(event, info?.partitionKey ?? ""))).toBe(r.key);
      expect(event.schema_version).toBe(info?.currentVersion);
      expect(result.upcastFrom).toBeUndefined();
    }
    expect(failures.slice(0, 5)).toEqual([]);
  });

  test("every event type except the published benchmarking rows is produced", () => {
    const produced = new Set(good.map((r) => r.eventType));
    const expected = eventTypes.map((e) => e.eventType).filter((t) => t !== "workforce.absence.monthly");
    expect([...produced].sort()).toEqual(expected.sort());
  });

  test("organisations, ICS and regions are real codes from the reference CSV", () => {
    const reference = new Map(loadReferenceOrganisations().map((o) => [o.code, o]));
    const orgs = new Set(good.map((r) => (JSON.parse(r.value) as { org_code: string }).org_code));
    expect(orgs.size).toBe(3);
    for (const code of orgs) expect(reference.has(code)).toBe(true);
    for (const r of good.filter((g) => g.eventType === "ohwb.referral.received")) {
      const p = (JSON.parse(r.value) as { payload: Record<string, string | null> }).payload;
      const org = reference.get(p.employer_ods as string);
      if (p.icb_code !== null) expect(p.icb_code).toBe(org?.icsCode);
      if (p.region_code !== null) expect(p.region_code).toBe(org?.regionCode);
    }
  });
});

describe("generated bad events", () => {
  const bad = records.filter((r) => r.kind === "bad");
  const goodIds = new Map<string, string>();
  for (const r of records) {
    if (r.kind === "good") goodIds.set((JSON.parse(r.value) as { event_id: string }).event_id, r.value);
  }

  test("appear at about the requested rate, with every kind represented", () => {
    expect(bad.length / records.length).toBeGreaterThan(BAD_RATE * 0.85);
    expect(bad.length / records.length).toBeLessThan(BAD_RATE * 1.15);
    const kinds = new Map<string, number>();
    for (const r of bad) kinds.set(r.badKind ?? "?", (kinds.get(r.badKind ?? "?") ?? 0) + 1);
    expect([...kinds.keys()].sort()).toEqual([...badEventKinds].sort());
    for (const n of kinds.values()) expect(n).toBeGreaterThan(bad.length / badEventKinds.length / 2);
  });

  test("each kind fails decoding or validation for its own reason", () => {
    for (const r of bad) {
      if (r.badKind === "invalid_json") {
        expect(() => JSON.parse(r.value)).toThrow();
        continue;
      }
      const event = JSON.parse(r.value) as { event_id: string };
      const result = validateEvent(event);
      switch (r.badKind) {
        case "unknown_event_type":
          expect(result.ok ? "ok" : result.reason).toBe("UNKNOWN_EVENT_TYPE");
          break;
        case "unknown_schema_version":
          expect(result.ok ? "ok" : result.reason).toBe("UNKNOWN_SCHEMA_VERSION");
          break;
        case "validation_failed":
          expect(result.ok ? "ok" : result.reason).toBe("VALIDATION_FAILED");
          break;
        case "duplicate_conflict": {
          // Valid on its own, but reuses a good event's id with different content.
          expect(result.ok).toBe(true);
          const original = goodIds.get(event.event_id);
          expect(original).toBeDefined();
          expect(r.value).not.toBe(original);
          break;
        }
        default:
          throw new Error(`unexpected bad kind ${r.badKind}`);
      }
    }
  });
});
