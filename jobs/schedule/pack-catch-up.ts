/**
 * Which quarterly packs are missing. A pack (quarter × scope) counts as published only when both
 * its `manifest.json` is on disk (pack-location.ts) and the ledger has a 'succeeded' row for it: a
 * directory deleted by hand, or a run that crashed after writing files, is built again. On start the
 * scheduler builds every missing pack from `schedule.packs.catchUpFrom` (default: the last complete
 * quarter only) to the last complete quarter, oldest quarter first.
 */
import { parseQuarter, type Quarter, quarterEnd, quarterKey } from "../../dashboards/pack/pack-quarter.js";
import type { PackScope } from "../../dashboards/pack/pack-scope.js";
import { packDirectory, packManifestExists } from "./pack-location.js";
import type { RunLedger } from "./run-ledger.js";
import { lastCompleteQuarter, quartersBetween } from "./schedule-quarters.js";

export interface PackTarget {
  quarter: Quarter;
  scope: PackScope;
  dir: string;
}

/**
 * The quarters catch-up covers at `now`: from `catchUpFrom` (or the last complete quarter) to the
 * last complete one, stopping at the last quarter the data covers to its end (`dataAsOf`, the
 * warehouse's own as-of): a quarter without data would only fail its pack.
 */
export function catchUpQuarters(
  now: Date,
  timezone: string,
  catchUpFrom?: string,
  dataAsOf?: string | null,
): Quarter[] {
  const last = lastCompleteQuarter(now, timezone);
  const quarters = quartersBetween(catchUpFrom ? parseQuarter(catchUpFrom) : last, last);
  if (dataAsOf === undefined) return quarters;
  if (dataAsOf === null) return [];
  return quarters.filter((quarter) => quarterEnd(quarter) <= dataAsOf);
}

/** Packs of `quarters` × `scopes` that are missing, oldest quarter first, scopes in the order given. */
export async function missingPacks(
  ledger: RunLedger,
  root: string,
  quarters: Quarter[],
  scopes: PackScope[],
): Promise<PackTarget[]> {
  const succeeded = await ledger.succeededPacks();
  const missing: PackTarget[] = [];
  for (const quarter of quarters) {
    for (const scope of scopes) {
      const dir = packDirectory(root, quarter, scope);
      if (!packManifestExists(dir) || !succeeded.has(`${quarterKey(quarter)}|${scope.key}`))
        missing.push({ quarter, scope, dir });
    }
  }
  return missing;
}
