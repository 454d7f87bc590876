/**
 * Public API of the event contracts. Ingest and transforms import from here
 * only. See contracts/generated/CONTRACTS.md for the catalogue.
 */
import { contractDefinitions } from "./catalogue.js";
import { topicDefinitions } from "./topics.js";

export type { OhwbEvent, OhwbEventOf } from "./catalogue.js";
export { contractDefinitions } from "./catalogue.js";
export * as enumerations from "./enumerations.js";
export { canonicalStaffGroup } from "./enumerations.js";
export type { ContractDefinition, ContractVersion } from "./envelope.js";
export { contractFieldNames } from "./field-names.js";
export type { ContractIssue } from "./issues.js";
export type { ValidationFailureReason, ValidationResult } from "./validate.js";
export { validateEvent } from "./validate.js";

export interface EventTypeInfo {
  /** e.g. "ohwb.referral.received" (no version suffix). */
  eventType: string;
  /** Integer major. */
  currentVersion: number;
  versions: number[];
  /** e.g. "ohwb.referral". */
  topic: string;
  /** Dotted path into the event whose value is the Kafka message key, e.g. "payload.referral_id". */
  partitionKey: string;
  /** Dotted paths holding staff identifiers to pseudonymise, e.g. ["payload.staff_id"]. */
  identifierFields: string[];
  /** DuckDB landing table: "raw_" + eventType with dots → underscores. */
  rawTable: string;
  description: string;
}

export interface TopicInfo {
  name: string;
  partitionKeyDescription: string;
  eventTypes: string[];
  defaultPartitions: number;
}

export const eventTypes: readonly EventTypeInfo[] = Object.freeze(
  contractDefinitions.map((d) => {
    const versions = d.versions.map((v) => v.version);
    return Object.freeze({
      eventType: d.eventType,
      currentVersion: Math.max(...versions),
      versions,
      topic: d.topic,
      partitionKey: d.partitionKey,
      identifierFields: [...d.identifierFields],
      rawTable: `raw_${d.eventType.replaceAll(".", "_")}`,
      description: d.description,
    });
  }),
);

export const topics: readonly TopicInfo[] = Object.freeze(
  topicDefinitions.map((t) =>
    Object.freeze({
      name: t.name,
      partitionKeyDescription: t.partitionKeyDescription,
      eventTypes: eventTypes.filter((e) => e.topic === t.name).map((e) => e.eventType),
      defaultPartitions: t.defaultPartitions,
    }),
  ),
);

const eventTypesByName: ReadonlyMap<string, EventTypeInfo> = new Map(eventTypes.map((e) => [e.eventType, e]));

export function eventTypeInfo(eventType: string): EventTypeInfo | undefined {
  return eventTypesByName.get(eventType);
}
