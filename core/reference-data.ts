/**
 * The published NHS England sickness absence data the project ships in
 * reference/nhs-sickness-absence/ (see its README). One way to find it, for the
 * generator, the demo, the import, tests and benches: the project's own copy,
 * or a folder laid out the same way named by OHWB_REFERENCE_DIR, or whatever
 * `--reference DIR|FILE` names.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { ConfigError } from "./errors.js";
import { referenceDataMessages as message } from "./messages.js";
import { projectRoot } from "./project-root.js";

/** The reference folder: $OHWB_REFERENCE_DIR when set, else the project's reference/nhs-sickness-absence. */
export function referenceDataDir(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env.OHWB_REFERENCE_DIR;
  if (configured) return resolve(configured);
  return join(projectRoot(), "reference", "nhs-sickness-absence");
}

/** The national by-reason CSVs (reasons/ in the reference folder), ordered by name. */
export function reasonFiles(env: NodeJS.ProcessEnv = process.env): string[] {
  return csvFilesIn(join(referenceDataDir(env), "reasons"));
}

/**
 * The monthly benchmarking CSVs, ordered by name (so by month). `target` is what
 * `--reference` names: a benchmarking CSV, a folder of them, or a reference folder
 * with a benchmarking/ inside; without it, the reference folder's benchmarking/.
 * Throws a ConfigError that names the option and the variable when none is found.
 */
export function benchmarkingFiles(target?: string, env: NodeJS.ProcessEnv = process.env): string[] {
  const path = target ? resolve(target) : join(referenceDataDir(env), "benchmarking");
  const origin = target ? "the command line" : env.OHWB_REFERENCE_DIR ? "OHWB_REFERENCE_DIR" : "the project";
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
export function referenceOrganisationsFile(target?: string, env: NodeJS.ProcessEnv = process.env): string {
  const files = benchmarkingFiles(target, env);
  return files[files.length - 1] as string;
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
