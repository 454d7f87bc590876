/** Temporary warehouse files for ingest tests. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDuckDbFile, type Warehouse } from "../../core/duckdb.js";

export const TEST_KEY = "test-pseudonym-key-0123456789abcdef0123456789";

export function tempWarehousePath(name = "wh"): { path: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "ohwb-ingest-"));
  return { path: join(dir, `${name}.duckdb`), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Reads one query's rows from a warehouse file, closing it again so ingest can reopen it. */
export async function queryWarehouse(path: string, sql: string): Promise<unknown[][]> {
  const wh: Warehouse = await openDuckDbFile(path, { readOnly: true });
  try {
    return (await wh.connection.runAndReadAll(sql)).getRowsJS() as unknown[][];
  } finally {
    wh.close();
  }
}
