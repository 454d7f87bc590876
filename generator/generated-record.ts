/** What the generator hands to a sink: one Kafka message (or NDJSON line). */
export type BadEventKind =
  | "invalid_json"
  | "unknown_event_type"
  | "unknown_schema_version"
  | "validation_failed"
  | "duplicate_conflict";

export const badEventKinds: readonly BadEventKind[] = [
  "invalid_json",
  "unknown_event_type",
  "unknown_schema_version",
  "validation_failed",
  "duplicate_conflict",
];

export interface GeneratedRecord {
  topic: string;
  /** The contract's partition key value (e.g. the referral id). */
  key: string;
  /** The event as JSON text (a good event, or a deliberately bad one). */
  value: string;
  kind: "good" | "bad";
  /** Event type of a good record, or of the good event a bad one was derived from. */
  eventType: string;
  badKind?: BadEventKind;
}
