/**
 * `incremental: compare` — a small model rebuilt whole, whose downstream is told only the rows that
 * differ from the last build (monthly FTE: a month's new rows reach mart_absence_rate as rows, so
 * its `key month_end` refresh rebuilds that month rather than every month). Dimensions and seeds
 * are compared the same way by the engine, which falls back to a full build when one differs.
 */
import { quoteIdentifier as id } from "../../core/sql-quote.js";
import type { Model } from "../model-catalogue.js";
import type { RefreshContext } from "./refresh-context.js";
import type { RefreshStrategy } from "./refresh-strategy.js";

export const compareStrategy: RefreshStrategy<{ kind: "compare" }> = {
  async refresh(context, model, select) {
    if (!(await differences(context, model, select))) return "compare: unchanged";
    await context.run(
      `CREATE OR REPLACE TABLE ${id(model.name)} AS SELECT * FROM ${id(`candidate__${model.name}`)}`,
    );
    context.changes.set(model.name, "rows");
    return "compare";
  },
};

/**
 * Builds the model's SELECT into candidate__<model> and the rows it would remove and add into
 * old__/new__; true when there are any.
 */
export async function differences(context: RefreshContext, model: Model, select: string): Promise<boolean> {
  const [table, candidate] = [id(model.name), id(`candidate__${model.name}`)];
  await context.temp(`candidate__${model.name}`, select);
  await context.temp(`old__${model.name}`, `SELECT * FROM ${table} EXCEPT ALL SELECT * FROM ${candidate}`);
  await context.temp(`new__${model.name}`, `SELECT * FROM ${candidate} EXCEPT ALL SELECT * FROM ${table}`);
  const [row] = await context.read(
    `SELECT (SELECT count(*) FROM ${id(`old__${model.name}`)}) + (SELECT count(*) FROM ${id(`new__${model.name}`)}) AS n`,
  );
  return Number(row?.n ?? 0) > 0;
}
