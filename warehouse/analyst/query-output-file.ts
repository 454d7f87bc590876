/**
 * Where `ohwb query --out FILE` may write. An analyst's typo must not destroy
 * data: an existing file is replaced only with --force, a DuckDB database
 * (the warehouse, a snapshot, anyone's) never, and nothing is half-written
 * (the command writes through core/replace-file.ts).
 */
import { closeSync, existsSync, openSync, readSync, realpathSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { AnalystQueryError } from "../warehouse-errors.js";
import { analystMessages as message } from "../warehouse-messages.js";

/** DuckDB's file header: an 8-byte checksum, then the magic bytes "DUCK". */
const DUCKDB_MAGIC = Buffer.from("DUCK");

export function isDuckDbFile(path: string): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(path, "r");
    const header = Buffer.alloc(12);
    const read = readSync(fd, header, 0, header.length, 0);
    return read === header.length && header.subarray(8, 12).equals(DUCKDB_MAGIC);
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function canonical(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

/**
 * Refuses an output path that would destroy something: a directory, a DuckDB file, one of the
 * `protectedPaths` (the warehouse and its snapshot, and their WAL files), or any existing file
 * without `force`.
 */
export function checkQueryOutput(path: string, force: boolean, protectedPaths: readonly string[]): void {
  const target = canonical(path);
  const guarded = protectedPaths.flatMap((p) => [p, `${p}.wal`]).map(canonical);
  if (guarded.includes(target) || isDuckDbFile(target)) {
    throw new AnalystQueryError("ANALYST_OUT_IS_DATABASE", message.analystOutIsDatabase(path));
  }
  if (!existsSync(target)) return;
  if (statSync(target).isDirectory()) {
    throw new AnalystQueryError("ANALYST_OUT_IS_DIRECTORY", message.analystOutIsDirectory(path));
  }
  if (!force) throw new AnalystQueryError("ANALYST_OUT_EXISTS", message.analystOutExists(path));
}
