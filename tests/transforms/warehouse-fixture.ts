/**
 * Test helpers: a fresh warehouse file in a temp directory, landing events
 * appended with the Appender (the layout ingest writes), and a row reader.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import { timestampTZValue } from "@duckdb/node-api";
import { ensureLandingSchema } from "../../ingest/landing-schema.js";
import { type MigratedWarehouse, openWarehouse } from "../../warehouse/open-warehouse.js";

export interface TestWarehouse {
  path: string;
  warehouse: MigratedWarehouse;
  connection: DuckDBConnection;
  dispose(): void;
}

export async function freshWarehouse(): Promise<TestWarehouse> {
  const directory = mkdtempSync(join(tmpdir(), "ohwb-transforms-"));
  const path = join(directory, "warehouse.duckdb");
  const warehouse = await openWarehouse(path);
  return {
    path,
    warehouse,
    connection: warehouse.connection,
    dispose() {
      warehouse.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

export interface LandingEvent {
  eventType: string;
  occurredAt: string;
  orgCode?: string;
  payload: Record<string, unknown>;
}

let sequence = 0;

/** Appends events to their raw tables in the given order (offsets increase with it). */
export async function appendLandingEvents(
  connection: DuckDBConnection,
  events: LandingEvent[],
): Promise<void> {
  await ensureLandingSchema(connection);
  const byTable = new Map<string, LandingEvent[]>();
  for (const event of events) {
    const table = `raw_${event.eventType.replaceAll(".", "_")}`;
    byTable.set(table, [...(byTable.get(table) ?? []), event]);
  }
  for (const [table, rows] of byTable) {
    const appender = await connection.createAppender(table);
    for (const event of rows) {
      sequence += 1;
      appender.appendVarchar(`00000000-0000-4000-8000-${String(sequence).padStart(12, "0")}`);
      appender.appendVarchar(event.eventType);
      appender.appendInteger(1);
      appender.appendTimestampTZ(timestampTZValue(BigInt(Date.parse(event.occurredAt)) * 1000n));
      appender.appendVarchar(event.orgCode ?? "RXX");
      appender.appendVarchar("test");
      appender.appendVarchar(JSON.stringify(event.payload));
      appender.appendVarchar(`hash-${sequence}`);
      appender.appendVarchar("workforce.absence");
      appender.appendInteger(0);
      appender.appendBigInt(BigInt(sequence));
      appender.appendTimestampTZ(timestampTZValue(BigInt(Date.now()) * 1000n));
      appender.endRow();
    }
    appender.flushSync();
    appender.closeSync();
  }
}

export async function rows(connection: DuckDBConnection, sql: string): Promise<Record<string, unknown>[]> {
  return (await connection.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
}

/**
 * A model's rows in a fixed order, without the landing columns that identify a load rather than
 * content, doubles to 12 significant digits (sums may add up in another order).
 */
export async function canonicalRows(connection: DuckDBConnection, table: string): Promise<unknown[]> {
  const found = await rows(
    connection,
    `SELECT COLUMNS(c -> c NOT IN ('event_id', 'ingested_at', 'offset')) FROM ${table} ORDER BY ALL`,
  );
  return found.map((row) =>
    Object.fromEntries(
      Object.entries(row).map(([key, value]) => [
        key,
        typeof value === "number" ? Number(value.toPrecision(12)) : value,
      ]),
    ),
  );
}
