/**
 * The hash of what a build's tables depend on besides the landing rows: the as-of date, the value
 * model, every model's SQL and the macros. Kept in transform_state with the high-water marks; an
 * incremental build is only correct on tables built with the same hash.
 */
import { createHash } from "node:crypto";
import type { Model } from "../model-catalogue.js";
import type { SqlMacro } from "../sql-macros.js";
import type { ValueModel } from "../value-model-config.js";

/** `models` in dependency order (dependency-order.ts), as the engine builds them. */
export function settingsHash(
  asOf: string,
  valueModel: ValueModel,
  models: readonly Model[],
  macros: readonly SqlMacro[],
): string {
  return createHash("sha256")
    .update(
      JSON.stringify({
        asOf,
        valueModel,
        models: models.map((m) => [m.name, m.sql]),
        macros: macros.map((m) => [m.name, m.sql]),
      }),
    )
    .digest("hex");
}

/**
 * Stored instead of a hash after a `--select` build with other settings than the state's (changed SQL,
 * say): some tables now follow the new settings and some the old, so no hash matches and the next
 * plain build is a full one.
 */
export const staleAfterSelect = "stale: a --select build with other settings";
