/**
 * The warehouse's own as-of date: the last day of the latest month the monthly
 * workforce feeds have delivered (ESR FTE, else NHS England's published
 * absence). Building "as of today" instead counts open absences into months
 * with no FTE behind them, which gives rates above 100%.
 */
import type { DuckDBConnection } from "@duckdb/node-api";

const monthlyFeeds = ["raw_workforce_fte_monthly", "raw_workforce_absence_monthly"] as const;

/** YYYY-MM-DD, or undefined when no monthly feed has a row yet. */
export async function dataAsOf(connection: DuckDBConnection): Promise<string | undefined> {
  for (const table of monthlyFeeds) {
    const reader = await connection.runAndReadAll(
      `SELECT strftime(max(last_day(TRY_CAST(payload ->> 'month_end' AS DATE))), '%Y-%m-%d') AS as_of FROM ${table}`,
    );
    const value = reader.getRowObjectsJson()[0]?.as_of;
    if (typeof value === "string") return value;
  }
  return undefined;
}
