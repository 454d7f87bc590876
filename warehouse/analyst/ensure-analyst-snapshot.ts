/**
 * For `ohwb query` / `ohwb export`: the analyst snapshot of a warehouse,
 * published from the warehouse when it does not exist yet or when asked to
 * refresh, or when the file there is not a DuckDB database (overwritten or
 * damaged: it is only a copy, so it is rebuilt rather than ending every query
 * in an error). Publishing opens the warehouse as the writer, briefly; reading
 * an existing snapshot never touches the warehouse, so it works while ingest writes.
 */

import { existsSync } from "node:fs";
import { configMessages } from "../../core/core-messages.js";
import { isDuckDbFile } from "../../core/duckdb.js";
import { openWarehouse } from "../open-warehouse.js";
import { AnalystQueryError } from "../warehouse-errors.js";
import { analystMessages as message } from "../warehouse-messages.js";
import { analystSnapshotPath, publishAnalystSnapshot, type SnapshotInfo } from "./analyst-snapshot.js";

export interface EnsuredSnapshot {
  path: string;
  /** Set when this call (re)published the snapshot. */
  published?: SnapshotInfo;
  /** The file found there was not a DuckDB database and has been rebuilt. */
  replacedDamaged?: boolean;
}

export async function ensureAnalystSnapshot(
  warehousePath: string,
  refresh: boolean,
  /** The command asking, as the refusal names it. */
  command: "ohwb query" | "ohwb export" = "ohwb query",
): Promise<EnsuredSnapshot> {
  const path = analystSnapshotPath(warehousePath);
  const damaged = existsSync(path) && !isDuckDbFile(path);
  if (existsSync(path) && !refresh && !damaged) return { path };
  if (!existsSync(warehousePath)) {
    if (damaged) {
      throw new AnalystQueryError(
        "ANALYST_SNAPSHOT_DAMAGED",
        message.analystSnapshotDamaged(path, "not a DuckDB database"),
      );
    }
    throw new AnalystQueryError(
      "ANALYST_WAREHOUSE_MISSING",
      configMessages.warehouseMissing(warehousePath, command),
    );
  }
  const warehouse = await openWarehouse(warehousePath);
  try {
    const published = await publishAnalystSnapshot(warehouse.connection, warehousePath, path);
    return damaged ? { path, published, replacedDamaged: true } : { path, published };
  } finally {
    warehouse.close();
  }
}
