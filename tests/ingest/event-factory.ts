/**
 * Contract-valid events (~300 bytes) for ingest tests and the bench, plus the
 * ways to break them. A small deterministic factory; the full generator is
 * another issue's job.
 */
import { createHash } from "node:crypto";

/** Deterministic UUID (v4 layout) from a seed, so tests can recompute expected ids. */
export function seededUuid(seed: string): string {
  const h = createHash("sha256").update(seed).digest("hex");
  const variant = ((Number.parseInt(h[16] as string, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const vaccines = ["influenza", "covid19", "hep_b", "mmr", "varicella"] as const;
const orgs = ["RRK", "RX6", "R0A", "RJ1", "RGT"] as const;

export interface TestEvent {
  eventId: string;
  key: string;
  event: Record<string, unknown>;
}

/** An ohwb.immunisation.administered v1 event, valid against the contracts. */
export function immunisationEvent(seed: string, n: number): TestEvent {
  const eventId = seededUuid(`${seed}:${n}`);
  const staffId = `ESR${String(100000 + (n % 5000))}`;
  const org = orgs[n % orgs.length] as string;
  const day = String(1 + (n % 28)).padStart(2, "0");
  const event = {
    event_id: eventId,
    event_type: "ohwb.immunisation.administered",
    schema_version: 1,
    occurred_at: `2024-10-${day}T09:${String(n % 60).padStart(2, "0")}:00Z`,
    source_system: "cohort-oh",
    org_code: org,
    payload: {
      immunisation_id: `IMM-${seed.slice(0, 8)}-${n}`,
      staff_id: staffId,
      employer_ods: org,
      vaccine: vaccines[n % vaccines.length],
      dose_number: 1 + (n % 3),
      course_complete: n % 3 === 2,
      administered_at: `2024-10-${day}T09:${String(n % 60).padStart(2, "0")}:00Z`,
      season: "2024/25",
      frontline_hcw: n % 2 === 0,
    },
  };
  return { eventId, key: staffId, event };
}

/** The same event with different content: a conflicting duplicate. */
export function conflictingVersion(e: TestEvent): TestEvent {
  const event = structuredClone(e.event);
  (event.payload as Record<string, unknown>).dose_number = 9;
  return { ...e, event };
}

export type PoisonKind =
  | "EMPTY_MESSAGE"
  | "PAYLOAD_TOO_LARGE"
  | "INVALID_UTF8"
  | "NOT_JSON"
  | "NESTING_TOO_DEEP"
  | "UNKNOWN_EVENT_TYPE"
  | "UNKNOWN_SCHEMA_VERSION"
  | "VALIDATION_FAILED";

/** Bytes that must be dead-lettered with the given reason. */
export function poisonBytes(kind: PoisonKind, seed: string, n: number): Buffer | null {
  const base = immunisationEvent(`${seed}:poison`, n).event;
  switch (kind) {
    case "EMPTY_MESSAGE":
      return null;
    case "PAYLOAD_TOO_LARGE":
      return Buffer.from(JSON.stringify({ ...base, padding: "x".repeat(1024 * 1024 + 10) }));
    case "INVALID_UTF8":
      return Buffer.concat([
        Buffer.from('{"event_id":"'),
        Buffer.from([0xc3, 0x28, 0xff]),
        Buffer.from('"}'),
      ]);
    case "NOT_JSON":
      return Buffer.from(`{"event_id": "${base.event_id}", oops`);
    case "NESTING_TOO_DEEP":
      return Buffer.from(`${"[".repeat(5000)}${"]".repeat(5000)}`);
    case "UNKNOWN_EVENT_TYPE":
      return Buffer.from(JSON.stringify({ ...base, event_type: "ohwb.teleport.completed" }));
    case "UNKNOWN_SCHEMA_VERSION":
      return Buffer.from(JSON.stringify({ ...base, schema_version: 99 }));
    case "VALIDATION_FAILED":
      return Buffer.from(JSON.stringify({ ...base, org_code: "not an ods code" }));
  }
}

export const poisonKinds: PoisonKind[] = [
  "EMPTY_MESSAGE",
  "PAYLOAD_TOO_LARGE",
  "INVALID_UTF8",
  "NOT_JSON",
  "NESTING_TOO_DEEP",
  "UNKNOWN_EVENT_TYPE",
  "UNKNOWN_SCHEMA_VERSION",
  "VALIDATION_FAILED",
];

/** Hostile inputs that are well-formed JSON but must still be refused, never crash or stall. */
export function hostileBytes(seed: string): { name: string; value: Buffer }[] {
  const base = immunisationEvent(`${seed}:hostile`, 1).event;
  const payload = base.payload as Record<string, unknown>;
  const json = (v: unknown) => Buffer.from(JSON.stringify(v));
  return [
    { name: "deep nesting inside payload", value: json({ ...base, payload: { ...payload, x: nest(40) } }) },
    {
      name: "__proto__ key",
      value: Buffer.from(
        JSON.stringify(base).replace('"payload":{', '"payload":{"__proto__":{"admin":true},'),
      ),
    },
    { name: "constructor key", value: json({ ...base, constructor: { prototype: { polluted: true } } }) },
    { name: "NUL in staff_id", value: json({ ...base, payload: { ...payload, staff_id: "ESR\u0000123" } }) },
    { name: "NUL in source_system", value: json({ ...base, source_system: "cohort\u0000oh" }) },
    { name: "control chars in org_code", value: json({ ...base, org_code: "R\u0001K" }) },
    {
      name: "SQL fragment in id",
      value: json({ ...base, payload: { ...payload, immunisation_id: "x'); DROP TABLE dead_letter; --" } }),
    },
    {
      name: "SQL fragment in event_id",
      value: json({ ...base, event_id: "'; DELETE FROM ingest_offsets; --" }),
    },
    { name: "very long string", value: json({ ...base, source_system: "s".repeat(200_000) }) },
    { name: "array instead of event", value: json([base]) },
    { name: "null event", value: Buffer.from("null") },
    { name: "number event", value: Buffer.from("42") },
    { name: "BOM then JSON", value: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), json(base)]) },
  ];
}

function nest(depth: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
}
