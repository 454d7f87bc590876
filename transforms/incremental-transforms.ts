/**
 * Incremental transforms: after new events, recompute only what they touch. This file only chooses
 * and sequences; each way of refreshing a model is its own strategy in incremental/.
 *
 * 1. transform_state keeps the high-water marks of the last build and a hash of its settings (as-of
 *    date, value model, model SQL; incremental/high-water-marks.ts). No state, other settings, a
 *    model table missing, or `full: true` → a full build (run-transforms.ts), and the marks are
 *    recorded.
 * 2. New rows = ingested_at above the mark. A model is "dirty" when it reads a landing table with new
 *    rows or depends on a model that changed; clean models are not touched at all.
 * 3. Dirty models are refreshed in dependency order, in one transaction, by the strategy their
 *    header's `incremental:` line names (append, key, periods, sum, compare: see transforms/README.md).
 *    Each leaves the rows it removed and added in TEMP tables old__<model> and new__<model> for the
 *    models downstream. A strategy that cannot apply (an upstream rebuilt whole, say), or a model
 *    without the line, is rebuilt whole, and downstream is told "everything changed".
 *    Dimensions and seeds are rebuilt as candidates and compared with the current table; any
 *    difference (an organisation moved ICB) falls back to a full build, because every mart row may move.
 *    A model's SQL is reused unchanged for a partial refresh: its inputs are shadowed by TEMP views
 *    filtered to the affected keys or periods.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { inTransaction } from "../core/duckdb.js";
import { OhwbError } from "../core/errors.js";
import { quoteIdentifier as id } from "../core/sql-quote.js";
import { rawTableNames } from "../ingest/landing-schema.js";
import { dependencyOrder } from "./dependency-order.js";
import { appendStrategy } from "./incremental/append-strategy.js";
import { compareStrategy, differences } from "./incremental/compare-strategy.js";
import {
  captureMarks,
  dropCapturedMarks,
  type Marks,
  newRowsOf,
  readMarks,
  saveMarks,
} from "./incremental/high-water-marks.js";
import { keyStrategy } from "./incremental/key-strategy.js";
import { periodsStrategy } from "./incremental/periods-strategy.js";
import { RefreshContext, readRows } from "./incremental/refresh-context.js";
import type { RefreshStrategies, RefreshStrategy } from "./incremental/refresh-strategy.js";
import { settingsHash, staleAfterSelect } from "./incremental/settings-hash.js";
import { sumStrategy } from "./incremental/sum-strategy.js";
import { loadModels, type Model } from "./model-catalogue.js";
import { type ModelBuild, runTransforms, type TransformOptions } from "./run-transforms.js";
import { createMacros, loadMacros } from "./sql-macros.js";
import { checkAsOf, renderSql, type SqlParameters } from "./sql-parameters.js";
import { ModelBuildError } from "./transform-errors.js";
import { transformMessages as message } from "./transform-messages.js";
import { loadValueModel } from "./value-model-config.js";

export interface IncrementalResult {
  /** "selected": `--select` (selected-transforms.ts) rebuilt only the models it names. */
  mode: "full" | "incremental" | "selected";
  /** Why a full build ran, when it did. */
  reason?: string;
  asOf: string;
  /** Landing rows above the marks: built by an incremental run; left for the next plain run by --select. */
  newRows: Record<string, number>;
  builds: ModelBuild[];
  /** --select: the models selected, in build order. */
  selected?: string[];
}

const strategies: RefreshStrategies = {
  append: appendStrategy,
  key: keyStrategy,
  periods: periodsStrategy,
  sum: sumStrategy,
  compare: compareStrategy,
};

class FallBackToFull extends Error {}

export async function runIncrementalTransforms(
  connection: DuckDBConnection,
  options: TransformOptions,
): Promise<IncrementalResult> {
  const asOf = checkAsOf(options.asOf);
  const valueModel = options.valueModel ?? loadValueModel();
  const models = dependencyOrder(options.models ?? loadModels());
  const macros = options.macros ?? loadMacros();
  const parameters: SqlParameters = { asOf, freshnessMonths: 0, valueModel };
  const hash = settingsHash(asOf, valueModel, models, macros);

  const full = async (reason: string): Promise<IncrementalResult> => {
    await captureMarks(connection);
    const result = await runTransforms(connection, { ...options, asOf, valueModel, macros, full: true });
    await saveMarks(connection, asOf, hash);
    return { mode: "full", reason, asOf, newRows: {}, builds: result.builds };
  };

  if (options.full) return full("requested");
  const stateRows = await readRows(
    connection,
    "SELECT DISTINCT settings_hash, strftime(as_of, '%Y-%m-%d') AS as_of FROM transform_state",
  );
  if (stateRows.length !== 1) return full("no transform state");
  if (stateRows[0]?.settings_hash === staleAfterSelect) return full(message.selectStale());
  if (stateRows[0]?.settings_hash !== hash) return full("settings, model or macro SQL changed");
  const existing = new Set(
    (
      await readRows(
        connection,
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'",
      )
    ).map((row) => String(row.table_name)),
  );
  const missing = models.find((model) => !existing.has(model.name));
  if (missing) return full(`model ${missing.name} not built`);

  await captureMarks(connection);
  const marks = await readMarks(connection);
  const catalog = String((await readRows(connection, "SELECT current_database() AS d"))[0]?.d);
  const rowsRead = new Set(models.filter((model) => model.incremental).flatMap((model) => model.depends));
  const newRows = await countNewRows(connection, marks);
  const context = new RefreshContext(connection, catalog, newRows, marks, rowsRead, options.profile);
  if (Object.keys(context.newRows).length === 0) {
    await dropCapturedMarks(connection);
    return { mode: "incremental", asOf, newRows: {}, builds: [] };
  }

  let builds: ModelBuild[];
  try {
    builds = await inTransaction(connection, async () => {
      await createMacros(connection, macros);
      const built: ModelBuild[] = [];
      for (const model of models) {
        const began = performance.now();
        const strategy = await refreshIfDirty(context, model, renderSql(model.sql, parameters, model.path));
        if (strategy === undefined) continue;
        const [counted] = await context.read(`SELECT count(*) AS n FROM ${id(model.name)}`);
        built.push({
          name: model.name,
          layer: model.layer,
          rows: Number(counted?.n ?? 0),
          milliseconds: performance.now() - began,
          strategy,
        });
      }
      return built;
    });
  } catch (error) {
    await context.dropTemporaries();
    if (error instanceof FallBackToFull) return full(error.message);
    throw error;
  }
  await context.dropTemporaries();
  await saveMarks(connection, asOf, hash);
  await connection.run(
    `INSERT INTO transform_runs (run_id, started_at, finished_at, as_of, full_refresh, models_built)
     SELECT coalesce(max(run_id), 0) + 1, current_timestamp, current_timestamp, $as_of::DATE, false, $n FROM transform_runs`,
    { as_of: asOf, n: builds.length },
  );
  return { mode: "incremental", asOf, newRows: context.newRows, builds };
}

/** Landing tables with rows above their mark, and how many. */
export async function countNewRows(
  connection: DuckDBConnection,
  marks: Marks,
): Promise<Record<string, number>> {
  const newRows: Record<string, number> = {};
  for (const table of rawTableNames()) {
    const [row] = await readRows(
      connection,
      `SELECT count(*) AS n FROM ${id(table)} WHERE ${newRowsOf(marks, table)}`,
    );
    const n = Number(row?.n ?? 0);
    if (n > 0) newRows[table] = n;
  }
  return newRows;
}

/**
 * Refreshes one model when it is dirty; returns how (for the build log), or undefined when it was
 * clean or is an unchanged dimension or seed.
 */
async function refreshIfDirty(
  context: RefreshContext,
  model: Model,
  select: string,
): Promise<string | undefined> {
  const isDirty =
    model.reads.some((table) => table in context.newRows) ||
    model.depends.some((name) => context.changes.has(name));
  if (!isDirty) return undefined;
  try {
    if (model.layer === "dimensions" || model.layer === "seeds") {
      if (await differences(context, model, select)) throw new FallBackToFull(`${model.name} changed`);
      return undefined; // unchanged: nothing downstream needs it rebuilt
    }
    const spec = model.incremental;
    const strategy = spec && (strategies[spec.kind] as RefreshStrategy);
    const refreshed = spec && strategy ? await strategy.refresh(context, model, select, spec) : undefined;
    if (refreshed) return refreshed;
    await context.dropShadows();
    await context.run(`CREATE OR REPLACE TABLE ${id(model.name)} AS\n${select}`);
    context.changes.set(model.name, "whole");
    return "whole";
  } catch (error) {
    if (error instanceof FallBackToFull || error instanceof OhwbError) throw error;
    throw new ModelBuildError(model, error);
  }
}
