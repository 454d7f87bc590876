/**
 * Replacing a file whole: the new content is written under a temporary name beside the target
 * and renamed over it only when complete, so a failure (a full disk, a query error halfway
 * through a Parquet file) leaves the old file as it was and no half-written one. A missing folder
 * is made, and removed again if the write fails.
 */
import { mkdirSync, renameSync, rmSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";

export async function replaceFile(
  path: string,
  write: (tempPath: string) => Promise<void> | void,
): Promise<void> {
  const folder = dirname(resolve(path));
  const madeFolder = mkdirSync(folder, { recursive: true });
  const temp = join(folder, `.${basename(path)}.${process.pid}.tmp`);
  try {
    await write(temp);
    renameSync(temp, path);
  } catch (error) {
    if (madeFolder) rmSync(madeFolder, { recursive: true, force: true });
    throw error;
  } finally {
    rmSync(temp, { force: true });
  }
}
