/**
 * `incremental: periods [by MODEL.COL, ...]` — rows belong to a reporting period (period_kind,
 * period_end) of dim_reporting_period: the periods containing any date in the upstream changes are
 * rebuilt, with dim_reporting_period narrowed to them. `by` names the upstream DATE columns that
 * place a row in a period; only those count, and those upstreams are narrowed to rows dated inside
 * the affected periods.
 */
import { quoteIdentifier as id } from "../../core/sql-quote.js";
import type { RefreshStrategy } from "./refresh-strategy.js";

export const periodsStrategy: RefreshStrategy<{ kind: "periods"; by: { model: string; column: string }[] }> =
  {
    async refresh(context, model, select, { by }) {
      const dates: string[] = [];
      for (const upstream of model.depends) {
        const change = context.changes.get(upstream);
        if (change === undefined) continue;
        if (change === "whole") return undefined;
        const listed = by.filter((entry) => entry.model === upstream).map((entry) => entry.column);
        // an upstream the `by` list leaves out cannot be mapped to periods
        if (by.length > 0 && listed.length === 0) return undefined;
        for (const table of [`old__${upstream}`, `new__${upstream}`]) {
          for (const { name, type } of await context.typedColumnsOf(table, "temp")) {
            if (listed.length > 0 && !listed.includes(name)) continue;
            if (type === "DATE") dates.push(`SELECT ${id(name)} AS d FROM ${id(table)}`);
            else if (type.startsWith("TIMESTAMP"))
              dates.push(
                `SELECT CAST(timezone('Europe/London', ${id(name)}) AS DATE) AS d FROM ${id(table)}`,
              );
          }
        }
      }
      if (dates.length === 0) return undefined;
      const periods = id(`periods__${model.name}`);
      await context.temp(
        `periods__${model.name}`,
        `SELECT DISTINCT period_kind, period_end FROM ${context.main("dim_reporting_period")}
       WHERE date IN (SELECT d FROM (${dates.join(" UNION ")}))`,
      );
      await context.shadow(
        "dim_reporting_period",
        `SELECT period.* FROM ${context.main("dim_reporting_period")} AS period SEMI JOIN ${periods} USING (period_kind, period_end)`,
      );
      // With `by`, an upstream row reaches a period only through those DATE columns, so the upstream
      // can be narrowed to rows dated inside the affected periods before the joins and medians.
      const byModels = [...new Set(by.map((entry) => entry.model))];
      if (byModels.length > 0) {
        const inPeriods = id(`dates__${model.name}`);
        await context.temp(`dates__${model.name}`, "SELECT DISTINCT date FROM dim_reporting_period");
        for (const upstream of byModels) {
          const columns = by.filter((entry) => entry.model === upstream).map((entry) => entry.column);
          const types = new Map(
            (await context.typedColumnsOf(upstream)).map((column) => [column.name, column.type]),
          );
          if (columns.some((column) => types.get(column) !== "DATE")) continue;
          await context.shadow(
            upstream,
            `SELECT * FROM ${context.main(upstream)}
           WHERE ${columns.map((column) => `${id(column)} IN (SELECT date FROM ${inPeriods})`).join(" OR ")}`,
          );
        }
      }
      await context.temp(`new__${model.name}`, select);
      await context.dropShadows();
      const table = id(model.name);
      await context.temp(
        `old__${model.name}`,
        `SELECT t.* FROM ${table} AS t SEMI JOIN ${periods} USING (period_kind, period_end)`,
      );
      await context.run(
        `DELETE FROM ${table} USING ${periods} AS p
       WHERE ${table}.period_kind = p.period_kind AND ${table}.period_end = p.period_end`,
      );
      await context.insertNew(model.name);
      return "periods";
    },
  };
