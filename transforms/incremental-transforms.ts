/**
 * Incremental transforms: after new events, recompute only what they touch.
 *
 * Mechanism
 * 1. transform_state (migration 0003) keeps, per landing table, the highest
 *    ingested_at already built, plus a hash of the build settings (as-of
 *    date, value model, model SQL). No state, other settings, a model table
 *    missing, or `full: true` → a full build (run-transforms.ts), and the high-
 *    water marks are recorded. Ingest stamps ingested_at when a batch commits,
 *    so rows committed later have a later ingested_at.
 * 2. New rows = ingested_at above the mark. A model is "dirty" when it reads a
 *    landing table with new rows or depends on a dirty model; clean models are
 *    not touched at all.
 * 3. Dirty models are rebuilt in dependency order, in one transaction:
 *    - stg_absence_episode: delete-and-reinsert the absence_ids in the new
 *      rows, recomputed from only those episodes' events;
 *    - fct_absence_days: for the people whose episodes changed, subtract
 *      their contribution computed from their episodes before the change and
 *      add the one from after it, key by key (month, organisation, staff
 *      group, reason); keys left with no days are deleted. The one-absence-
 *      per-person-day rule only involves one person's episodes, so this is
 *      exact (FTE sums may differ from a full build in the last bits);
 *    - mart_absence_rate: delete-and-reinsert the months with a change in
 *      fct_absence_days or new FTE rows (England rows need every
 *      organisation of the month);
 *    - dimensions and seeds: rebuilt as candidates and compared with the
 *      current table; any difference (e.g. an organisation moved ICB) falls
 *      back to a full build, because every mart row may move;
 *    - every other dirty model is rebuilt whole. These are the small ones
 *      (FTE and published staging, marts built from facts or marts) and the
 *      OH event facts, which are re-derived from their landing tables: an OH
 *      event batch costs a pass over the OH landing tables (see BENCHMARKS.md).
 *    A model's SQL is reused unchanged for a partition: its inputs are
 *    shadowed by TEMP views filtered to the affected keys.
 */
import { createHash } from "node:crypto";
import type { DuckDBConnection } from "@duckdb/node-api";
import { OhwbError } from "../core/errors.js";
import { ensureLandingSchema, rawTableNames } from "../ingest/landing-schema.js";
import { dependencyOrder } from "./dependency-order.js";
import { loadModels } from "./model-catalogue.js";
import { type ModelBuild, ModelBuildError, runTransforms, type TransformOptions } from "./run-transforms.js";
import { checkAsOf, renderSql, type SqlParameters } from "./sql-parameters.js";
import { loadValueModel } from "./value-model-config.js";

export interface IncrementalResult {
  mode: "full" | "incremental";
  /** Why a full build ran, when it did. */
  reason?: string;
  asOf: string;
  newRows: Record<string, number>;
  builds: ModelBuild[];
}

class FallBackToFull extends Error {}

const ABSENCE_TABLES = [
  "raw_workforce_absence_started",
  "raw_workforce_absence_updated",
  "raw_workforce_absence_ended",
  "raw_workforce_absence_cancelled",
];

export async function runIncrementalTransforms(
  connection: DuckDBConnection,
  options: TransformOptions,
): Promise<IncrementalResult> {
  const asOf = checkAsOf(options.asOf);
  const valueModel = options.valueModel ?? loadValueModel();
  const models = dependencyOrder(options.models ?? loadModels());
  const parameters: SqlParameters = { asOf, freshnessMonths: 0, valueModel };
  const settingsHash = createHash("sha256")
    .update(JSON.stringify({ asOf, valueModel, models: models.map((m) => [m.name, m.sql]) }))
    .digest("hex");
  await ensureLandingSchema(connection);

  const full = async (reason: string): Promise<IncrementalResult> => {
    await captureMarks(connection);
    const result = await runTransforms(connection, { ...options, asOf, valueModel, full: true });
    await saveMarks(connection, asOf, settingsHash);
    return { mode: "full", reason, asOf, newRows: {}, builds: result.builds };
  };

  if (options.full) return full("requested");
  const stateRows = await read(
    connection,
    "SELECT DISTINCT settings_hash, strftime(as_of, '%Y-%m-%d') AS as_of FROM transform_state",
  );
  if (stateRows.length !== 1) return full("no transform state");
  if (stateRows[0]?.settings_hash !== settingsHash) return full("settings or model SQL changed");
  const existing = new Set(
    (
      await read(connection, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'")
    ).map((row) => String(row.table_name)),
  );
  const missing = models.find((model) => !existing.has(model.name));
  if (missing) return full(`model ${missing.name} not built`);

  await captureMarks(connection);
  const newRows: Record<string, number> = {};
  for (const table of rawTableNames()) {
    const [row] = await read(connection, `SELECT count(*) AS n FROM ${table} WHERE ${isNew(table)}`);
    const n = Number(row?.n ?? 0);
    if (n > 0) newRows[table] = n;
  }
  if (Object.keys(newRows).length === 0) {
    await connection.run("DROP TABLE temp.main.captured_marks");
    return { mode: "incremental", asOf, newRows, builds: [] };
  }

  const catalog = String((await read(connection, "SELECT current_database() AS d"))[0]?.d);
  const builds: ModelBuild[] = [];
  await connection.run("BEGIN TRANSACTION");
  try {
    await collectAffectedEpisodes(connection);
    const dirty = new Set<string>();
    for (const model of models) {
      const isDirty =
        model.reads.some((table) => table in newRows) || model.depends.some((name) => dirty.has(name));
      if (!isDirty) continue;
      const began = performance.now();
      try {
        const select = renderSql(model.sql, parameters, model.path);
        if (model.layer === "dimensions" || model.layer === "seeds") {
          if (await differs(connection, model.name, select))
            throw new FallBackToFull(`${model.name} changed`);
          continue; // unchanged: nothing downstream needs it rebuilt
        }
        if (model.name === "stg_absence_episode") await rebuildEpisodes(connection, catalog, select);
        else if (model.name === "fct_absence_days") await rebuildAbsenceDays(connection, catalog, select);
        else if (model.name === "mart_absence_rate") await rebuildRateMonths(connection, catalog, select);
        else await connection.run(`CREATE OR REPLACE TABLE ${model.name} AS\n${select}`);
      } catch (error) {
        if (error instanceof FallBackToFull || error instanceof OhwbError) throw error;
        throw new ModelBuildError(model, error);
      }
      dirty.add(model.name);
      const [counted] = await read(connection, `SELECT count(*) AS n FROM ${model.name}`);
      builds.push({
        name: model.name,
        layer: model.layer,
        rows: Number(counted?.n ?? 0),
        milliseconds: performance.now() - began,
      });
    }
    await connection.run("COMMIT");
  } catch (error) {
    await connection.run("ROLLBACK");
    await dropTemporaries(connection);
    if (error instanceof FallBackToFull) return full(error.message);
    throw error;
  }
  await dropTemporaries(connection);
  await saveMarks(connection, asOf, settingsHash);
  await connection.run(
    `INSERT INTO transform_runs (run_id, started_at, finished_at, as_of, full_refresh, models_built)
     SELECT coalesce(max(run_id), 0) + 1, current_timestamp, current_timestamp, $as_of::DATE, false, $n FROM transform_runs`,
    { as_of: asOf, n: builds.length },
  );
  return { mode: "incremental", asOf, newRows, builds };
}

/** Rows of a landing table above its high-water mark. */
function isNew(table: string): string {
  return `ingested_at > coalesce((SELECT high_water_ingested_at FROM transform_state WHERE raw_table = '${table}'), TIMESTAMPTZ '-infinity')`;
}

async function read(connection: DuckDBConnection, sql: string): Promise<Record<string, unknown>[]> {
  return (await connection.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
}

/** Captures each landing table's current max(ingested_at), before building, into a temp table. */
async function captureMarks(connection: DuckDBConnection): Promise<void> {
  const marks = rawTableNames()
    .map((table) => `SELECT '${table}' AS raw_table, max(ingested_at) AS mark FROM ${table}`)
    .join(" UNION ALL ");
  await connection.run(`CREATE OR REPLACE TEMP TABLE captured_marks AS ${marks}`);
}

async function saveMarks(connection: DuckDBConnection, asOf: string, hash: string): Promise<void> {
  await connection.run("DELETE FROM transform_state");
  await connection.run(
    `INSERT INTO transform_state SELECT raw_table, mark, $as_of::DATE, $hash, current_timestamp FROM captured_marks`,
    { as_of: asOf, hash },
  );
  await connection.run("DROP TABLE temp.main.captured_marks");
}

/**
 * The absence_ids in new rows, the people they belong to (old and new
 * versions), and those people's episodes as they stand before this build.
 */
async function collectAffectedEpisodes(connection: DuckDBConnection): Promise<void> {
  const newRows = (column: string) =>
    ABSENCE_TABLES.map(
      (table) => `SELECT payload ->> '${column}' AS key FROM ${table} WHERE ${isNew(table)}`,
    ).join(" UNION ");
  await connection.run(
    `CREATE OR REPLACE TEMP TABLE affected_absence AS SELECT key AS absence_id FROM (${newRows("absence_id")})`,
  );
  await connection.run(
    `CREATE OR REPLACE TEMP TABLE affected_person AS
     SELECT coalesce(staff_id, absence_id) AS person_key
     FROM stg_absence_episode WHERE absence_id IN (SELECT absence_id FROM affected_absence)
     UNION SELECT key FROM (${newRows("staff_id")}) WHERE key IS NOT NULL
     UNION SELECT absence_id FROM affected_absence`,
  );
  await connection.run(
    `CREATE OR REPLACE TEMP TABLE old_person_episode AS
     SELECT * FROM stg_absence_episode
     WHERE coalesce(staff_id, absence_id) IN (SELECT person_key FROM affected_person)`,
  );
  await connection.run(
    `CREATE OR REPLACE TEMP TABLE affected_month AS
     SELECT DISTINCT last_day(TRY_CAST(payload ->> 'month_end' AS DATE)) AS month_end
     FROM raw_workforce_fte_monthly WHERE ${isNew("raw_workforce_fte_monthly")}`,
  );
}

async function shadow(connection: DuckDBConnection, name: string, select: string): Promise<void> {
  await connection.run(`CREATE OR REPLACE TEMP VIEW ${name} AS ${select}`);
}

async function rebuildEpisodes(connection: DuckDBConnection, catalog: string, select: string): Promise<void> {
  for (const table of ABSENCE_TABLES) {
    await shadow(
      connection,
      table,
      `SELECT * FROM "${catalog}".main.${table} WHERE payload ->> 'absence_id' IN (SELECT absence_id FROM affected_absence)`,
    );
  }
  await connection.run(
    "DELETE FROM stg_absence_episode WHERE absence_id IN (SELECT absence_id FROM affected_absence)",
  );
  await connection.run(`INSERT INTO stg_absence_episode BY NAME ${select}`);
  for (const table of ABSENCE_TABLES) await connection.run(`DROP VIEW temp.main.${table}`);
}

/**
 * fct_absence_days is a sum over person-days, and the one-absence-per-person-
 * day rule only looks at one person's episodes, so each person's contribution
 * is separable: subtract the affected people's old contribution, add their new
 * one. Cost follows the people whose episodes changed, not the warehouse.
 */
async function rebuildAbsenceDays(
  connection: DuckDBConnection,
  catalog: string,
  select: string,
): Promise<void> {
  await shadow(connection, "stg_absence_episode", "SELECT * FROM old_person_episode");
  await connection.run(`CREATE OR REPLACE TEMP TABLE old_contribution AS ${select}`);
  await shadow(
    connection,
    "stg_absence_episode",
    `SELECT * FROM "${catalog}".main.stg_absence_episode
     WHERE coalesce(staff_id, absence_id) IN (SELECT person_key FROM affected_person)`,
  );
  await connection.run(`CREATE OR REPLACE TEMP TABLE new_contribution AS ${select}`);
  await connection.run("DROP VIEW temp.main.stg_absence_episode");
  await connection.run(
    `CREATE OR REPLACE TEMP TABLE absence_days_delta AS
     SELECT month_end, org_code, staff_group, reason_code,
       sum(calendar_days_lost) AS calendar_days_lost, sum(fte_days_lost) AS fte_days_lost
     FROM (
       SELECT month_end, org_code, staff_group, reason_code, calendar_days_lost, fte_days_lost FROM new_contribution
       UNION ALL
       SELECT month_end, org_code, staff_group, reason_code, -calendar_days_lost, -fte_days_lost FROM old_contribution
     )
     GROUP BY month_end, org_code, staff_group, reason_code`,
  );
  await connection.run(
    `CREATE OR REPLACE TEMP TABLE absence_days_merged AS
     SELECT delta.month_end, delta.org_code, delta.staff_group, delta.reason_code,
       coalesce(current.calendar_days_lost, 0) + delta.calendar_days_lost AS calendar_days_lost,
       coalesce(current.fte_days_lost, 0) + delta.fte_days_lost AS fte_days_lost
     FROM absence_days_delta AS delta
     LEFT JOIN fct_absence_days AS current USING (month_end, org_code, staff_group, reason_code)`,
  );
  await connection.run(
    `DELETE FROM fct_absence_days USING absence_days_delta AS delta
     WHERE fct_absence_days.month_end = delta.month_end AND fct_absence_days.org_code = delta.org_code
       AND fct_absence_days.staff_group = delta.staff_group AND fct_absence_days.reason_code = delta.reason_code`,
  );
  // a key whose days all went away disappears, as it would in a full build
  await connection.run(
    "INSERT INTO fct_absence_days BY NAME SELECT * FROM absence_days_merged WHERE calendar_days_lost <> 0",
  );
  await connection.run(
    "INSERT INTO affected_month SELECT DISTINCT month_end FROM absence_days_delta WHERE month_end NOT IN (SELECT month_end FROM affected_month)",
  );
}

/** mart_absence_rate, month by month: England rows need every organisation of the month. */
async function rebuildRateMonths(
  connection: DuckDBConnection,
  catalog: string,
  select: string,
): Promise<void> {
  for (const fact of ["fct_absence_days", "fct_fte_days_available"]) {
    await shadow(
      connection,
      fact,
      `SELECT * FROM "${catalog}".main.${fact} WHERE month_end IN (SELECT month_end FROM affected_month)`,
    );
  }
  await connection.run(
    "DELETE FROM mart_absence_rate WHERE month_end IN (SELECT month_end FROM affected_month)",
  );
  await connection.run(`INSERT INTO mart_absence_rate BY NAME ${select}`);
  for (const fact of ["fct_absence_days", "fct_fte_days_available"])
    await connection.run(`DROP VIEW temp.main.${fact}`);
}

/** Whether a dimension or seed would come out different from the table built last time. */
async function differs(connection: DuckDBConnection, name: string, select: string): Promise<boolean> {
  await connection.run(`CREATE OR REPLACE TEMP TABLE candidate AS ${select}`);
  const [row] = await read(
    connection,
    `SELECT count(*) AS n FROM (
       (SELECT * FROM candidate EXCEPT ALL SELECT * FROM ${name})
       UNION ALL
       (SELECT * FROM ${name} EXCEPT ALL SELECT * FROM candidate)
     )`,
  );
  await connection.run("DROP TABLE temp.main.candidate");
  return Number(row?.n ?? 0) > 0;
}

async function dropTemporaries(connection: DuckDBConnection): Promise<void> {
  for (const table of [
    "affected_absence",
    "old_episode",
    "new_fte_org_month",
    "changed_org_month",
    "affected_org_month",
  ]) {
    await connection.run(`DROP TABLE IF EXISTS temp.main.${table}`);
  }
}
