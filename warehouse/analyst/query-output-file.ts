/**
 * Where `ohwb query --out FILE` may write. An analyst's typo must not destroy
 * data: an existing file is replaced only with --force, a DuckDB database
 * (the warehouse, a snapshot, anyone's) never, and nothing is half-written
 * (the command writes through core/replace-file.ts).
 */
import { existsSync, realpathSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { isDuckDbFile } from "../../core/duckdb.js";
import { refuseIfNotRegularFile } from "../../core/replace-file.js";
import { AnalystQueryError } from "../warehouse-errors.js";
import { analystMessages as message } from "../warehouse-messages.js";

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
  // Before anything opens it (a FIFO would block the DuckDB-header check): replaceFile refuses
  // a symlink, device, FIFO or socket anyway; refusing here saves running the query first.
  refuseIfNotRegularFile(path, true);
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
