/** `incremental: append` — typed event logs: only the new landing rows go through the model's SELECT. */
import { quoteIdentifier as id } from "../../core/sql-quote.js";
import type { RefreshStrategy } from "./refresh-strategy.js";

export const appendStrategy: RefreshStrategy<{ kind: "append" }> = {
  async refresh(context, model, select) {
    if (model.depends.some((name) => context.changes.has(name))) return undefined;
    for (const table of model.reads)
      await context.shadow(table, `SELECT * FROM ${context.main(table)} WHERE ${context.isNew(table)}`);
    await context.temp(`new__${model.name}`, select);
    await context.dropShadows();
    await context.temp(`old__${model.name}`, `SELECT * FROM ${id(model.name)} LIMIT 0`);
    await context.insertNew(model.name);
    return "append";
  },
};
