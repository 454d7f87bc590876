/**
 * `ohwb dead-letters export`: opens the sealed values of the chosen dead
 * letters and writes them one per line, so `ohwb ingest --from-file` can replay
 * them once the cause is fixed. The file holds staff identifiers in clear: it is
 * created 0600, never overwritten, and removed again if the export fails.
 *
 * A value that cannot be one line of a replay file is skipped and counted:
 * empty values, values kept truncated (over 1 MiB), and multi-line values that
 * are not JSON, and values sealed under another key (a loader opened with a
 * throwaway key seals its own); if every value is under another key, the key
 * given is wrong and the export fails. Multi-line JSON is written compacted (only whitespace changes;
 * ingest's dedupe hashes the parsed event, so it is the same event).
 */
import { closeSync, openSync, rmSync, writeSync } from "node:fs";
import { resolve } from "node:path";
import type { DuckDBBlobValue, DuckDBConnection } from "@duckdb/node-api";
import type { DeadLetterQuarantine } from "./dead-letter-quarantine.js";
import { DeadLetterError, DeadLetterKeyMismatchError } from "./ingest-errors.js";
import { deadLetterMessages } from "./ingest-messages.js";

export interface DeadLetterExportOptions {
  /** Only dead letters with this reason; undefined exports every reason. */
  reason?: string;
  /** Only dead letters from this topic. */
  topic?: string;
  out: string;
}

export interface DeadLetterExportResult {
  path: string;
  written: number;
  compacted: number;
  /** otherKey: sealed under another pseudonym key (e.g. a throwaway one), so not openable here. */
  skipped: { empty: number; truncated: number; multiline: number; otherKey: number };
}

const NEWLINE = Buffer.from("\n");

export async function exportDeadLetters(
  connection: DuckDBConnection,
  quarantine: DeadLetterQuarantine,
  options: DeadLetterExportOptions,
): Promise<DeadLetterExportResult> {
  const path = resolve(options.out);
  const where: string[] = [];
  const params: string[] = [];
  if (options.reason !== undefined) {
    params.push(options.reason);
    where.push(`reason = $${params.length}`);
  }
  if (options.topic !== undefined) {
    params.push(options.topic);
    where.push(`topic = $${params.length}`);
  }
  const reader = await connection.runAndReadAll(
    `SELECT raw_sealed, raw_size FROM dead_letter
     ${where.length > 0 ? `WHERE ${where.join(" AND ")}` : ""}
     ORDER BY received_at, topic, "partition", "offset"`,
    params,
  );
  const result: DeadLetterExportResult = {
    path,
    written: 0,
    compacted: 0,
    skipped: { empty: 0, truncated: 0, multiline: 0, otherKey: 0 },
  };
  let fd: number;
  try {
    fd = openSync(path, "wx", 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST")
      throw new DeadLetterError("DEAD_LETTER_EXPORT_EXISTS", deadLetterMessages.deadLetterExportExists(path));
    throw new DeadLetterError("DEAD_LETTER_EXPORT_WRITE", String(error), { cause: error });
  }
  try {
    for (const [sealed, rawSize] of reader.getRows()) {
      if (sealed === null) {
        result.skipped.empty++;
        continue;
      }
      const bytes = (sealed as DuckDBBlobValue).bytes;
      if (!quarantine.sealedWithThisKey(bytes)) {
        result.skipped.otherKey++;
        continue;
      }
      const raw = quarantine.open("raw", bytes);
      if (raw.length === 0) {
        result.skipped.empty++;
        continue;
      }
      if (raw.length < Number(rawSize)) {
        result.skipped.truncated++;
        continue;
      }
      const line = oneLine(raw);
      if (line === undefined) {
        result.skipped.multiline++;
        continue;
      }
      if (line !== raw) result.compacted++;
      writeSync(fd, line);
      writeSync(fd, NEWLINE);
      result.written++;
    }
    // Nothing opened and something was sealed under another key: the key given is the wrong one.
    if (
      result.skipped.otherKey > 0 &&
      result.written + result.skipped.truncated + result.skipped.multiline === 0
    )
      throw new DeadLetterKeyMismatchError({ rows: result.skipped.otherKey });
  } catch (error) {
    closeSync(fd);
    // Half an export of clear identifiers is worse than none.
    rmSync(path, { force: true });
    throw error;
  }
  closeSync(fd);
  return result;
}

/** The value as one replayable line: itself, compacted JSON, or undefined when neither. */
function oneLine(raw: Buffer): Buffer | undefined {
  if (!raw.includes(0x0a) && !raw.includes(0x0d)) return raw;
  try {
    return Buffer.from(JSON.stringify(JSON.parse(raw.toString("utf8"))), "utf8");
  } catch {
    return undefined;
  }
}
