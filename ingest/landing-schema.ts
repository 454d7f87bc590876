/**
 * The landing layer ingest owns: one raw table per contract event type, the
 * event index used for idempotence, dead_letter, ingest_offsets, ingest_gaps and the
 * ingested_events audit view. Creation is idempotent (IF NOT EXISTS), so every
 * start can run it.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { eventTypes } from "../contracts/index.js";
import { quoteIdentifier } from "../core/sql-quote.js";
import { INGEST_GAPS_DDL } from "./offset-gaps.js";

export const RAW_COLUMNS = `
  event_id VARCHAR NOT NULL,
  event_type VARCHAR NOT NULL,
  schema_version INTEGER NOT NULL,
  occurred_at TIMESTAMPTZ NOT NULL,
  org_code VARCHAR,
  source_system VARCHAR,
  payload JSON,
  content_hash VARCHAR NOT NULL,
  topic VARCHAR NOT NULL,
  "partition" INTEGER NOT NULL,
  "offset" BIGINT NOT NULL,
  ingested_at TIMESTAMPTZ NOT NULL`;

/** Columns a pre-sealing dead_letter lacks. */
export const SEALED_DEAD_LETTER_COLUMNS = [
  ["key_sealed", "BLOB"],
  ["headers_sealed", "BLOB"],
  ["raw_sealed", "BLOB"],
  ["raw_sha256", "VARCHAR"],
] as const;

/** Plaintext columns of a pre-sealing dead_letter; never written any more, dropped once sealed. */
export const PLAINTEXT_DEAD_LETTER_COLUMNS = ["key", "headers", "raw"] as const;

/** A table's columns in storage order (the Appender fills them in this order). */
export async function tableColumns(connection: DuckDBConnection, table: string): Promise<string[]> {
  const reader = await connection.runAndReadAll(
    `SELECT column_name FROM duckdb_columns()
     WHERE database_name = current_database() AND schema_name = current_schema() AND table_name = $1
     ORDER BY column_index`,
    [table],
  );
  return reader.getRows().map(([name]) => String(name));
}

export function rawTableNames(): string[] {
  return [...new Set(eventTypes.map((t) => t.rawTable))].sort();
}

export function landingDdl(): string[] {
  const tables = rawTableNames();
  const statements = tables.map((t) => `CREATE TABLE IF NOT EXISTS ${quoteIdentifier(t)} (${RAW_COLUMNS})`);
  statements.push(
    // Every loaded event_id with the hash of its source content: the idempotence check reads
    // this one narrow table rather than every raw table.
    `CREATE TABLE IF NOT EXISTS event_index (
      event_id VARCHAR NOT NULL,
      content_hash VARCHAR NOT NULL,
      raw_table VARCHAR NOT NULL)`,
    // The message's key, headers and value are sealed (ingest/dead-letter-quarantine.ts): they may
    // hold staff identifiers in clear. raw_sha256 hashes the whole value as received (NULL when short).
    `CREATE TABLE IF NOT EXISTS dead_letter (
      topic VARCHAR NOT NULL,
      "partition" INTEGER NOT NULL,
      "offset" BIGINT NOT NULL,
      key_sealed BLOB,
      headers_sealed BLOB,
      raw_sealed BLOB,
      raw_sha256 VARCHAR,
      raw_size INTEGER NOT NULL,
      reason VARCHAR NOT NULL,
      issues JSON NOT NULL,
      event_id VARCHAR,
      event_type VARCHAR,
      received_at TIMESTAMPTZ NOT NULL)`,
    // A dead_letter from before sealing (plaintext key/headers/raw) gains the sealed columns here;
    // its plaintext is sealed and dropped once a key is at hand (ingest/dead-letter-migration.ts).
    ...SEALED_DEAD_LETTER_COLUMNS.map(
      ([name, type]) => `ALTER TABLE dead_letter ADD COLUMN IF NOT EXISTS ${name} ${type}`,
    ),
    INGEST_GAPS_DDL,
    `CREATE TABLE IF NOT EXISTS ingest_offsets (
      topic VARCHAR NOT NULL,
      "partition" INTEGER NOT NULL,
      next_offset BIGINT NOT NULL,
      updated_at TIMESTAMPTZ NOT NULL,
      PRIMARY KEY (topic, "partition"))`,
  );
  const union = tables
    .map(
      (t) =>
        `SELECT event_id, event_type, topic, "partition", "offset", ingested_at FROM ${quoteIdentifier(t)}`,
    )
    .join("\n  UNION ALL ");
  statements.push(`CREATE OR REPLACE VIEW ingested_events AS\n  ${union}`);
  return statements;
}

export async function ensureLandingSchema(connection: DuckDBConnection): Promise<void> {
  for (const statement of landingDdl()) await connection.run(statement);
}
