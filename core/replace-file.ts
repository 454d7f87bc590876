/**
 * Replacing a file whole: the new content is written under a temporary name beside the target
 * and renamed over it only when complete, so a failure (a full disk, a query error halfway
 * through a Parquet file) leaves the old file as it was and no half-written one. A missing folder
 * is made, and removed again if the write fails.
 *
 * Only a regular file is ever replaced: renaming over a symlink, a device (/dev/stdout), a FIFO
 * or a socket would swap it for a plain file, so such a target is refused before anything is written.
 */
import { lstatSync, mkdirSync, renameSync, rmSync, type Stats } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileMessages as message } from "./core-messages.js";
import { OhwbError } from "./errors.js";

export type ReplaceFileErrorCode = "OUTPUT_NOT_A_FILE" | "OUTPUT_FOLDER_MISSING";

/** A target replaceFile will not write: not a regular file, or in a folder that cannot be made. */
export class ReplaceFileError extends OhwbError<ReplaceFileErrorCode> {
  constructor(code: ReplaceFileErrorCode, text: string, context: Record<string, unknown> = {}) {
    super(code, text, { context });
  }
}

interface SystemError extends Error {
  code?: string;
  path?: string;
}

function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch (error) {
    if ((error as SystemError).code === "ENOENT") return undefined;
    throw error;
  }
}

function kindOf(stats: Stats): string {
  if (stats.isSymbolicLink()) return "a symbolic link";
  if (stats.isDirectory()) return "a folder";
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return "a device";
  if (stats.isFIFO()) return "a named pipe (FIFO)";
  if (stats.isSocket()) return "a socket";
  return "not a regular file";
}

/**
 * Makes `folder` and any missing parents one level at a time, returning the topmost folder made
 * (to remove on failure). Not `mkdirSync(…, { recursive: true })`: on Node 20 that loops forever
 * under /proc, where mkdir says ENOENT although the parent exists.
 */
function makeFolder(folder: string): string | undefined {
  const missing: string[] = [];
  let current = folder;
  while (lstatOrUndefined(current) === undefined) {
    missing.unshift(current);
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
  }
  for (const dir of missing) mkdirSync(dir);
  return missing[0];
}

/** Refuses a `path` that exists and is not a regular file (a folder too, unless `allowFolder`). */
export function refuseIfNotRegularFile(path: string, allowFolder = false): void {
  const existing = lstatOrUndefined(path);
  if (!existing || existing.isFile() || (allowFolder && existing.isDirectory())) return;
  throw new ReplaceFileError("OUTPUT_NOT_A_FILE", message.outputNotRegularFile(path, kindOf(existing)), {
    path,
  });
}

export async function replaceFile(
  path: string,
  write: (tempPath: string) => Promise<void> | void,
): Promise<void> {
  refuseIfNotRegularFile(path);
  const folder = dirname(resolve(path));
  let madeFolder: string | undefined;
  try {
    madeFolder = makeFolder(folder);
  } catch (error) {
    throw userPathError(error, path, folder);
  }
  const temp = join(folder, `.${basename(path)}.${process.pid}.tmp`);
  try {
    await write(temp);
    renameSync(temp, path);
  } catch (error) {
    if (madeFolder) rmSync(madeFolder, { recursive: true, force: true });
    throw userPathError(error, path, folder);
  } finally {
    rmSync(temp, { force: true });
  }
}

/**
 * The file system's error about the hidden temporary file or a folder, told about the user's own
 * path: a folder that cannot be made gets its own sentence; any other error keeps its code and
 * takes the user's path, so cli/exit-status.ts's FILE_ERRORS stays the one table of sentences.
 */
function userPathError(error: unknown, path: string, folder: string): unknown {
  const system = error as SystemError;
  if (!(error instanceof Error) || system.code === undefined || system.path === undefined) return error;
  // ENOENT on a write is never "no such file to read": the folder is missing or takes no new files
  if (system.code === "ENOENT") {
    return new ReplaceFileError("OUTPUT_FOLDER_MISSING", message.outputCannotCreate(path, folder), {
      path,
    });
  }
  system.path = path;
  return error;
}
