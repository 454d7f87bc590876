/**
 * Upgrade of a dead_letter written before sealing: its key, headers and raw
 * columns hold messages in clear. With the key at hand, each such row is
 * sealed into key_sealed/headers_sealed/raw_sealed (issues scrubbed the same
 * way new dead letters are), then the plaintext columns are dropped.
 *
 * Two transactions, because DuckDB refuses to alter a table updated in the
 * same transaction: if the second never runs, the next call seals again (the
 * plaintext is still there) and drops. Rows are staged through the Appender
 * into a temporary table and applied with one set-based UPDATE.
 *
 * DuckDB does not zero the blocks the dropped columns used: until they are
 * reused, old plaintext may survive in the file's free space (see README).
 */
import { DuckDBBlobValue, type DuckDBConnection } from "@duckdb/node-api";
import { inTransaction } from "../core/duckdb.js";
import type { DeadLetterQuarantine } from "./dead-letter-quarantine.js";
import { rawDigest } from "./dead-letter-quarantine.js";
import type { DeadLetterIssue, DeadLetterReason } from "./dead-letter-reasons.js";
import { redactIssues } from "./dead-letter-redaction.js";
import { decodeMessage } from "./decode.js";
import { PLAINTEXT_DEAD_LETTER_COLUMNS, tableColumns } from "./landing-schema.js";

const STAGING = "dead_letter_sealing";
const CHUNK_ROWS = 500;

/** True when dead_letter still has (some of) the old plaintext columns. */
export async function hasPlaintextDeadLetterColumns(connection: DuckDBConnection): Promise<boolean> {
  const columns = await tableColumns(connection, "dead_letter");
  return PLAINTEXT_DEAD_LETTER_COLUMNS.some((c) => columns.includes(c));
}

/** Seals every plaintext dead letter and drops the plaintext columns; returns the rows sealed. */
export async function sealPlaintextDeadLetters(
  connection: DuckDBConnection,
  quarantine: DeadLetterQuarantine,
): Promise<number> {
  const columns = await tableColumns(connection, "dead_letter");
  const present = PLAINTEXT_DEAD_LETTER_COLUMNS.filter((c) => columns.includes(c));
  if (present.length === 0) return 0;
  const pick = (c: string) => (present.includes(c as (typeof present)[number]) ? c : "NULL");
  let sealed = 0;
  await inTransaction(connection, async () => {
    await connection.run(
      `CREATE OR REPLACE TEMP TABLE ${STAGING} (
        row_id BIGINT, key_sealed BLOB, headers_sealed BLOB, raw_sealed BLOB, raw_sha256 VARCHAR, issues VARCHAR)`,
    );
    let after = -1n;
    for (;;) {
      const reader = await connection.runAndReadAll(
        `SELECT rowid, ${pick("key")}::BLOB, ${pick("headers")}::VARCHAR, ${pick("raw")}::BLOB, raw_size, reason, issues::VARCHAR
         FROM dead_letter
         WHERE rowid > $1 AND (${pick("key")} IS NOT NULL OR ${pick("headers")} IS NOT NULL OR ${pick("raw")} IS NOT NULL)
         ORDER BY rowid LIMIT ${CHUNK_ROWS}`,
        [after],
      );
      const rows = reader.getRows();
      if (rows.length === 0) break;
      const appender = await connection.createAppender(STAGING, "main", "temp");
      try {
        for (const [rowId, key, headers, raw, rawSize, reason, issues] of rows) {
          const keyBytes = blob(key);
          const rawBytes = blob(raw);
          appender.appendBigInt(BigInt(rowId as bigint));
          appendSealed(appender, keyBytes && quarantine.seal("key", keyBytes));
          appendSealed(
            appender,
            headers === null ? null : quarantine.seal("headers", Buffer.from(String(headers), "utf8")),
          );
          appendSealed(appender, rawBytes && quarantine.seal("raw", rawBytes));
          // Only a whole value has the digest new rows get; an oversized one was kept truncated.
          const digest = rawBytes && rawBytes.length === Number(rawSize) ? rawDigest(rawBytes) : null;
          if (digest === null) appender.appendNull();
          else appender.appendVarchar(digest);
          appender.appendVarchar(
            JSON.stringify(scrubbedIssues(String(reason), String(issues), rawBytes, keyBytes)),
          );
          appender.endRow();
          after = BigInt(rowId as bigint);
        }
        appender.flushSync();
      } finally {
        appender.closeSync();
      }
      sealed += rows.length;
    }
    await connection.run(
      `UPDATE dead_letter SET key_sealed = s.key_sealed, headers_sealed = s.headers_sealed,
         raw_sealed = s.raw_sealed, raw_sha256 = s.raw_sha256, issues = s.issues
       FROM ${STAGING} s WHERE dead_letter.rowid = s.row_id`,
    );
    await connection.run(`DROP TABLE ${STAGING}`);
  });
  await inTransaction(connection, async () => {
    for (const column of present) await connection.run(`ALTER TABLE dead_letter DROP COLUMN "${column}"`);
  });
  return sealed;
}

function blob(value: unknown): Buffer | null {
  if (value === null || value === undefined) return null;
  if (value instanceof DuckDBBlobValue) return Buffer.from(value.bytes);
  return Buffer.from(value as Uint8Array);
}

function appendSealed(
  appender: { appendBlob(value: Uint8Array): void; appendNull(): void },
  value: Buffer | null,
): void {
  if (value === null) appender.appendNull();
  else appender.appendBlob(value);
}

/** Old rows' issues may quote the input (JSON.parse snippets): scrub them as new ones are. */
function scrubbedIssues(
  reason: string,
  issues: string,
  raw: Buffer | null,
  key: Buffer | null,
): DeadLetterIssue[] {
  let parsed: DeadLetterIssue[];
  try {
    const value: unknown = JSON.parse(issues);
    parsed = Array.isArray(value) ? (value as DeadLetterIssue[]) : [];
  } catch {
    parsed = [];
  }
  const decoded = decodeMessage(raw);
  return redactIssues(reason as DeadLetterReason, parsed, decoded.ok ? decoded.value : undefined, key);
}
