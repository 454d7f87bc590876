/** A numeric option (`--orgs 8`, `--bad-rate 0.01`) of generate and demo: a number, whole when asked. */

import { UsageError } from "../core/errors.js";
import { cliMessages as message } from "./cli-messages.js";

/** The option's number, or undefined when it was not given; a non-number is a usage error. */
export function numberOption(name: string, value: string | undefined, integer: boolean): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n) || (integer && !Number.isInteger(n))) {
    throw new UsageError(message.badOption(name, value, integer ? "a whole number" : "a number"));
  }
  return n;
}
