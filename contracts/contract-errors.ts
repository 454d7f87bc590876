/** contracts/'s errors. Each carries a stable code and whether a retry can help. */
import { OhwbError } from "../core/errors.js";

/** The contract catalogue itself is inconsistent (a programming error, found at module load). */
export class ContractDefinitionError extends OhwbError {
  constructor(message: string, context: Record<string, unknown> = {}) {
    super("CONTRACT_DEFINITION", message, { context });
  }
}
