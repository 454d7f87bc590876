/**
 * Shared SQL: DuckDB macros in transforms/macros/<name>.sql, one `CREATE OR REPLACE TEMP MACRO <name>`
 * per file under a `-- description:` header, created by the runners on their connection before any
 * model is built, so a rule written once (the latest-version tie-break, a median from counts, the
 * rolling 12-month rate) serves every model that needs it. TEMP: they belong to the build, not to the
 * warehouse file analysts open.
 */
import { join } from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import { projectRoot } from "../core/project-root.js";
import { readSqlFiles } from "./sql-files.js";
import { ModelBuildError, ModelDefinitionError } from "./transform-errors.js";

export interface SqlMacro {
  name: string;
  description: string;
  path: string;
  /** The CREATE OR REPLACE TEMP MACRO statement. */
  sql: string;
}

export function macrosDirectory(): string {
  return join(projectRoot(), "transforms", "macros");
}

export function loadMacros(directory = macrosDirectory()): SqlMacro[] {
  return readSqlFiles(directory).map(({ name, path, sql, header }) => {
    const body = sql.replace(/^(--.*\n)+/, "");
    if (!new RegExp(`^CREATE OR REPLACE TEMP MACRO ${name}\\(`).test(body))
      throw new ModelDefinitionError(`${path}: must hold one "CREATE OR REPLACE TEMP MACRO ${name}(…)"`, {
        path,
      });
    return { name, description: header.description, path, sql };
  });
}

/** Creates the macros on this connection (before the models that use them are built). */
export async function createMacros(connection: DuckDBConnection, macros: readonly SqlMacro[]): Promise<void> {
  for (const macro of macros) {
    try {
      await connection.run(macro.sql);
    } catch (error) {
      throw new ModelBuildError(macro, error);
    }
  }
}
