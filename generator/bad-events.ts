/**
 * Deliberately broken copies of good events, so the dead-letter path shows:
 * each kind fails ingest at a different step (decode, type, version,
 * validation, duplicate id with different content).
 */
import type { BadEventKind, GeneratedRecord } from "./generated-record.js";
import type { Random } from "./random.js";

export function makeBadRecord(good: GeneratedRecord, kind: BadEventKind, random: Random): GeneratedRecord {
  const base = {
    topic: good.topic,
    key: good.key,
    kind: "bad" as const,
    eventType: good.eventType,
    badKind: kind,
  };
  if (kind === "invalid_json") {
    const cut = 10 + Math.floor(random.next() * Math.max(1, good.value.length / 2));
    return { ...base, value: good.value.slice(0, cut) };
  }
  const event = JSON.parse(good.value) as Record<string, unknown> & { payload: Record<string, unknown> };
  if (kind !== "duplicate_conflict") event.event_id = random.uuid();
  switch (kind) {
    case "unknown_event_type":
      event.event_type = `${good.eventType}_legacy`;
      break;
    case "unknown_schema_version":
      event.schema_version = 99;
      break;
    case "validation_failed": {
      const fields = Object.keys(event.payload);
      const field = fields[Math.floor(random.next() * fields.length)] as string;
      const how = Math.floor(random.next() * 3);
      if (how === 0) delete event.payload[field];
      else if (how === 1) event.payload[field] = { unexpected: true };
      else event.occurred_at = "2024-13-45T25:61:00Z";
      break;
    }
    case "duplicate_conflict":
      // Same event_id as the good event sent just before, different content.
      event.occurred_at = `${String(event.occurred_at).slice(0, 11)}23:59:59Z`;
      event.source_system = `${String(event.source_system)}-replay`;
      break;
  }
  return { ...base, value: JSON.stringify(event) };
}
