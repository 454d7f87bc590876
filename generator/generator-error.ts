/** Errors from the synthetic event generator (bad options, unreadable reference data). */
import { OhwbError } from "../core/errors.js";

export class GeneratorError extends OhwbError {
  constructor(
    code: string,
    message: string,
    options: { cause?: unknown; context?: Record<string, unknown> } = {},
  ) {
    super(`GENERATOR_${code}`, message, options);
  }
}
