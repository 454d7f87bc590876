/**
 * Output directories of `ohwb dashboards build` and `ohwb pack`: emptied before every build, so no stale
 * page, chart or data file of an earlier build survives (and the disclosure check sees only this build).
 * Emptying is only done to a directory we can tell is ours: missing, empty, or holding the marker file
 * written at the start of every build (for packs built before the marker existed, their manifest.json).
 * Anything else is refused untouched. DIR itself must not be a symlink; entries inside it are removed
 * with `rmSync`, which unlinks symlinks rather than following them, so nothing outside DIR is deleted.
 *
 * Builds go through `buildIntoOutputDirectory`: everything is written into a new staging directory
 * beside DIR and checked there; only a build that passes replaces DIR (by rename), so a build that
 * fails, at the disclosure gate or anywhere else, leaves no file of its own behind and the last
 * good build in place.
 */
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { DashboardInputError } from "./dashboard-errors.js";
import { outputDirectoryMessages } from "./dashboard-messages.js";

/** The marker file name; builders leave it out of manifests (it is not part of the publication). */
export const OUTPUT_MARKER = ".ohwb-output";

export type OutputKind = "dashboard-site" | "evidence-pack";

const MARKER_TEXT = (kind: OutputKind) =>
  `${JSON.stringify({ writtenBy: "ohwb", kind, note: "Emptied and rewritten by every ohwb build into this directory." })}\n`;

function isOurMarker(path: string): boolean {
  try {
    if (!lstatSync(path).isFile()) return false;
    const parsed = JSON.parse(readFileSync(path, "utf8")) as { writtenBy?: unknown };
    return parsed.writtenBy === "ohwb";
  } catch {
    return false;
  }
}

/** An evidence pack written before the marker existed: its manifest.json has our shape. */
function isOurPackManifest(path: string): boolean {
  try {
    if (!lstatSync(path).isFile()) return false;
    const parsed = JSON.parse(readFileSync(path, "utf8")) as {
      manifestVersion?: unknown;
      pack?: { scope?: unknown; quarter?: unknown };
      files?: unknown;
    };
    return (
      parsed.manifestVersion === 1 &&
      typeof parsed.pack?.scope === "string" &&
      typeof parsed.pack?.quarter === "string" &&
      Array.isArray(parsed.files)
    );
  } catch {
    return false;
  }
}

function lstatOrNull(path: string) {
  try {
    return lstatSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

/**
 * The entries of `dir` when we may replace them (none when it does not exist), or throws
 * DashboardInputError (code OUTPUT_DIR_NOT_OURS / OUTPUT_DIR_NOT_DIRECTORY) without touching anything.
 */
function replaceableEntries(dir: string, kind: OutputKind): string[] | null {
  const target = resolve(dir);
  const stat = lstatOrNull(target);
  if (stat === null) return null;
  if (stat.isSymbolicLink()) {
    throw new DashboardInputError("OUTPUT_DIR_NOT_DIRECTORY", outputDirectoryMessages.outputIsSymlink(dir), {
      dir: target,
    });
  }
  if (!stat.isDirectory()) {
    throw new DashboardInputError(
      "OUTPUT_DIR_NOT_DIRECTORY",
      outputDirectoryMessages.outputNotDirectory(dir),
      {
        dir: target,
      },
    );
  }
  const entries = readdirSync(target);
  const ours =
    entries.length === 0 ||
    isOurMarker(join(target, OUTPUT_MARKER)) ||
    (kind === "evidence-pack" && isOurPackManifest(join(target, "manifest.json")));
  if (!ours) {
    throw new DashboardInputError(
      "OUTPUT_DIR_NOT_OURS",
      outputDirectoryMessages.outputNotOurs(dir, entries.length, entries.sort().slice(0, 3)),
      { dir: target, entries: entries.length },
    );
  }
  return entries;
}

/**
 * Makes `dir` an empty directory holding only our marker, or throws DashboardInputError
 * (code OUTPUT_DIR_NOT_OURS / OUTPUT_DIR_NOT_DIRECTORY) without touching anything.
 */
export function prepareOutputDirectory(dir: string, kind: OutputKind): void {
  const target = resolve(dir);
  const entries = replaceableEntries(target, kind);
  if (entries === null) mkdirSync(target, { recursive: true });
  // Each entry by name: rmSync unlinks a symlink entry instead of descending into its target.
  for (const entry of entries ?? []) rmSync(join(target, entry), { recursive: true, force: true });
  writeFileSync(join(target, OUTPUT_MARKER), MARKER_TEXT(kind));
}

/**
 * Runs `build(staging)` on a new directory beside `dir` (same file system, so the swap is a rename),
 * holding only our marker, and replaces `dir` with it once `build` returns; `build` runs the disclosure
 * check on what it wrote. Whatever `build` throws, the staging directory is removed and `dir` is as it was.
 */
export async function buildIntoOutputDirectory<T>(
  dir: string,
  kind: OutputKind,
  build: (staging: string) => Promise<T>,
): Promise<T> {
  const target = resolve(dir);
  replaceableEntries(target, kind); // refuses a directory that is not ours before any work
  mkdirSync(dirname(target), { recursive: true });
  const staging = mkdtempSync(join(dirname(target), `.${basename(target)}.building-`));
  let previous: string | undefined;
  try {
    writeFileSync(join(staging, OUTPUT_MARKER), MARKER_TEXT(kind));
    const result = await build(staging);
    // Checked again: another process may have put something there while we built.
    if (replaceableEntries(target, kind) !== null) {
      previous = `${staging}.previous`;
      renameSync(target, previous);
    }
    renameSync(staging, target);
    return result;
  } finally {
    rmSync(staging, { recursive: true, force: true });
    if (previous) rmSync(previous, { recursive: true, force: true });
  }
}
