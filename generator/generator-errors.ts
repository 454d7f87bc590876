/** Errors from the synthetic event generator (bad options, unreadable reference data). */
import { OhwbError } from "../core/errors.js";

export type GeneratorErrorCode = "BAD_OPTION" | "REFERENCE_UNREADABLE" | "TOO_MANY_ORGS";

export class GeneratorError extends OhwbError<`GENERATOR_${GeneratorErrorCode}`> {
  constructor(
    code: GeneratorErrorCode,
    message: string,
    options: { cause?: unknown; context?: Record<string, unknown> } = {},
  ) {
    super(`GENERATOR_${code}`, message, options);
  }
}
