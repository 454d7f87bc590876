/**
 * Where the scheduler puts a pack: `<outputs.packs>/<YYYY-Qn>/<scope>/`, the scope's key with ":"
 * made "-" (england, region-Y60, ics-QHL, org-RRK), the same directory names bench/pack-national.ts
 * uses. A pack is present when its manifest.json is, which buildPack writes last.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { type Quarter, quarterKey } from "../../dashboards/pack/pack-quarter.js";
import type { PackScope } from "../../dashboards/pack/pack-scope.js";

export function scopeDirectoryName(scope: PackScope): string {
  return scope.key.replace(":", "-");
}

export function packDirectory(root: string, quarter: Quarter, scope: PackScope): string {
  return join(root, quarterKey(quarter), scopeDirectoryName(scope));
}

export function packManifestExists(dir: string): boolean {
  return existsSync(join(dir, "manifest.json"));
}
