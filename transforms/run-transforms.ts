/**
 * Builds every model, in dependency order, as a table (CREATE OR REPLACE TABLE
 * … AS SELECT …) inside one transaction: a failing model leaves the previous
 * build in place. Landing tables a model reads but that have not received
 * events yet are created empty with ingest's layout, so a fresh warehouse builds.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { inTransaction } from "../core/duckdb.js";
import { OhwbError } from "../core/errors.js";
import { quoteIdentifier as id } from "../core/sql-quote.js";
import { rawTableNames } from "../ingest/landing-schema.js";
import { dependencyOrder } from "./dependency-order.js";
import { loadModels, type Model } from "./model-catalogue.js";
import { createMacros, loadMacros, type SqlMacro } from "./sql-macros.js";
import { checkAsOf, renderSql } from "./sql-parameters.js";
import { ModelBuildError, ModelDefinitionError } from "./transform-errors.js";
import { transformMessages as message } from "./transform-messages.js";
import { loadValueModel, type ValueModel } from "./value-model-config.js";

export interface TransformOptions {
  asOf: string;
  /** Rebuild everything. runTransforms always does; runIncrementalTransforms (incremental-transforms.ts) honours it. */
  full?: boolean;
  models?: Model[];
  /** The shared SQL macros; transforms/macros when not given. */
  macros?: SqlMacro[];
  /** Value-model assumptions; the committed default (or OHWB_VALUE_MODEL) when not given. */
  valueModel?: ValueModel;
  /** Receives one line per statement of an incremental refresh, with its time (config `transform.profile`). */
  profile?: (line: string) => void;
}

export interface ModelBuild {
  name: string;
  layer: string;
  rows: number;
  milliseconds: number;
  /** Incremental builds: how the model was refreshed (append, key …, periods, whole, …). */
  strategy?: string;
}

export interface TransformResult {
  runId: number;
  asOf: string;
  builds: ModelBuild[];
}

export async function runTransforms(
  connection: DuckDBConnection,
  options: TransformOptions,
): Promise<TransformResult> {
  const asOf = checkAsOf(options.asOf);
  const ordered = dependencyOrder(options.models ?? loadModels());
  const valueModel = options.valueModel ?? loadValueModel();
  const landingTables = new Set(rawTableNames());
  for (const model of ordered) {
    const unknown = model.reads.find((table) => !landingTables.has(table));
    if (unknown)
      throw new ModelDefinitionError(message.notALandingTable(model.path, unknown), { path: model.path });
  }

  const started = await connection.runAndReadAll(
    `INSERT INTO transform_runs (run_id, started_at, as_of, full_refresh)
     SELECT coalesce(max(run_id), 0) + 1, current_timestamp, $as_of::DATE, $full FROM transform_runs
     RETURNING run_id`,
    { as_of: asOf, full: options.full ?? true },
  );
  const runId = Number(started.getRowObjectsJson()[0]?.run_id);

  const builds = await inTransaction(connection, async () => {
    await createMacros(connection, options.macros ?? loadMacros());
    const built: ModelBuild[] = [];
    for (const model of ordered) {
      const began = performance.now();
      try {
        const select = renderSql(model.sql, { asOf, freshnessMonths: 0, valueModel }, model.path);
        await connection.run(`CREATE OR REPLACE TABLE ${id(model.name)} AS\n${select}`);
        const counted = await connection.runAndReadAll(`SELECT count(*) AS n FROM ${id(model.name)}`);
        built.push({
          name: model.name,
          layer: model.layer,
          rows: Number(counted.getRowObjectsJson()[0]?.n ?? 0),
          milliseconds: performance.now() - began,
        });
      } catch (error) {
        throw error instanceof OhwbError ? error : new ModelBuildError(model, error);
      }
    }
    return built;
  });
  await connection.run(
    "UPDATE transform_runs SET finished_at = current_timestamp, models_built = $n WHERE run_id = $run_id",
    { n: builds.length, run_id: runId },
  );
  return { runId, asOf, builds };
}

/** The as-of date of the latest finished transform run, if any. */
export async function lastTransformAsOf(connection: DuckDBConnection): Promise<string | undefined> {
  const reader = await connection.runAndReadAll(
    "SELECT strftime(as_of, '%Y-%m-%d') AS as_of FROM transform_runs WHERE finished_at IS NOT NULL ORDER BY run_id DESC LIMIT 1",
  );
  const value = reader.getRowObjectsJson()[0]?.as_of;
  return typeof value === "string" ? value : undefined;
}
