/** A `--…-months N` option (freshness thresholds of transform and check): a whole number ≥ 0. */

import { configMessages as message } from "../core/core-messages.js";
import { UsageError } from "../core/errors.js";

export function monthsOption(name: string, value: string | undefined): number {
  const months = Number(value);
  if (value === undefined || value.trim() === "" || !Number.isInteger(months) || months < 0)
    throw new UsageError(message.wholeMonths(name, String(value)));
  return months;
}
