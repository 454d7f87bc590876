/**
 * Opens (or creates) a warehouse DuckDB file and brings its schema up to date: ingest's landing
 * layer (ingest/landing-schema.ts, idempotent), then the migrations. Every command that reads or
 * builds the warehouse goes through here, so nothing downstream ensures the landing schema again;
 * ingest itself, upstream of warehouse/, opens files with core's `openDuckDbFile` and creates
 * the layer as it starts (ingest/ingest-session.ts).
 */
import { type OpenWarehouseOptions, openDuckDbFile, type Warehouse } from "../core/duckdb.js";
import { ensureLandingSchema } from "../ingest/landing-schema.js";
import { applyMigrations } from "./migrations.js";

export interface MigratedWarehouse extends Warehouse {
  /** Migration versions applied by this open (empty when the schema was already current). */
  migrationsApplied: number[];
}

export async function openWarehouse(
  path: string,
  options: OpenWarehouseOptions = {},
): Promise<MigratedWarehouse> {
  const warehouse = await openDuckDbFile(path, options);
  try {
    if (!options.readOnly) await ensureLandingSchema(warehouse.connection);
    const migrationsApplied = await applyMigrations(warehouse.connection, path);
    return { ...warehouse, migrationsApplied };
  } catch (error) {
    warehouse.close();
    throw error;
  }
}
