/**
 * Typed errors. Every error says what went wrong (message, from its stage's catalogue),
 * carries the context needed to act on it, and whether retrying can help —
 * the same idea as kafkajs's `retriable` flag.
 */
export interface OhwbErrorOptions {
  retriable?: boolean;
  context?: Record<string, unknown>;
  cause?: unknown;
}

/** `Code`: the stage's union of codes (each stage's `<stage>-errors.ts`), so comparisons are checked. */
export class OhwbError<Code extends string = string> extends Error {
  /** Stable machine-readable code, e.g. "LOCAL_BROKER_START". */
  readonly code: Code;
  /** True when the same call may succeed later (network, broker restart). */
  readonly retriable: boolean;
  readonly context: Record<string, unknown>;

  constructor(code: Code, message: string, options: OhwbErrorOptions = {}) {
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
