/**
 * `ohwb transform --select`: rebuilds only the models a selection names (model-selection.ts), each
 * whole (CREATE OR REPLACE … AS its SELECT over its current inputs), in dependency order, in one
 * transaction; every other model is left as it is.
 *
 * It keeps the incremental engine's invariant — every table equals a full build of the landing rows
 * up to the high-water marks, with the settings hash in transform_state — so the next plain build is
 * still correct:
 * - landing rows that arrived after the last build are hidden from the selected models (TEMP views
 *   over the landing tables, cut at the marks), so they see the same events as the models left
 *   alone; the marks do not move, and the next plain build adds those rows everywhere;
 * - the as-of date is the last build's (a different --as-of is refused);
 * - when the models' SQL, the macros or the value model differ from the last build's, the state is
 *   marked stale, so the next plain build is a full one.
 * A warehouse never built (no transform state) is refused: run a plain `ohwb transform` first. An
 * unselected model that a selected one reads must already be built; `+MODEL` builds it too.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { inTransaction } from "../core/duckdb.js";
import { OhwbError } from "../core/errors.js";
import { quoteIdentifier as id } from "../core/sql-quote.js";
import { ensureLandingSchema } from "../ingest/landing-schema.js";
import { dependencyOrder } from "./dependency-order.js";
import { newRowsOf, readMarks } from "./incremental/high-water-marks.js";
import { readRows } from "./incremental/refresh-context.js";
import { settingsHash, staleAfterSelect } from "./incremental/settings-hash.js";
import { countNewRows, type IncrementalResult } from "./incremental-transforms.js";
import { loadModels, type Model } from "./model-catalogue.js";
import { parseSelection, selectModels } from "./model-selection.js";
import type { ModelBuild } from "./run-transforms.js";
import { createMacros, loadMacros, type SqlMacro } from "./sql-macros.js";
import { checkAsOf, renderSql } from "./sql-parameters.js";
import { ModelBuildError, SelectedBuildRefusedError } from "./transform-errors.js";
import { transformMessages as message } from "./transform-messages.js";
import { loadValueModel, type ValueModel } from "./value-model-config.js";

export interface SelectedTransformOptions {
  /** `--select` values, dbt's selector syntax (model-selection.ts). */
  select: string | readonly string[];
  /** Must be the last build's when given; default: the last build's. */
  asOf?: string;
  /** For messages: the warehouse file. */
  warehousePath?: string;
  models?: Model[];
  macros?: SqlMacro[];
  valueModel?: ValueModel;
}

/** The selected models in build order, without touching a warehouse (a typo fails before any work). */
export function orderedSelection(models: readonly Model[], select: string | readonly string[]): Model[] {
  const selected = selectModels(models, parseSelection(select));
  return dependencyOrder(models).filter((model) => selected.has(model.name));
}

export async function runSelectedTransforms(
  connection: DuckDBConnection,
  options: SelectedTransformOptions,
): Promise<IncrementalResult> {
  const models = dependencyOrder(options.models ?? loadModels());
  const chosen = orderedSelection(models, options.select);
  const macros = options.macros ?? loadMacros();
  const valueModel = options.valueModel ?? loadValueModel();
  const where = options.warehousePath ?? "this warehouse";
  await ensureLandingSchema(connection);

  const state = await readRows(
    connection,
    "SELECT DISTINCT settings_hash, strftime(as_of, '%Y-%m-%d') AS as_of FROM transform_state",
  );
  const built = state.length === 1 ? state[0] : undefined;
  if (!built) throw new SelectedBuildRefusedError(message.selectNeverBuilt(where), { warehouse: where });
  const asOf = String(built.as_of);
  if (options.asOf !== undefined && checkAsOf(options.asOf) !== asOf)
    throw new SelectedBuildRefusedError(message.selectAsOfDiffers(options.asOf, asOf), {
      asOf: options.asOf,
      built: asOf,
    });

  const tables = new Set(
    (
      await readRows(
        connection,
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'",
      )
    ).map((row) => String(row.table_name)),
  );
  const selected = new Set(chosen.map((model) => model.name));
  for (const model of chosen) {
    const missing = model.depends.find((name) => !selected.has(name) && !tables.has(name));
    if (missing)
      throw new SelectedBuildRefusedError(message.selectUpstreamMissing(model.name, missing), {
        model: model.name,
        upstream: missing,
      });
  }

  const marks = await readMarks(connection);
  const newRows = await countNewRows(connection, marks);
  const catalog = String((await readRows(connection, "SELECT current_database() AS d"))[0]?.d);
  const table = (name: string) => `${id(catalog)}.main.${id(name)}`;
  const parameters = { asOf, freshnessMonths: 0, valueModel };
  const stale = settingsHash(asOf, valueModel, models, macros) !== built.settings_hash;
  const hidden = Object.keys(newRows);
  try {
    const builds = await inTransaction(connection, async () => {
      await createMacros(connection, macros);
      for (const raw of hidden)
        await connection.run(
          `CREATE OR REPLACE TEMP VIEW ${id(raw)} AS SELECT * FROM ${table(raw)} WHERE NOT (${newRowsOf(marks, raw)})`,
        );
      const done: ModelBuild[] = [];
      for (const model of chosen) {
        const began = performance.now();
        try {
          const select = renderSql(model.sql, parameters, model.path);
          await connection.run(`CREATE OR REPLACE TABLE ${table(model.name)} AS\n${select}`);
          const [counted] = await readRows(connection, `SELECT count(*) AS n FROM ${table(model.name)}`);
          done.push({
            name: model.name,
            layer: model.layer,
            rows: Number(counted?.n ?? 0),
            milliseconds: performance.now() - began,
            strategy: "whole (selected)",
          });
        } catch (error) {
          throw error instanceof OhwbError ? error : new ModelBuildError(model, error);
        }
      }
      if (stale)
        await connection.run("UPDATE transform_state SET settings_hash = $stale", {
          stale: staleAfterSelect,
        });
      await connection.run(
        `INSERT INTO transform_runs (run_id, started_at, finished_at, as_of, full_refresh, models_built)
         SELECT coalesce(max(run_id), 0) + 1, current_timestamp, current_timestamp, $as_of::DATE, false, $n FROM transform_runs`,
        { as_of: asOf, n: done.length },
      );
      return done;
    });
    return { mode: "selected", asOf, newRows, builds, selected: chosen.map((model) => model.name) };
  } finally {
    for (const raw of hidden) await connection.run(`DROP VIEW IF EXISTS temp.main.${id(raw)}`);
  }
}
