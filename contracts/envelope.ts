/**
 * The envelope every event shares, and `eventContract`, which wraps a payload
 * schema in it for one event type and major version.
 *
 * Unknown keys: objects are strict (unknown keys rejected) at every level.
 * Additive evolution within a major therefore goes contract-first: a new
 * optional field is added here, exported, and only then sent by producers.
 * Strictness catches typos, keeps `__proto__`/`constructor` keys out, and the
 * exported JSON Schemas say `additionalProperties: false`, so other-language
 * validators agree with ours.
 */
import { z } from "zod";
import { dateTime, odsCode, sourceId, systemName, uuid } from "./fields.js";

export function envelope<T extends string, V extends number, P extends z.ZodType>(
  eventType: T,
  schemaVersion: V,
  payload: P,
) {
  return z.strictObject({
    event_id: uuid().describe(
      "Unique id of this event (UUID, any case; stored lower-case). Replays of the same event keep the same id.",
    ),
    event_type: z.literal(eventType).describe("Event type name, without version suffix."),
    schema_version: z.literal(schemaVersion).describe("Integer major version of the payload schema."),
    occurred_at: dateTime().describe(
      "When the business fact happened (ISO 8601 with seconds and an explicit offset, e.g. 2024-03-01T09:30:00Z).",
    ),
    source_system: systemName().describe(
      "Producing system, e.g. cohort-oh, esr, nhse-sickness-benchmarking.",
    ),
    org_code: odsCode().describe(
      "ODS code of the organisation that emitted the event (the data controller sending it), not necessarily the organisation the payload describes.",
    ),
    correlation_id: sourceId()
      .optional()
      .describe("Optional id linking events from one business process or batch (e.g. a replay run)."),
    payload: payload,
  });
}

/** One major version of one event type. */
export interface ContractVersion {
  readonly version: number;
  /** The whole event (envelope + payload). */
  readonly schema: z.ZodType;
  /** Maps a valid event of this version to the next major's shape (absent on the current version). */
  readonly upcastToNext?: (event: unknown) => unknown;
}

/** Everything the warehouse knows about one event type. */
export interface ContractDefinition {
  readonly eventType: string;
  readonly description: string;
  readonly topic: string;
  readonly partitionKey: string;
  readonly identifierFields: readonly string[];
  /** Ascending by version; the last is current. */
  readonly versions: readonly ContractVersion[];
}
