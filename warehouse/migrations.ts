/**
 * Versioned schema migrations: warehouse/migrations/NNNN-name.sql, applied in
 * order when a warehouse is opened and recorded in `schema_migrations`.
 * Landing tables (raw_*, dead_letter, ingest_offsets) belong to ingest and are
 * never created or altered here.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import { OhwbError } from "../core/errors.js";
import { projectRoot } from "../core/project-root.js";
import { warehouseMessages as message } from "./warehouse-messages.js";

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const fileNamePattern = /^(\d{4})-([a-z0-9-]+)\.sql$/;

/** The warehouse's schema is newer than this code: refuse rather than guess. */
export class WarehouseSchemaTooNewError extends OhwbError {
  constructor(path: string, found: number, known: number) {
    super("WAREHOUSE_SCHEMA_TOO_NEW", message.warehouseSchemaTooNew(path, found, known), {
      context: { path, found, known },
    });
  }
}

export class MigrationFailedError extends OhwbError {
  constructor(migration: Migration, cause: unknown) {
    super(
      "WAREHOUSE_MIGRATION_FAILED",
      message.warehouseMigrationFailed(migration.version, migration.name, String(cause)),
      {
        context: { version: migration.version, name: migration.name },
        cause,
      },
    );
  }
}

export function migrationsDirectory(): string {
  return join(projectRoot(), "warehouse", "migrations");
}

/** Every migration shipped with the code, in version order. */
export function knownMigrations(directory = migrationsDirectory()): Migration[] {
  const migrations = readdirSync(directory)
    .map((file) => ({ file, match: fileNamePattern.exec(file) }))
    .filter((entry): entry is { file: string; match: RegExpExecArray } => entry.match !== null)
    .map(({ file, match }) => ({
      version: Number(match[1]),
      name: match[2] ?? file,
      sql: readFileSync(join(directory, file), "utf8"),
    }))
    .sort((a, b) => a.version - b.version);
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new OhwbError(
        "WAREHOUSE_MIGRATIONS_GAP",
        message.warehouseMigrationsGap(index + 1, migration.version),
      );
    }
  });
  return migrations;
}

/** Applies every migration not yet recorded; returns the versions applied. */
export async function applyMigrations(
  connection: DuckDBConnection,
  path: string,
  migrations: Migration[] = knownMigrations(),
): Promise<number[]> {
  await connection.run(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)`);
  const reader = await connection.runAndReadAll(
    "SELECT coalesce(max(version), 0) AS version FROM schema_migrations",
  );
  const current = Number(reader.getRowObjectsJson()[0]?.version ?? 0);
  const known = migrations.at(-1)?.version ?? 0;
  if (current > known) throw new WarehouseSchemaTooNewError(path, current, known);
  const applied: number[] = [];
  for (const migration of migrations.filter((m) => m.version > current)) {
    // One transaction per migration: a failure leaves the schema at the previous version.
    await connection.run("BEGIN TRANSACTION");
    try {
      await connection.run(migration.sql);
      await connection.run("INSERT INTO schema_migrations (version, name) VALUES ($version, $name)", {
        version: migration.version,
        name: migration.name,
      });
      await connection.run("COMMIT");
    } catch (error) {
      await connection.run("ROLLBACK");
      throw new MigrationFailedError(migration, error);
    }
    applied.push(migration.version);
  }
  return applied;
}
