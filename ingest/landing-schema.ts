/**
 * The landing layer ingest owns: one raw table per contract event type, the
 * event index used for idempotence, dead_letter, ingest_offsets and the
 * ingested_events audit view. Creation is idempotent (IF NOT EXISTS), so every
 * start can run it.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { eventTypes } from "../contracts/index.js";

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

export function rawTableNames(): string[] {
  return [...new Set(eventTypes.map((t) => t.rawTable))].sort();
}

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export function landingDdl(): string[] {
  const tables = rawTableNames();
  const statements = tables.map((t) => `CREATE TABLE IF NOT EXISTS ${quoteIdent(t)} (${RAW_COLUMNS})`);
  statements.push(
    // Every loaded event_id with the hash of its source content: the idempotence check reads
    // this one narrow table rather than every raw table.
    `CREATE TABLE IF NOT EXISTS event_index (
      event_id VARCHAR NOT NULL,
      content_hash VARCHAR NOT NULL,
      raw_table VARCHAR NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS dead_letter (
      topic VARCHAR NOT NULL,
      "partition" INTEGER NOT NULL,
      "offset" BIGINT NOT NULL,
      key BLOB,
      headers JSON,
      raw BLOB,
      raw_size INTEGER NOT NULL,
      reason VARCHAR NOT NULL,
      issues JSON NOT NULL,
      event_id VARCHAR,
      event_type VARCHAR,
      received_at TIMESTAMPTZ NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS ingest_offsets (
      topic VARCHAR NOT NULL,
      "partition" INTEGER NOT NULL,
      next_offset BIGINT NOT NULL,
      updated_at TIMESTAMPTZ NOT NULL,
      PRIMARY KEY (topic, "partition"))`,
  );
  const union = tables
    .map(
      (t) => `SELECT event_id, event_type, topic, "partition", "offset", ingested_at FROM ${quoteIdent(t)}`,
    )
    .join("\n  UNION ALL ");
  statements.push(`CREATE OR REPLACE VIEW ingested_events AS\n  ${union}`);
  return statements;
}

export async function ensureLandingSchema(connection: DuckDBConnection): Promise<void> {
  for (const statement of landingDdl()) await connection.run(statement);
}
