/**
 * The published NHS England sickness absence data the project ships in
 * reference/nhs-sickness-absence/ (see its README). One way to find it, for the
 * generator, the demo, the import, tests and benches: what `--reference
 * DIR|FILE` names, else the configuration's `referenceData` (environment
 * OHWB_REFERENCE_DIR, core/config.ts), else the project's own copy.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { referenceDataMessages as message } from "./core-messages.js";
import { ConfigError } from "./errors.js";
import { projectRoot } from "./project-root.js";

/** Where a path came from, so that an error names what to change. */
export type ReferenceOrigin = "--reference" | "referenceData" | "the project";

/** What a command was told: a flag value and the configuration's setting, either may be missing. */
export interface ReferenceChoice {
  flag?: string | undefined;
  configured?: string | undefined;
}

/** The project's own copy. */
export function shippedReferenceDir(): string {
  return join(projectRoot(), "reference", "nhs-sickness-absence");
}

/** The reference folder in force: the configured one, else the shipped one. */
export function referenceDataDir(configured?: string): string {
  return configured ? resolve(configured) : shippedReferenceDir();
}

/** The national by-reason CSVs (reasons/ in the reference folder), ordered by name. */
export function reasonFiles(configured?: string): string[] {
  return csvFilesIn(join(referenceDataDir(configured), "reasons"));
}

/**
 * The monthly benchmarking CSVs, ordered by name (so by month). The path chosen
 * (flag, then configuration, then the shipped copy) may be a benchmarking CSV, a
 * folder of them, or a reference folder with benchmarking/ inside. Throws a
 * ConfigError that names the option or setting when nothing usable is there.
 */
export function benchmarkingFiles(choice: ReferenceChoice = {}): string[] {
  const { path, origin } = chosen(choice);
  if (!existsSync(path)) throw new ConfigError(message.referenceMissing(path, origin), { path });
  if (statSync(path).isFile()) {
    if (!isCsv(path)) throw new ConfigError(message.referenceNotCsv(path), { path });
    return [path];
  }
  const nested = join(path, "benchmarking");
  const files = csvFilesIn(existsSync(nested) ? nested : path);
  if (files.length === 0) throw new ConfigError(message.referenceEmpty(path, origin), { path });
  return files;
}

/** The benchmarking CSV the generator takes organisations from: the latest month found. */
export function referenceOrganisationsFile(choice: ReferenceChoice = {}): string {
  const files = benchmarkingFiles(choice);
  return files[files.length - 1] as string;
}

function chosen({ flag, configured }: ReferenceChoice): { path: string; origin: ReferenceOrigin } {
  if (flag) return { path: resolve(flag), origin: "--reference" };
  if (configured) return { path: resolve(configured), origin: "referenceData" };
  return { path: join(shippedReferenceDir(), "benchmarking"), origin: "the project" };
}

function isCsv(path: string): boolean {
  return /\.csv$/i.test(basename(path));
}

function csvFilesIn(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter(isCsv)
    .sort()
    .map((f) => join(dir, f));
}
