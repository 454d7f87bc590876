/**
 * The warehouse's own as-of date: the last day of the latest month the monthly
 * workforce feeds have delivered (ESR FTE, else NHS England's published
 * absence); a warehouse with neither (OH events only) uses the month of its
 * latest event. Building "as of today" instead counts open absences into
 * months with no FTE behind them, which gives rates above 100%.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { quoteIdentifier as quoteIdent } from "../core/sql-quote.js";
import { rawTableNames } from "../ingest/landing-schema.js";

const monthlyFeeds = ["raw_workforce_fte_monthly", "raw_workforce_absence_monthly"] as const;

/** YYYY-MM-DD, or undefined when nothing is loaded yet. */
export async function dataAsOf(connection: DuckDBConnection): Promise<string | undefined> {
  for (const table of monthlyFeeds) {
    const reader = await connection.runAndReadAll(
      `SELECT strftime(max(last_day(TRY_CAST(payload ->> 'month_end' AS DATE))), '%Y-%m-%d') AS as_of FROM ${table}`,
    );
    const value = reader.getRowObjectsJson()[0]?.as_of;
    if (typeof value === "string") return value;
  }
  const latestPerTable = rawTableNames()
    .map((table) => `SELECT max(occurred_at) AS latest FROM ${quoteIdent(table)}`)
    .join(" UNION ALL ");
  const latest = await connection.runAndReadAll(
    `SELECT strftime(last_day(max(latest)::DATE), '%Y-%m-%d') AS as_of FROM (${latestPerTable})`,
  );
  const value = latest.getRowObjectsJson()[0]?.as_of;
  return typeof value === "string" ? value : undefined;
}
