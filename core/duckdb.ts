/**
 * Opening a DuckDB warehouse file, running work in one transaction, closing.
 * Every area that touches the warehouse goes through here, so settings
 * (memory limit, threads) and transaction handling stay in one place.
 */
import { closeSync, existsSync, mkdirSync, openSync, readSync, statSync } from "node:fs";
import { dirname } from "node:path";
import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { duckdbMessages } from "./core-messages.js";
import { OhwbError } from "./errors.js";

export interface Warehouse {
  path: string;
  instance: DuckDBInstance;
  connection: DuckDBConnection;
  close(): void;
}

export interface OpenWarehouseOptions {
  readOnly?: boolean;
  /** DuckDB's memory_limit, e.g. "512MB". */
  memoryLimit?: string;
  threads?: number;
  /** DuckDB's checkpoint_threshold (WAL size that triggers a checkpoint), e.g. "256MB". */
  checkpointThreshold?: string;
}

/** The warehouse file could not be opened (locked by another process, unreadable, corrupt). */
export class WarehouseOpenError extends OhwbError {
  constructor(path: string, detail: string, cause: unknown) {
    const locked = /lock/i.test(detail);
    super("WAREHOUSE_OPEN", duckdbMessages.warehouseOpenFailed(path, detail, locked), {
      retriable: locked,
      context: { path },
      cause,
    });
  }
}

/** DuckDB's file header: an 8-byte checksum, then the magic bytes "DUCK". */
const DUCKDB_MAGIC = Buffer.from("DUCK");

export function isDuckDbFile(path: string): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(path, "r");
    const header = Buffer.alloc(12);
    const read = readSync(fd, header, 0, header.length, 0);
    return read === header.length && header.subarray(8, 12).equals(DUCKDB_MAGIC);
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Opens a DuckDB file as it is: no landing schema, no migrations. Commands open the warehouse with
 * warehouse/open-warehouse.ts's `openWarehouse`, which adds both; ingest, upstream of warehouse/,
 * opens with this and creates its landing layer itself.
 */
export async function openDuckDbFile(path: string, options: OpenWarehouseOptions = {}): Promise<Warehouse> {
  const config: Record<string, string> = {};
  if (options.readOnly) config.access_mode = "READ_ONLY";
  if (options.memoryLimit) config.memory_limit = options.memoryLimit;
  if (options.threads) config.threads = String(options.threads);
  if (options.checkpointThreshold) config.checkpoint_threshold = options.checkpointThreshold;
  if (!options.readOnly && path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  // DuckDB's own words for a file that is not a database are about something else entirely
  // ("Cannot launch in-memory database in read-only mode!" for a text file opened read-only)
  if (
    path !== ":memory:" &&
    existsSync(path) &&
    statSync(path).isFile() &&
    statSync(path).size > 0 &&
    !isDuckDbFile(path)
  ) {
    throw new WarehouseOpenError(path, duckdbMessages.notADuckDbFile(), undefined);
  }
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(path, config);
  } catch (error) {
    throw new WarehouseOpenError(path, error instanceof Error ? error.message : String(error), error);
  }
  const connection = await instance.connect();
  let closed = false;
  return {
    path,
    instance,
    connection,
    close() {
      if (closed) return;
      closed = true;
      connection.closeSync();
      instance.closeSync();
    },
  };
}

/** Runs `work` between BEGIN and COMMIT on one connection; rolls back and rethrows on failure. */
export async function inTransaction<T>(connection: DuckDBConnection, work: () => Promise<T>): Promise<T> {
  await connection.run("BEGIN TRANSACTION");
  let result: T;
  try {
    result = await work();
  } catch (error) {
    await connection.run("ROLLBACK").catch(() => undefined);
    throw error;
  }
  await connection.run("COMMIT");
  return result;
}
