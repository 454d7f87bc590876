/**
 * Output directories of `ohwb dashboards build` and `ohwb pack`: emptied before every build, so no stale
 * page, chart or data file of an earlier build survives (and the disclosure check sees only this build).
 * Emptying is only done to a directory we can tell is ours: missing, empty, or holding the marker file
 * written at the start of every build (for packs built before the marker existed, their manifest.json).
 * Anything else is refused untouched. DIR itself must not be a symlink; entries inside it are removed
 * with `rmSync`, which unlinks symlinks rather than following them, so nothing outside DIR is deleted.
 */
import { lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { DashboardInputError } from "../core/errors.js";
import { outputDirectoryMessages } from "../core/messages.js";

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
 * Makes `dir` an empty directory holding only our marker, or throws DashboardInputError
 * (code OUTPUT_DIR_NOT_OURS / OUTPUT_DIR_NOT_DIRECTORY) without touching anything.
 */
export function prepareOutputDirectory(dir: string, kind: OutputKind): void {
  const target = resolve(dir);
  const stat = lstatOrNull(target);
  if (stat === null) {
    mkdirSync(target, { recursive: true });
  } else {
    if (stat.isSymbolicLink()) {
      throw new DashboardInputError(
        "OUTPUT_DIR_NOT_DIRECTORY",
        outputDirectoryMessages.outputIsSymlink(dir),
        {
          dir: target,
        },
      );
    }
    if (!stat.isDirectory()) {
      throw new DashboardInputError(
        "OUTPUT_DIR_NOT_DIRECTORY",
        outputDirectoryMessages.outputNotDirectory(dir),
        { dir: target },
      );
    }
    const entries = readdirSync(target);
    if (entries.length > 0) {
      const ours =
        isOurMarker(join(target, OUTPUT_MARKER)) ||
        (kind === "evidence-pack" && isOurPackManifest(join(target, "manifest.json")));
      if (!ours) {
        throw new DashboardInputError(
          "OUTPUT_DIR_NOT_OURS",
          outputDirectoryMessages.outputNotOurs(dir, entries.length, entries.sort().slice(0, 3)),
          { dir: target, entries: entries.length },
        );
      }
      // Each entry by name: rmSync unlinks a symlink entry instead of descending into its target.
      for (const entry of entries) rmSync(join(target, entry), { recursive: true, force: true });
    }
  }
  writeFileSync(join(target, OUTPUT_MARKER), MARKER_TEXT(kind));
}
