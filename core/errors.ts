/**
 * Typed errors. Every error says what went wrong (message, from core/messages.ts),
 * carries the context needed to act on it, and whether retrying can help —
 * the same idea as kafkajs's `retriable` flag.
 */
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

/** The local mock broker could not be built, started or controlled. */
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
