/**
 * `incremental: key COL [; MODEL via COL2]...` — rows belong to one value of COL (a referral, an
 * absence episode, a month): the values in new landing rows and upstream changes are rebuilt, by
 * deleting their rows and recomputing them from inputs filtered to those values. `MODEL via COL2`
 * maps an upstream without COL through this table's COL2 (a staff member's absence changed → that
 * person's referrals). An upstream rebuilt whole, or one with neither COL nor a mapping, is beyond it.
 */
import { quoteIdentifier as id, quoteLiteral } from "../../core/sql-quote.js";
import type { RefreshStrategy } from "./refresh-strategy.js";

export const keyStrategy: RefreshStrategy<{
  kind: "key";
  column: string;
  via: { model: string; column: string }[];
}> = {
  async refresh(context, model, select, { column, via }) {
    const key = id(column);
    const sources: string[] = [];
    for (const table of model.reads)
      if (table in context.newRows)
        sources.push(
          `SELECT payload ->> ${quoteLiteral(column)} AS k FROM ${context.main(table)} WHERE ${context.isNew(table)}`,
        );
    const keyed: string[] = [];
    for (const upstream of model.depends) {
      const change = context.changes.get(upstream);
      const columns = change === "whole" ? [] : await context.columnsOf(upstream);
      if (columns.includes(column)) keyed.push(upstream);
      if (change === undefined) continue;
      if (change === "whole") return undefined;
      const mapping = via.find((entry) => entry.model === upstream);
      if (columns.includes(column)) sources.push(`SELECT ${key} AS k FROM ${context.changedRows(upstream)}`);
      else if (mapping) {
        const through = id(mapping.column);
        sources.push(
          `SELECT ${key} AS k FROM ${id(model.name)} WHERE ${through} IN (SELECT ${through} FROM ${context.changedRows(upstream)})`,
        );
      } else return undefined;
    }
    if (sources.length === 0) return undefined;
    const keys = id(`keys__${model.name}`);
    await context.temp(
      `keys__${model.name}`,
      `SELECT DISTINCT k FROM (${sources.join(" UNION ALL ")}) WHERE k IS NOT NULL`,
    );
    for (const table of model.reads)
      await context.shadow(
        table,
        `SELECT * FROM ${context.main(table)} WHERE payload ->> ${quoteLiteral(column)} IN (SELECT k FROM ${keys})`,
      );
    for (const upstream of keyed)
      await context.shadow(
        upstream,
        `SELECT * FROM ${context.main(upstream)} WHERE ${key} IN (SELECT k FROM ${keys})`,
      );
    await context.temp(`new__${model.name}`, select);
    await context.dropShadows();
    if (!context.downstreamReadsRows(model.name)) {
      // every reader is rebuilt whole: replace the rows, and say only that the model changed
      await context.run(`DELETE FROM ${id(model.name)} WHERE ${key} IN (SELECT k FROM ${keys})`);
      await context.insertNew(model.name);
      context.changes.set(model.name, "whole");
      return `key ${column}`;
    }
    await context.takeOut(model.name, `t.${key} IN (SELECT k FROM ${keys})`);
    await context.insertNew(model.name);
    await context.keepOnlyDifferences(model.name);
    return `key ${column}`;
  },
};
