/**
 * Typed errors. Every error says what went wrong (message, from core/messages.ts),
 * carries the context needed to act on it, and whether retrying can help —
 * the same idea as kafkajs's `retriable` flag.
 */
import { deadLetterMessages } from "./messages.js";

export interface OhwbErrorOptions {
  retriable?: boolean;
  context?: Record<string, unknown>;
  cause?: unknown;
}

export class OhwbError extends Error {
  /** Stable machine-readable code, e.g. "LOCAL_BROKER_UNAVAILABLE". */
  readonly code: string;
  /** True when the same call may succeed later (network, broker restart). */
  readonly retriable: boolean;
  readonly context: Record<string, unknown>;

  constructor(code: string, message: string, options: OhwbErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.retriable = options.retriable ?? false;
    this.context = options.context ?? {};
  }
}

/** Bad configuration or arguments: fix the input, retrying will not help. */
export class ConfigError extends OhwbError {
  constructor(message: string, context: Record<string, unknown> = {}) {
    super("CONFIG", message, { context });
  }
}

/** A mistake in the command line itself (an option value out of range): exit 2, as a parse error. */
export class UsageError extends OhwbError {
  constructor(message: string, context: Record<string, unknown> = {}) {
    super("USAGE", message, { context });
  }
}

/** The local Kafka broker could not be found, started or run (jars, Java, a node that exits). */
export class LocalBrokerError extends OhwbError {
  constructor(code: string, message: string, options: OhwbErrorOptions = {}) {
    super(code, message, options);
  }
}

/** A Kafka cluster could not be reached. Retriable: brokers come back. */
export class BrokerUnreachableError extends OhwbError {
  constructor(message: string, options: OhwbErrorOptions = {}) {
    super("BROKER_UNREACHABLE", message, { retriable: true, ...options });
  }
}

// ── Ingest ────────────────────────────────────────────────────────────────────

/** Ingest cannot start or continue: missing key, unreadable file, failed load. */
export class IngestError extends OhwbError {
  constructor(code: string, message: string, options: OhwbErrorOptions = {}) {
    super(code, message, options);
  }
}

/** `--on-invalid fail`: an invalid message stops ingest before its batch commits (as Kafka Connect's `errors.tolerance=none`). */
export class InvalidEventStopsIngestError extends IngestError {
  constructor(message: string, context: Record<string, unknown> = {}) {
    super("INVALID_EVENT_STOPS_INGEST", message, { context });
  }
}

// ---- Event contracts (contracts/) ----
/** The contract catalogue itself is inconsistent (a programming error, found at module load). */
export class ContractDefinitionError extends OhwbError {
  constructor(message: string, context: Record<string, unknown> = {}) {
    super("CONTRACT_DEFINITION", message, { context });
  }
}

// ---- Dashboards (dashboards/: SPC, disclosure control, charts, rendering) ----
/** Chart or statistics input that cannot be used (too few points, bad parameters, bad counts). */
export class DashboardInputError extends OhwbError {
  constructor(code: string, message: string, context: Record<string, unknown> = {}) {
    super(code, message, { context });
  }
}
/** A publishable output breaks the disclosure rules (domain notes §10); `context.violations` lists them. */
export class DisclosureViolationError extends OhwbError {
  constructor(message: string, context: Record<string, unknown> = {}) {
    super("DISCLOSURE_VIOLATION", message, { context });
  }
}
/** A chart could not be rendered to SVG or PNG. */
export class ChartRenderError extends OhwbError {
  constructor(message: string, options: OhwbErrorOptions = {}) {
    super("CHART_RENDER", message, options);
  }
}

// ---- Analyst access (warehouse/analyst/) ----
/** An analyst query tried to write, read files, attach or reconfigure: the connection forbids it. */
export class AnalystReadOnlyError extends OhwbError {
  constructor(message: string, options: OhwbErrorOptions = {}) {
    super("ANALYST_READ_ONLY", message, options);
  }
}

/** Anything else an analyst asked for that cannot run (bad SQL, bad scope, bad options). */
export class AnalystQueryError extends OhwbError {
  constructor(code: string, message: string, options: OhwbErrorOptions = {}) {
    super(code, message, options);
  }
}

// ---- Evidence packs (dashboards/pack/) ----
/** The warehouse has nothing to put in the pack for the scope and quarter asked for. */
export class PackNoDataError extends OhwbError {
  constructor(message: string, context: Record<string, unknown> = {}) {
    super("PACK_NO_DATA", message, { context });
  }
}

/** The warehouse fails `ohwb check`; `context.failingTests` names the tests. Packs are not published. */
export class PackDataTestsFailedError extends OhwbError {
  readonly failingTests: readonly string[];
  constructor(message: string, failingTests: readonly string[]) {
    super("PACK_DATA_TESTS_FAILED", message, { context: { failingTests } });
    this.failingTests = failingTests;
  }
}

// ---- Dead letters (ingest/dead-letter-*.ts, `ohwb dead-letters`) ----
/** Dead letters could not be listed, exported or sealed (bad options, existing output file, …). */
export class DeadLetterError extends OhwbError {
  constructor(code: string, message: string, options: OhwbErrorOptions = {}) {
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
