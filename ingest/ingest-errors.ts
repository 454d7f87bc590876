/** ingest/'s errors: a run that cannot start or continue, and dead letters. Each carries a stable code and whether a retry can help. */
import { OhwbError, type OhwbErrorOptions } from "../core/errors.js";
import { deadLetterMessages } from "./ingest-messages.js";

export type DeadLetterErrorCode =
  | "DEAD_LETTER_NO_WAREHOUSE"
  | "DEAD_LETTER_NO_TABLE"
  | "DEAD_LETTER_EXPORT_EXISTS"
  | "DEAD_LETTER_EXPORT_WRITE"
  | "DEAD_LETTER_KEY_MISMATCH"
  | "DEAD_LETTER_CORRUPT";

export type IngestErrorCode =
  | "PSEUDONYM_KEY_MISSING"
  | "PSEUDONYM_KEY_TOO_SHORT"
  | "PSEUDONYM_KEY_FILE"
  | "FILE_MISSING"
  | "FILE_IS_FOLDER"
  | "FILE_READ"
  | "FILE_CHANGED"
  | "DECODE_WORKER_FAILED"
  | "DECODE_DISAGREED"
  | "LANDING_ROW_COUNT"
  | "LANDING_LAYOUT"
  | "INVALID_EVENT_STOPS_INGEST"
  | "OFFSET_GAP";

/** Ingest cannot start or continue: missing key, unreadable file, failed load. */
export class IngestError extends OhwbError {
  declare readonly code: IngestErrorCode;
  constructor(code: IngestErrorCode, message: string, options: OhwbErrorOptions = {}) {
    super(code, message, options);
  }
}

/** `--on-invalid fail`: an invalid message stops ingest before its batch commits (as Kafka Connect's `errors.tolerance=none`). */
export class InvalidEventStopsIngestError extends IngestError {
  constructor(message: string, context: Record<string, unknown> = {}) {
    super("INVALID_EVENT_STOPS_INGEST", message, { context });
  }
}

/** Dead letters could not be listed, exported or sealed (bad options, existing output file, …). */
export class DeadLetterError extends OhwbError {
  declare readonly code: DeadLetterErrorCode;
  constructor(code: DeadLetterErrorCode, message: string, options: OhwbErrorOptions = {}) {
    super(code, message, options);
  }
}

/** The key given is not the one the dead letters were sealed with. Not retriable: use the right key. */
export class DeadLetterKeyMismatchError extends DeadLetterError {
  constructor(context: Record<string, unknown> = {}) {
    super("DEAD_LETTER_KEY_MISMATCH", deadLetterMessages.deadLetterKeyMismatch(), { context });
  }
}

/** A sealed value is damaged or in an unknown format: it cannot be opened with any key. */
export class DeadLetterCorruptError extends DeadLetterError {
  constructor(message: string, options: OhwbErrorOptions = {}) {
    super("DEAD_LETTER_CORRUPT", message, options);
  }
}
