/**
 * Opens (or creates) a warehouse DuckDB file and brings its schema up to date
 * with the migrations. Every command that reads or builds the warehouse goes
 * through here; ingest's landing tables are created by ingest itself.
 */
import { type OpenWarehouseOptions, openWarehouse as openDuckDb, type Warehouse } from "../core/duckdb.js";
import { applyMigrations } from "./migrations.js";

export interface MigratedWarehouse extends Warehouse {
  /** Migration versions applied by this open (empty when the schema was already current). */
  migrationsApplied: number[];
}

export async function openWarehouse(
  path: string,
  options: OpenWarehouseOptions = {},
): Promise<MigratedWarehouse> {
  const warehouse = await openDuckDb(path, options);
  try {
    const migrationsApplied = await applyMigrations(warehouse.connection, path);
    return { ...warehouse, migrationsApplied };
  } catch (error) {
    warehouse.close();
    throw error;
  }
}
