/**
 * Why an input landed in `dead_letter`. One distinct code per failure, so the
 * status report and producers watching `<topic>.dlq` can tell them apart.
 */
export const deadLetterReasons = [
  "EMPTY_MESSAGE", // null value (tombstone) or zero bytes
  "PAYLOAD_TOO_LARGE", // over 1 MiB
  "INVALID_UTF8",
  "NOT_JSON",
  "NESTING_TOO_DEEP", // rejected before parsing, so hostile depth cannot exhaust the stack
  "UNKNOWN_EVENT_TYPE",
  "UNKNOWN_SCHEMA_VERSION",
  "VALIDATION_FAILED",
  "DUPLICATE_CONFLICT", // same event_id as a loaded event, different content
] as const;

export type DeadLetterReason = (typeof deadLetterReasons)[number];

export interface DeadLetterIssue {
  path: string;
  code: string;
  message: string;
  /** The unknown key of an `unrecognized_keys` issue, for redaction; never stored. */
  unknownKey?: string;
}
