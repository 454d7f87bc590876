/**
 * The scheduler's hold on the warehouse: opened once (migrations applied) and kept open until it
 * stops, rather than opened per run — the scheduler is the warehouse's writer process, and holding
 * the file keeps a stray `ohwb ingest`/`ohwb transform` from writing underneath a run. Two
 * connections of the one DuckDB instance: the job connection, used by one run at a time through the
 * SerialQueue, and the ledger's own (run-ledger.ts says why).
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { openWarehouse } from "../../warehouse/open-warehouse.js";
import { RunLedger } from "./run-ledger.js";

export interface ScheduleWarehouse {
  path: string;
  connection: DuckDBConnection;
  ledger: RunLedger;
  close(): void;
}

export async function openScheduleWarehouse(path: string): Promise<ScheduleWarehouse> {
  const warehouse = await openWarehouse(path);
  let ledgerConnection: DuckDBConnection;
  try {
    ledgerConnection = await warehouse.instance.connect();
  } catch (error) {
    warehouse.close();
    throw error;
  }
  let closed = false;
  return {
    path,
    connection: warehouse.connection,
    ledger: new RunLedger(ledgerConnection),
    close() {
      if (closed) return;
      closed = true;
      ledgerConnection.closeSync();
      warehouse.close();
    },
  };
}
