/**
 * `incremental: sum COL[, COL...] [over KEY]` — a GROUP BY of sums and counts moves by what its
 * input's changes add and take away: the model's SELECT runs over the changed input rows as they
 * were and as they are, and the difference is added to the table; a group left with nothing
 * disappears, as in a full build. Without `over`, each row of the one changed upstream counts on its
 * own. With `over KEY`, rows of one KEY value combine (a join on it, or a person's first dose): every
 * upstream with KEY is read for the affected KEY values, before (now − new__ + old__) and after (now).
 */
import { quoteIdentifier as id } from "../../core/sql-quote.js";
import type { Model } from "../model-catalogue.js";
import { transformMessages as message } from "../transform-messages.js";
import type { RefreshContext, TypedColumn } from "./refresh-context.js";
import type { RefreshStrategy } from "./refresh-strategy.js";

export const sumStrategy: RefreshStrategy<{ kind: "sum"; measures: string[]; over?: string }> = {
  async refresh(context, model, select, { measures, over }) {
    const columns = await context.typedColumnsOf(model.name);
    const missing = measures.find((measure) => !columns.some((column) => column.name === measure));
    if (missing) throw new Error(message.incrementalSumColumnMissing(missing));
    const changed = model.depends.filter((name) => context.changes.has(name));
    if (model.reads.some((table) => table in context.newRows)) return undefined;
    if (changed.length === 0 || changed.some((name) => context.changes.get(name) === "whole"))
      return undefined;
    const before = `before__${model.name}`;
    const after = `after__${model.name}`;
    if (over === undefined) {
      // rows of two changed inputs may meet in a join: only one changed input is separable row by row
      const [upstream] = changed;
      if (changed.length !== 1 || upstream === undefined) return undefined;
      await context.shadow(upstream, `SELECT * FROM ${id(`old__${upstream}`)}`);
      await context.temp(before, select);
      await context.shadow(upstream, `SELECT * FROM ${id(`new__${upstream}`)}`);
      await context.temp(after, select);
    } else if (!(await selectBeforeAndAfterOver(context, model, select, changed, over))) return undefined;
    await context.dropShadows();

    const groups = columns
      .filter((column) => !measures.includes(column.name))
      .map((column) => id(column.name));
    if (groups.length === 0) return undefined;
    const sums = columns.filter((column) => measures.includes(column.name));
    await addDifference(context, model.name, columns, groups, sums);
    return over === undefined ? "sum" : `sum over ${over}`;
  },
};

/** The SELECT over the affected KEY values before (into before__) and after (into after__) the changes. */
async function selectBeforeAndAfterOver(
  context: RefreshContext,
  model: Model,
  select: string,
  changed: readonly string[],
  over: string,
): Promise<boolean> {
  const key = id(over);
  const keyed: string[] = [];
  for (const upstream of model.depends)
    if ((await context.columnsOf(upstream)).includes(over)) keyed.push(upstream);
  if (changed.some((upstream) => !keyed.includes(upstream))) return false;
  const affected = id(`over__${model.name}`);
  await context.temp(
    `over__${model.name}`,
    `SELECT DISTINCT ${key} AS k FROM (${changed
      .map((u) => `SELECT ${key} FROM ${id(`old__${u}`)} UNION ALL SELECT ${key} FROM ${id(`new__${u}`)}`)
      .join(" UNION ALL ")})`,
  );
  // the affected rows as they are now, read once: both the before and the after SELECT use them
  const now = (upstream: string) => `now__${model.name}__${upstream}`;
  for (const upstream of keyed)
    await context.temp(
      now(upstream),
      `SELECT * FROM ${context.main(upstream)} WHERE ${key} IN (SELECT k FROM ${affected})`,
    );
  for (const upstream of keyed)
    await context.shadow(
      upstream,
      changed.includes(upstream)
        ? `SELECT * FROM (SELECT * FROM ${id(now(upstream))} EXCEPT ALL SELECT * FROM ${id(`new__${upstream}`)})
           UNION ALL BY NAME SELECT * FROM ${id(`old__${upstream}`)}`
        : `SELECT * FROM ${id(now(upstream))}`,
    );
  await context.temp(`before__${model.name}`, select);
  for (const upstream of keyed) await context.shadow(upstream, `SELECT * FROM ${id(now(upstream))}`);
  await context.temp(`after__${model.name}`, select);
  return true;
}

/** Adds after__ − before__ to the model's groups, leaving the replaced and new rows in old__/new__. */
async function addDifference(
  context: RefreshContext,
  name: string,
  columns: readonly TypedColumn[],
  groups: readonly string[],
  sums: readonly TypedColumn[],
): Promise<void> {
  const table = id(name);
  const [before, after, delta, old] = ["before", "after", "delta", "old"].map((stage) =>
    id(`${stage}__${name}`),
  );
  const zero = (value: string, type: string) =>
    type === "DOUBLE" || type === "FLOAT" ? `abs(${value}) <= 1e-9` : `${value} = 0`;
  // group columns may be null (a referral without an appointment has no wait): match them null-safely
  const same = (a: string, b: string) =>
    groups.map((column) => `${a}.${column} IS NOT DISTINCT FROM ${b}.${column}`).join(" AND ");
  const measure = (m: TypedColumn) => id(m.name);
  await context.temp(
    `delta__${name}`,
    `SELECT ${groups.join(", ")}, ${sums.map((m) => `sum(${measure(m)}) AS ${measure(m)}`).join(", ")}
     FROM (
       SELECT ${groups.join(", ")}, ${sums.map(measure).join(", ")} FROM ${after}
       UNION ALL
       SELECT ${groups.join(", ")}, ${sums.map((m) => `-${measure(m)}`).join(", ")} FROM ${before}
     )
     GROUP BY ALL
     -- a delta of rounding error alone (sums taken in another order) is no change
     HAVING NOT (${sums.map((m) => zero(`sum(${measure(m)})`, m.type)).join(" AND ")})`,
  );
  await context.temp(
    `old__${name}`,
    `SELECT t.* FROM ${table} AS t SEMI JOIN ${delta} AS d ON ${same("t", "d")}`,
  );
  await context.run(`DELETE FROM ${table} USING ${delta} AS d WHERE ${same(table, "d")}`);
  const summed = (m: TypedColumn) => `coalesce(o.${measure(m)}, 0) + d.${measure(m)}`;
  await context.temp(
    `new__${name}`,
    `SELECT ${columns
      .map((c) => (sums.includes(c) ? `CAST(${summed(c)} AS ${c.type}) AS ${measure(c)}` : `d.${id(c.name)}`))
      .join(", ")}
     FROM ${delta} AS d LEFT JOIN ${old} AS o ON ${same("d", "o")}
     -- a group left with nothing disappears, as it would in a full build
     WHERE NOT (${sums.map((m) => zero(summed(m), m.type)).join(" AND ")})`,
  );
  await context.insertNew(name);
}
