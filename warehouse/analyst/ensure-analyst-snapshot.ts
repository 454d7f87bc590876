/**
 * For `ohwb query` / `ohwb export`: the analyst snapshot of a warehouse,
 * published from the warehouse when it does not exist yet or when asked to
 * refresh. Publishing opens the warehouse as the writer, briefly; reading an
 * existing snapshot never touches the warehouse, so it works while ingest writes.
 */
import { existsSync } from "node:fs";
import { AnalystQueryError } from "../../core/errors.js";
import { analystMessages as message } from "../../core/messages.js";
import { openWarehouse } from "../open-warehouse.js";
import { analystSnapshotPath, publishAnalystSnapshot, type SnapshotInfo } from "./analyst-snapshot.js";

export interface EnsuredSnapshot {
  path: string;
  /** Set when this call (re)published the snapshot. */
  published?: SnapshotInfo;
}

export async function ensureAnalystSnapshot(
  warehousePath: string,
  refresh: boolean,
): Promise<EnsuredSnapshot> {
  const path = analystSnapshotPath(warehousePath);
  if (existsSync(path) && !refresh) return { path };
  if (!existsSync(warehousePath)) {
    throw new AnalystQueryError("ANALYST_WAREHOUSE_MISSING", message.analystWarehouseMissing(warehousePath));
  }
  const warehouse = await openWarehouse(warehousePath);
  try {
    return { path, published: await publishAnalystSnapshot(warehouse.connection, warehousePath, path) };
  } finally {
    warehouse.close();
  }
}
