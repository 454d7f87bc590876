import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterEach, describe, expect, it } from "vitest";
import { ensureLandingSchema } from "../../ingest/landing-schema.js";
import { knownMigrations, WarehouseSchemaTooNewError } from "../../warehouse/migrations.js";
import { openWarehouse } from "../../warehouse/open-warehouse.js";

const directories: string[] = [];
function tempPath(): string {
  const directory = mkdtempSync(join(tmpdir(), "ohwb-migrations-"));
  directories.push(directory);
  return join(directory, "warehouse.duckdb");
}
afterEach(() => {
  for (const d of directories.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe("warehouse schema migrations", () => {
  it("are numbered without gaps", () => {
    const versions = knownMigrations().map((m) => m.version);
    expect(versions.length).toBeGreaterThanOrEqual(2);
    expect(versions).toEqual(versions.map((_, i) => i + 1));
  });

  it("apply on first open, are recorded, and are not re-applied", async () => {
    const path = tempPath();
    const first = await openWarehouse(path);
    const known = knownMigrations().map((m) => m.version);
    expect(first.migrationsApplied).toEqual(known);
    const recorded = (
      await first.connection.runAndReadAll("SELECT version, name FROM schema_migrations ORDER BY version")
    ).getRowObjectsJson();
    expect(recorded.map((r) => r.version)).toEqual(known);
    expect(recorded[0]?.name).toBe("transform-runs");
    first.close();
    const second = await openWarehouse(path);
    expect(second.migrationsApplied).toEqual([]);
    second.close();
  });

  it("come after ingest's landing layer, which opening ensures, in either order", async () => {
    const path = tempPath();
    const instance = await DuckDBInstance.create(path);
    const connection = await instance.connect();
    await ensureLandingSchema(connection); // ingest first
    connection.closeSync();
    instance.closeSync();
    const warehouse = await openWarehouse(path);
    await ensureLandingSchema(warehouse.connection); // and again afterwards
    const tables = (
      await warehouse.connection.runAndReadAll("SELECT table_name FROM information_schema.tables ORDER BY 1")
    ).getRowObjectsJson();
    const names = tables.map((t) => String(t.table_name));
    expect(names).toContain("raw_workforce_absence_monthly");
    expect(names).toContain("schema_migrations");
    expect(names).toContain("transform_runs");
    warehouse.close();
    // a new file gets the landing layer (ingest's DDL, run by openWarehouse: the one place
    // downstream of ingest that ensures it) before the migrations, so it starts empty but whole
    const bare = await openWarehouse(tempPath());
    const bareNames = (
      await bare.connection.runAndReadAll("SELECT table_name FROM information_schema.tables")
    ).getRowObjectsJson();
    expect(bareNames.map((t) => String(t.table_name))).toContain("raw_workforce_absence_monthly");
    bare.close();
  });

  it("refuse a warehouse written by a newer schema, with a typed error and a clear message", async () => {
    const path = tempPath();
    const warehouse = await openWarehouse(path);
    const newest = knownMigrations().at(-1)?.version ?? 0;
    await warehouse.connection.run(
      `INSERT INTO schema_migrations (version, name) VALUES (${newest + 1}, 'from-the-future')`,
    );
    warehouse.close();
    const opening = openWarehouse(path);
    await expect(opening).rejects.toBeInstanceOf(WarehouseSchemaTooNewError);
    await expect(openWarehouse(path)).rejects.toThrow(
      new RegExp(
        `schema version ${newest + 1}, but this version of ohwb only knows versions up to ${newest}`,
      ),
    );
  });
});
