/**
 * The catalogue API other areas code against: event types, topics, partition
 * keys, identifier fields and raw table names are consistent with the schemas
 * and the golden examples.
 */
import { describe, expect, it } from "vitest";
import { contractJsonSchema, type JsonSchema } from "../../contracts/export/json-schema.js";
import { IDENTIFIER_ANNOTATION } from "../../contracts/fields.js";
import {
  contractDefinitions,
  eventTypeInfo,
  eventTypes,
  topics,
  validateEvent,
} from "../../contracts/index.js";
import { loadExampleSets, valueAt } from "./golden-examples.js";

const sets = loadExampleSets();

/** Dotted paths of every property named staff_id or annotated as an identifier, anywhere in a JSON Schema. */
function staffIdPaths(schema: JsonSchema, prefix = ""): string[] {
  const found: string[] = [];
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  for (const [name, property] of Object.entries(properties)) {
    const path = prefix ? `${prefix}.${name}` : name;
    if (name === "staff_id" || property[IDENTIFIER_ANNOTATION] === true) found.push(path);
    found.push(...staffIdPaths(property, path));
  }
  for (const variant of [
    ...((schema.oneOf ?? []) as JsonSchema[]),
    ...((schema.anyOf ?? []) as JsonSchema[]),
  ]) {
    found.push(...staffIdPaths(variant, prefix));
  }
  return [...new Set(found)];
}

describe("event catalogue", () => {
  it("covers the event types of issue 3", () => {
    expect(eventTypes.map((e) => e.eventType).sort()).toEqual(
      [
        "ohwb.referral.received",
        "ohwb.referral.triaged",
        "ohwb.referral.closed",
        "ohwb.appointment.booked",
        "ohwb.appointment.attended",
        "ohwb.appointment.did_not_attend",
        "ohwb.appointment.cancelled",
        "ohwb.report.issued",
        "ohwb.outcome.recorded",
        "ohwb.preplacement.cleared",
        "ohwb.immunisation.administered",
        "ohwb.serology.resulted",
        "ohwb.exposure.incident",
        "ohwb.surveillance.completed",
        "ohwb.intervention.episode",
        "ohwb.feedback.submitted",
        "workforce.absence.started",
        "workforce.absence.updated",
        "workforce.absence.ended",
        "workforce.absence.cancelled",
        "workforce.fte.monthly",
        "workforce.absence.monthly",
        "ohwb.service.cost",
      ].sort(),
    );
  });

  it("describes each event type consistently", () => {
    for (const info of eventTypes) {
      expect(info.rawTable).toBe(`raw_${info.eventType.replaceAll(".", "_")}`);
      expect(info.currentVersion).toBe(Math.max(...info.versions));
      expect(eventTypeInfo(info.eventType)).toBe(info);
      expect(topics.find((t) => t.name === info.topic)?.eventTypes).toContain(info.eventType);
      expect(info.description.length).toBeGreaterThan(10);
    }
    expect(eventTypeInfo("ohwb.referral.received")).toMatchObject({
      currentVersion: 2,
      versions: [1, 2],
      topic: "ohwb.referral",
      partitionKey: "payload.referral_id",
      identifierFields: ["payload.staff_id"],
      rawTable: "raw_ohwb_referral_received",
    });
    expect(eventTypeInfo("__proto__")).toBeUndefined();
    expect(new Set(topics.flatMap((t) => t.eventTypes)).size).toBe(eventTypes.length);
  });

  it("the partition key of every golden example is a non-empty string", () => {
    for (const set of sets) {
      const info = eventTypeInfo(set.eventType);
      const key = valueAt(set.valid, info?.partitionKey ?? "");
      expect(typeof key, set.dir).toBe("string");
      expect(String(key).length, set.dir).toBeGreaterThan(0);
    }
  });

  it("marks every staff_id field in every schema version as an identifier", () => {
    for (const definition of contractDefinitions) {
      for (const version of definition.versions) {
        const paths = staffIdPaths(contractJsonSchema(definition, version));
        expect(
          [...definition.identifierFields].sort(),
          `${definition.eventType} v${version.version}`,
        ).toEqual(paths.sort());
      }
    }
  });

  it("accepts pseudonyms (ps_<hex>) in identifier fields, as stored after ingest", () => {
    for (const set of sets) {
      const info = eventTypeInfo(set.eventType);
      for (const path of info?.identifierFields ?? []) {
        const event = structuredClone(set.valid);
        const [, field] = path.split(".");
        (event.payload as Record<string, unknown>)[field ?? ""] = `ps_${"0123456789abcdef".repeat(3)}`;
        const result = validateEvent(event);
        expect(result.ok, result.ok ? set.dir : result.summary).toBe(true);
      }
    }
  });
});
