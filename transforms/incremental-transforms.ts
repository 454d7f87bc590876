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
 * 3. Dirty models are refreshed in dependency order, in one transaction, as
 *    their header's `incremental:` line says (sql-header.ts). Each refresh
 *    leaves the rows it removed and added in TEMP tables old__<model> and
 *    new__<model>, which is how the models downstream learn what changed:
 *    - `append` (typed event logs): insert what the new landing rows give;
 *    - `key COL`: the COL values in upstream changes (or new landing rows)
 *      are rebuilt: delete their rows, recompute them from inputs filtered to
 *      those values. `MODEL via COL2` maps an upstream without COL through
 *      this table's COL2 (a referral's ESR episode changes → its staff's
 *      referrals). An upstream that changed wholesale forces a whole rebuild;
 *    - `periods`: the reporting periods (dim_reporting_period: month, quarter,
 *      rolling 12 months) containing any date in the upstream changes are
 *      rebuilt, with dim_reporting_period narrowed to them;
 *    - `sum COL... [over KEY]`: run the SELECT over the changed upstream rows
 *      as they were and as they are, add the difference to the table (per
 *      KEY value when rows of one KEY combine in a join);
 *      fct_absence_days is one: a person's days only involve that person's
 *      episodes (one absence per person-day), so it is `sum ... over staff_id`;
 *    - mart_absence_rate: delete-and-reinsert the months with a change in
 *      fct_absence_days or new FTE rows (England rows need every
 *      organisation of the month);
 *    - dimensions and seeds: rebuilt as candidates and compared with the
 *      current table; any difference (e.g. an organisation moved ICB) falls
 *      back to a full build, because every mart row may move;
 *    - no `incremental:` line: the model is rebuilt whole (the small ones:
 *      FTE and published staging, marts built from other marts).
 *    A model's SQL is reused unchanged for a partial refresh: its inputs are
 *    shadowed by TEMP views filtered to the affected keys or periods.
 */
import { createHash } from "node:crypto";
import type { DuckDBConnection } from "@duckdb/node-api";
import { OhwbError } from "../core/errors.js";
import { warehouseMessages as message } from "../core/messages.js";
import { ensureLandingSchema, rawTableNames } from "../ingest/landing-schema.js";
import { dependencyOrder } from "./dependency-order.js";
import { loadModels, type Model } from "./model-catalogue.js";
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

/** What a refreshed model tells the models downstream: rows in old__/new__ tables, or "everything". */
type Change = "rows" | "whole";

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
  const marks = await readMarks(connection);
  const isNew = (table: string) => newRowsOf(marks, table);
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
  const build = new IncrementalBuild(connection, catalog, newRows, isNew);
  const builds: ModelBuild[] = [];
  await connection.run("BEGIN TRANSACTION");
  try {
    for (const model of models) {
      const isDirty =
        model.reads.some((table) => table in newRows) ||
        model.depends.some((name) => build.changes.has(name));
      if (!isDirty) continue;
      const began = performance.now();
      let strategy: string;
      try {
        const select = renderSql(model.sql, parameters, model.path);
        if (model.layer === "dimensions" || model.layer === "seeds") {
          if (await differs(connection, model.name, select))
            throw new FallBackToFull(`${model.name} changed`);
          continue; // unchanged: nothing downstream needs it rebuilt
        }
        strategy = await build.refresh(model, select);
      } catch (error) {
        if (error instanceof FallBackToFull || error instanceof OhwbError) throw error;
        throw new ModelBuildError(model, error);
      }
      const [counted] = await read(connection, `SELECT count(*) AS n FROM ${model.name}`);
      builds.push({
        name: model.name,
        layer: model.layer,
        rows: Number(counted?.n ?? 0),
        milliseconds: performance.now() - began,
        strategy,
      });
    }
    await connection.run("COMMIT");
  } catch (error) {
    await connection.run("ROLLBACK");
    await build.dropTemporaries();
    if (error instanceof FallBackToFull) return full(error.message);
    throw error;
  }
  await build.dropTemporaries();
  await saveMarks(connection, asOf, settingsHash);
  await connection.run(
    `INSERT INTO transform_runs (run_id, started_at, finished_at, as_of, full_refresh, models_built)
     SELECT coalesce(max(run_id), 0) + 1, current_timestamp, current_timestamp, $as_of::DATE, false, $n FROM transform_runs`,
    { as_of: asOf, n: builds.length },
  );
  return { mode: "incremental", asOf, newRows, builds };
}

/** The high-water marks of the last build, as literals. */
type Marks = Map<string, string>;

/**
 * Rows of a landing table above its high-water mark. The mark is a literal, not a subquery, so
 * DuckDB can skip the row groups whose ingested_at range lies below it (rows land in
 * ingested_at order) instead of reading the whole column.
 */
function newRowsOf(marks: Marks, table: string): string {
  return `ingested_at > TIMESTAMPTZ '${marks.get(table) ?? "-infinity"}'`;
}

async function readMarks(connection: DuckDBConnection): Promise<Marks> {
  const rows = await read(
    connection,
    "SELECT raw_table, CAST(high_water_ingested_at AS VARCHAR) AS mark FROM transform_state WHERE high_water_ingested_at IS NOT NULL",
  );
  return new Map(rows.map((row) => [String(row.raw_table), String(row.mark)]));
}

async function read(connection: DuckDBConnection, sql: string): Promise<Record<string, unknown>[]> {
  const began = performance.now();
  const rows = (await connection.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
  profile(sql, began);
  return rows;
}

/** OHWB_TRANSFORM_PROFILE=1 logs each statement of an incremental build with its time to stderr. */
function profile(sql: string, began: number): void {
  if (process.env.OHWB_TRANSFORM_PROFILE)
    process.stderr.write(
      `${(performance.now() - began).toFixed(0).padStart(6)} ms  ${sql.replace(/\s+/g, " ").slice(0, 160)}\n`,
    );
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

/** One incremental build: the refresh strategies and the changes they pass downstream. */
class IncrementalBuild {
  /** Refreshed models and how they changed. */
  readonly changes = new Map<string, Change>();
  private readonly temporaries = new Set<string>();
  private readonly views = new Set<string>();

  constructor(
    private readonly connection: DuckDBConnection,
    private readonly catalog: string,
    private readonly newRows: Record<string, number>,
    private readonly isNew: (table: string) => string,
  ) {}

  /** Refreshes one dirty model; returns the strategy used (for the build log). */
  async refresh(model: Model, select: string): Promise<string> {
    const spec = model.incremental;
    let strategy: string | undefined;
    if (model.name === "mart_absence_rate") strategy = await this.rateMonths(model, select);
    else if (spec?.kind === "append") strategy = await this.append(model, select);
    else if (spec?.kind === "key") strategy = await this.keys(model, select, spec.column, spec.via);
    else if (spec?.kind === "periods") strategy = await this.periods(model, select, spec.by);
    else if (spec?.kind === "sum") strategy = await this.sums(model, select, spec.measures, spec.over);
    if (strategy) return strategy;
    await this.run(`CREATE OR REPLACE TABLE ${model.name} AS\n${select}`);
    this.changes.set(model.name, "whole");
    return "whole";
  }

  /** Typed event logs: only the new landing rows go through the model's SELECT. */
  private async append(model: Model, select: string): Promise<string | undefined> {
    if (model.depends.some((name) => this.changes.has(name))) return undefined;
    for (const table of model.reads)
      await this.shadow(table, `SELECT * FROM ${this.main(table)} WHERE ${this.isNew(table)}`);
    await this.temp(`new__${model.name}`, select);
    await this.dropShadows();
    await this.temp(`old__${model.name}`, `SELECT * FROM ${model.name} LIMIT 0`);
    await this.run(`INSERT INTO ${model.name} BY NAME SELECT * FROM new__${model.name}`);
    this.changes.set(model.name, "rows");
    return "append";
  }

  /** Rebuilds the rows of the key values that new landing rows or upstream changes touch. */
  private async keys(
    model: Model,
    select: string,
    key: string,
    via: readonly { model: string; column: string }[],
  ): Promise<string | undefined> {
    const sources: string[] = [];
    for (const table of model.reads)
      if (table in this.newRows)
        sources.push(`SELECT payload ->> '${key}' AS k FROM ${this.main(table)} WHERE ${this.isNew(table)}`);
    const keyed: string[] = [];
    for (const upstream of model.depends) {
      const change = this.changes.get(upstream);
      const columns = change === "rows" || change === undefined ? await this.columnsOf(upstream) : [];
      if (columns.includes(key)) keyed.push(upstream);
      if (change === undefined) continue;
      if (change === "whole") return undefined;
      const changed = `(SELECT * FROM old__${upstream} UNION ALL SELECT * FROM new__${upstream})`;
      const mapping = via.find((entry) => entry.model === upstream);
      if (columns.includes(key)) sources.push(`SELECT ${key} AS k FROM ${changed}`);
      else if (mapping)
        sources.push(
          `SELECT ${key} AS k FROM ${model.name} WHERE ${mapping.column} IN (SELECT ${mapping.column} FROM ${changed})`,
        );
      else return undefined;
    }
    if (sources.length === 0) return undefined;
    const keys = `keys__${model.name}`;
    await this.temp(keys, `SELECT DISTINCT k FROM (${sources.join(" UNION ALL ")}) WHERE k IS NOT NULL`);
    for (const table of model.reads)
      await this.shadow(
        table,
        `SELECT * FROM ${this.main(table)} WHERE payload ->> '${key}' IN (SELECT k FROM ${keys})`,
      );
    for (const upstream of keyed)
      await this.shadow(
        upstream,
        `SELECT * FROM ${this.main(upstream)} WHERE ${key} IN (SELECT k FROM ${keys})`,
      );
    await this.temp(`new__${model.name}`, select);
    await this.dropShadows();
    await this.takeOut(model.name, `${model.name} AS t WHERE ${key} IN (SELECT k FROM ${keys})`);
    await this.run(`INSERT INTO ${model.name} BY NAME SELECT * FROM new__${model.name}`);
    await this.keepOnlyDifferences(model.name);
    this.changes.set(model.name, "rows");
    return `key ${key}`;
  }

  /** Rebuilds the reporting periods containing any date in the upstream changes. */
  private async periods(
    model: Model,
    select: string,
    by: readonly { model: string; column: string }[],
  ): Promise<string | undefined> {
    const dates: string[] = [];
    for (const upstream of model.depends) {
      const change = this.changes.get(upstream);
      if (change === undefined) continue;
      if (change === "whole") return undefined;
      const listed = by.filter((entry) => entry.model === upstream).map((entry) => entry.column);
      // an upstream the `by` list leaves out cannot be mapped to periods
      if (by.length > 0 && listed.length === 0) return undefined;
      for (const table of [`old__${upstream}`, `new__${upstream}`]) {
        for (const { name, type } of await this.typedColumnsOf(table, "temp")) {
          if (listed.length > 0 && !listed.includes(name)) continue;
          const column = `"${name}"`;
          if (type === "DATE") dates.push(`SELECT ${column} AS d FROM ${table}`);
          else if (type.startsWith("TIMESTAMP"))
            dates.push(`SELECT CAST(timezone('Europe/London', ${column}) AS DATE) AS d FROM ${table}`);
        }
      }
    }
    if (dates.length === 0) return undefined;
    const periods = `periods__${model.name}`;
    await this.temp(
      periods,
      `SELECT DISTINCT period_kind, period_end FROM ${this.main("dim_reporting_period")}
       WHERE date IN (SELECT d FROM (${dates.join(" UNION ")}))`,
    );
    await this.shadow(
      "dim_reporting_period",
      `SELECT period.* FROM ${this.main("dim_reporting_period")} AS period SEMI JOIN ${periods} USING (period_kind, period_end)`,
    );
    // With `by`, an upstream row reaches a period only through those DATE columns, so the upstream
    // can be narrowed to rows dated inside the affected periods before the joins and medians.
    const byModels = [...new Set(by.map((entry) => entry.model))];
    if (byModels.length > 0) {
      const dates = `dates__${model.name}`;
      await this.temp(dates, `SELECT DISTINCT date FROM dim_reporting_period`);
      for (const upstream of byModels) {
        const columns = by.filter((entry) => entry.model === upstream).map((entry) => entry.column);
        const types = new Map(
          (await this.typedColumnsOf(upstream, this.catalog)).map((column) => [column.name, column.type]),
        );
        if (columns.some((column) => types.get(column) !== "DATE")) continue;
        await this.shadow(
          upstream,
          `SELECT * FROM ${this.main(upstream)}
           WHERE ${columns.map((column) => `"${column}" IN (SELECT date FROM ${dates})`).join(" OR ")}`,
        );
      }
    }
    await this.temp(`new__${model.name}`, select);
    await this.dropShadows();
    await this.temp(
      `old__${model.name}`,
      `SELECT mart.* FROM ${model.name} AS mart SEMI JOIN ${periods} USING (period_kind, period_end)`,
    );
    await this.run(
      `DELETE FROM ${model.name} USING ${periods} AS p
       WHERE ${model.name}.period_kind = p.period_kind AND ${model.name}.period_end = p.period_end`,
    );
    await this.run(`INSERT INTO ${model.name} BY NAME SELECT * FROM new__${model.name}`);
    this.changes.set(model.name, "rows");
    return "periods";
  }

  /**
   * A GROUP BY of sums and counts moves by what its input's changes add and take away: the model's SELECT
   * runs over the changed input rows as they were and as they are, and the difference is added to the
   * table. Without `over`, each row of the one changed upstream counts on its own. With `over KEY`, rows
   * of one KEY value combine (a join on it): every upstream with KEY is read for the affected KEY values,
   * before (now − new__ + old__) and after (now).
   */
  private async sums(
    model: Model,
    select: string,
    measures: readonly string[],
    over: string | undefined,
  ): Promise<string | undefined> {
    const columns = await this.typedColumnsOf(model.name, this.catalog);
    const missing = measures.find((measure) => !columns.some((column) => column.name === measure));
    if (missing) throw new Error(message.incrementalSumColumnMissing(missing));
    const changed = model.depends.filter((name) => this.changes.has(name));
    if (model.reads.some((table) => table in this.newRows)) return undefined;
    if (changed.length === 0 || changed.some((name) => this.changes.get(name) === "whole")) return undefined;
    const before = `before__${model.name}`;
    const after = `after__${model.name}`;
    if (over === undefined) {
      // rows of two changed inputs may meet in a join: only one changed input is separable row by row
      const [upstream] = changed;
      if (changed.length !== 1 || upstream === undefined) return undefined;
      await this.shadow(upstream, `SELECT * FROM old__${upstream}`);
      await this.temp(before, select);
      await this.shadow(upstream, `SELECT * FROM new__${upstream}`);
      await this.temp(after, select);
    } else {
      const keyed: string[] = [];
      for (const upstream of model.depends)
        if ((await this.columnsOf(upstream)).includes(over)) keyed.push(upstream);
      if (changed.some((upstream) => !keyed.includes(upstream))) return undefined;
      const affected = `over__${model.name}`;
      await this.temp(
        affected,
        `SELECT DISTINCT ${over} AS k FROM (${changed
          .map((u) => `SELECT ${over} FROM old__${u} UNION ALL SELECT ${over} FROM new__${u}`)
          .join(" UNION ALL ")})`,
      );
      // the affected rows as they are now, read once: both the before and the after SELECT use them
      const now = (upstream: string) => `now__${model.name}__${upstream}`;
      for (const upstream of keyed)
        await this.temp(
          now(upstream),
          `SELECT * FROM ${this.main(upstream)} WHERE ${over} IN (SELECT k FROM ${affected})`,
        );
      for (const upstream of keyed)
        await this.shadow(
          upstream,
          changed.includes(upstream)
            ? `SELECT * FROM (SELECT * FROM ${now(upstream)} EXCEPT ALL SELECT * FROM new__${upstream})
               UNION ALL BY NAME SELECT * FROM old__${upstream}`
            : `SELECT * FROM ${now(upstream)}`,
        );
      await this.temp(before, select);
      for (const upstream of keyed) await this.shadow(upstream, `SELECT * FROM ${now(upstream)}`);
      await this.temp(after, select);
    }
    await this.dropShadows();

    const groups = columns
      .filter((column) => !measures.includes(column.name))
      .map((column) => `"${column.name}"`);
    if (groups.length === 0) return undefined;
    const sums = columns.filter((column) => measures.includes(column.name));
    const zero = (value: string, type: string) =>
      type === "DOUBLE" || type === "FLOAT" ? `abs(${value}) <= 1e-9` : `${value} = 0`;
    // group columns may be null (a referral without an appointment has no wait): match them null-safely
    const same = (a: string, b: string) =>
      groups.map((column) => `${a}.${column} IS NOT DISTINCT FROM ${b}.${column}`).join(" AND ");
    const delta = `delta__${model.name}`;
    await this.temp(
      delta,
      `SELECT ${groups.join(", ")}, ${sums.map((m) => `sum("${m.name}") AS "${m.name}"`).join(", ")}
       FROM (
         SELECT ${groups.join(", ")}, ${sums.map((m) => `"${m.name}"`).join(", ")} FROM ${after}
         UNION ALL
         SELECT ${groups.join(", ")}, ${sums.map((m) => `-"${m.name}"`).join(", ")} FROM ${before}
       )
       GROUP BY ALL
       -- a delta of rounding error alone (sums taken in another order) is no change
       HAVING NOT (${sums.map((m) => zero(`sum("${m.name}")`, m.type)).join(" AND ")})`,
    );
    await this.temp(
      `old__${model.name}`,
      `SELECT t.* FROM ${model.name} AS t SEMI JOIN ${delta} AS d ON ${same("t", "d")}`,
    );
    await this.run(`DELETE FROM ${model.name} USING ${delta} AS d WHERE ${same(model.name, "d")}`);
    const summed = (m: { name: string; type: string }) => `coalesce(o."${m.name}", 0) + d."${m.name}"`;
    await this.temp(
      `new__${model.name}`,
      `SELECT ${columns
        .map((c) =>
          measures.includes(c.name) ? `CAST(${summed(c)} AS ${c.type}) AS "${c.name}"` : `d."${c.name}"`,
        )
        .join(", ")}
       FROM ${delta} AS d LEFT JOIN old__${model.name} AS o ON ${same("d", "o")}
       -- a group left with nothing disappears, as it would in a full build
       WHERE NOT (${sums.map((m) => zero(summed(m), m.type)).join(" AND ")})`,
    );
    await this.run(`INSERT INTO ${model.name} BY NAME SELECT * FROM new__${model.name}`);
    this.changes.set(model.name, "rows");
    return over === undefined ? "sum" : `sum over ${over}`;
  }

  /** mart_absence_rate, month by month: England rows need every organisation of the month. */
  private async rateMonths(model: Model, select: string): Promise<string | undefined> {
    const months: string[] = [];
    const absenceDays = this.changes.get("fct_absence_days");
    if (absenceDays === "whole") return undefined;
    if (absenceDays === "rows")
      months.push(
        "SELECT month_end FROM old__fct_absence_days",
        "SELECT month_end FROM new__fct_absence_days",
      );
    // FTE facts are small and rebuilt whole; the months they changed are those of the new FTE rows
    const fte = "raw_workforce_fte_monthly";
    if (fte in this.newRows)
      months.push(
        `SELECT last_day(TRY_CAST(payload ->> 'month_end' AS DATE)) FROM ${this.main(fte)} WHERE ${this.isNew(fte)}`,
      );
    if (months.length === 0) return undefined;
    await this.temp("affected_month", `SELECT DISTINCT month_end FROM (${months.join(" UNION ALL ")})`);
    for (const fact of ["fct_absence_days", "fct_fte_days_available"])
      await this.shadow(
        fact,
        `SELECT * FROM ${this.main(fact)} WHERE month_end IN (SELECT month_end FROM affected_month)`,
      );
    await this.temp(`new__${model.name}`, select);
    await this.dropShadows();
    await this.temp(
      `old__${model.name}`,
      `SELECT * FROM ${model.name} WHERE month_end IN (SELECT month_end FROM affected_month)`,
    );
    await this.run(`DELETE FROM ${model.name} WHERE month_end IN (SELECT month_end FROM affected_month)`);
    await this.run(`INSERT INTO ${model.name} BY NAME SELECT * FROM new__${model.name}`);
    this.changes.set(model.name, "rows");
    return "months";
  }

  /**
   * Moves the rows `from` selects (a FROM clause naming the model `t`) out of the model into old__<model>:
   * one read of the table, then a delete by rowid, which DuckDB does without reading the table again. For
   * keys looked up in a large table (the 5M-row episodes: 84 ms → 14 ms for the delete); a period or
   * month delete is a cheap join already, and there the extra copy would cost more than it saves.
   */
  private async takeOut(name: string, from: string): Promise<void> {
    await this.temp(`taken__${name}`, `SELECT t.rowid AS rowid__, t.* FROM ${from}`);
    await this.temp(`old__${name}`, `SELECT * EXCLUDE (rowid__) FROM taken__${name}`);
    await this.run(`DELETE FROM ${name} WHERE rowid IN (SELECT rowid__ FROM taken__${name})`);
  }

  /**
   * Reduces old__/new__ to the rows that really changed: a key rebuilt to the same row (a referral
   * of someone whose absence changed without moving the match) tells downstream nothing.
   */
  private async keepOnlyDifferences(name: string): Promise<void> {
    await this.temp(`gone__${name}`, `SELECT * FROM old__${name} EXCEPT ALL SELECT * FROM new__${name}`);
    await this.temp(`added__${name}`, `SELECT * FROM new__${name} EXCEPT ALL SELECT * FROM old__${name}`);
    await this.temp(`old__${name}`, `SELECT * FROM gone__${name}`);
    await this.temp(`new__${name}`, `SELECT * FROM added__${name}`);
  }

  /** Runs one statement (profiled, see profile()). */
  private async run(sql: string): Promise<void> {
    const began = performance.now();
    await this.connection.run(sql);
    profile(sql, began);
  }

  private main(table: string): string {
    return `"${this.catalog}".main.${table}`;
  }

  private async temp(name: string, select: string): Promise<void> {
    await this.run(`CREATE OR REPLACE TEMP TABLE ${name} AS ${select}`);
    this.temporaries.add(name);
  }

  /** A TEMP view named like a table hides it from the model's SELECT. */
  private async shadow(name: string, select: string): Promise<void> {
    await this.run(`CREATE OR REPLACE TEMP VIEW ${name} AS ${select}`);
    this.views.add(name);
  }

  private async dropShadows(): Promise<void> {
    for (const name of this.views) await this.run(`DROP VIEW IF EXISTS temp.main.${name}`);
    this.views.clear();
  }

  private async columnsOf(table: string): Promise<string[]> {
    return (await this.typedColumnsOf(table, this.catalog)).map((column) => column.name);
  }

  private async typedColumnsOf(table: string, catalog: string): Promise<{ name: string; type: string }[]> {
    const rows = await read(
      this.connection,
      `SELECT column_name, data_type FROM information_schema.columns
       WHERE table_catalog = '${catalog}' AND table_schema = 'main' AND table_name = '${table}'
       ORDER BY ordinal_position`,
    );
    return rows.map((row) => ({ name: String(row.column_name), type: String(row.data_type) }));
  }

  async dropTemporaries(): Promise<void> {
    await this.dropShadows();
    for (const name of this.temporaries) await this.run(`DROP TABLE IF EXISTS temp.main.${name}`);
    this.temporaries.clear();
  }
}
