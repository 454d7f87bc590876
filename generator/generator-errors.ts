/** Errors from the synthetic event generator (unreadable reference data); bad options, more organisations than it has among them, are UsageErrors. */
import { OhwbError } from "../core/errors.js";

export type GeneratorErrorCode = "REFERENCE_UNREADABLE";

export class GeneratorError extends OhwbError<`GENERATOR_${GeneratorErrorCode}`> {
  constructor(
    code: GeneratorErrorCode,
    message: string,
    options: { cause?: unknown; context?: Record<string, unknown> } = {},
  ) {
    super(`GENERATOR_${code}`, message, options);
  }
}
