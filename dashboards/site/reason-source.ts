/**
 * The absence reasons the site shows, from two sources kept apart: NHS England's published national
 * breakdown (mart_published_absence_reason, the latest 12 published months up to the data's as-of date,
 * all staff groups; England
 * only, as published) and the reasons in the organisations' own ESR events (mart_sickness_reason_share,
 * each area's latest rolling 12 months). England's page shows both side by side.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import type { ReasonDaysRow } from "../mart-rows.js";

export interface ReasonBreakdown {
  /** First and last month ('YYYY-MM-DD' month ends) the days were lost in. */
  from: string;
  to: string;
  rows: ReasonDaysRow[];
  /** The published files the figures come from (published breakdown only). */
  files: string[];
}

export interface SiteReasons {
  published: ReasonBreakdown | null;
  /** The events' breakdown per area, keyed `${level}|${code}`. */
  events: Map<string, ReasonBreakdown>;
}

/** Months before a month end, as a month end ('2023-12-31', 11 → '2023-01-31'). */
function monthEndBefore(monthEnd: string, months: number): string {
  const [y, m] = monthEnd.split("-").map(Number) as [number, number];
  const index = y * 12 + (m - 1) - months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, "0")}-${String(last).padStart(2, "0")}`;
}

/**
 * The latest 12 published months up to the data's as-of date (`asOf`, 'YYYY-MM-DD'), so the site
 * never shows a month after the date it is as of; null when none is that early.
 */
async function readPublished(
  connection: DuckDBConnection,
  asOf: string | null,
): Promise<ReasonBreakdown | null> {
  const months = (
    await connection.runAndReadAll(
      `SELECT DISTINCT strftime(month_end, '%Y-%m-%d') AS m FROM mart_published_absence_reason
       WHERE staff_group = 'All staff groups' ORDER BY m`,
    )
  )
    .getRowObjectsJson()
    .map((r) => String(r.m))
    .filter((m) => asOf === null || m <= asOf)
    .slice(-12);
  const from = months[0];
  const to = months[months.length - 1];
  if (!from || !to) return null;
  const raw = (
    await connection.runAndReadAll(
      `SELECT reason_code, any_value(reason_label) AS reason_label, sum(fte_days_lost)::DOUBLE AS lost,
              string_agg(DISTINCT source_file, ', ' ORDER BY source_file) AS files
       FROM mart_published_absence_reason
       WHERE staff_group = 'All staff groups' AND month_end BETWEEN $from::DATE AND $to::DATE
       GROUP BY reason_code ORDER BY reason_code`,
      { from, to },
    )
  ).getRowObjectsJson();
  return {
    from,
    to,
    rows: raw.map((r) => ({
      reason_code: String(r.reason_code),
      reason_label: String(r.reason_label),
      fte_days_lost: Number(r.lost),
    })),
    files: [...new Set(raw.flatMap((r) => String(r.files).split(", ")))].sort(),
  };
}

/** Below this many FTE days lost over all reasons an area's events breakdown is not shown (rate rule 1's floor). */
export const REASONS_MIN_FTE_DAYS = 331;

async function readEvents(connection: DuckDBConnection): Promise<Map<string, ReasonBreakdown>> {
  const raw = (
    await connection.runAndReadAll(
      `SELECT strftime(period_end, '%Y-%m-%d') AS period_end, level, code, reason_code,
              reason_label, fte_days_lost::DOUBLE AS lost
       FROM mart_sickness_reason_share
       WHERE period_kind = 'rolling12' AND fte_days_lost_all_reasons >= ${REASONS_MIN_FTE_DAYS}
       QUALIFY period_end = max(period_end) OVER (PARTITION BY level, code)
       ORDER BY level, code, reason_code`,
    )
  ).getRowObjectsJson();
  const events = new Map<string, ReasonBreakdown>();
  for (const r of raw) {
    const key = `${String(r.level)}|${String(r.code)}`;
    const to = String(r.period_end);
    let entry = events.get(key);
    if (!entry) {
      entry = { from: monthEndBefore(to, 11), to, rows: [], files: [] };
      events.set(key, entry);
    }
    entry.rows.push({
      reason_code: String(r.reason_code),
      reason_label: String(r.reason_label),
      fte_days_lost: Number(r.lost),
    });
  }
  return events;
}

export async function readSiteReasons(
  connection: DuckDBConnection,
  asOf: string | null,
): Promise<SiteReasons> {
  return { published: await readPublished(connection, asOf), events: await readEvents(connection) };
}
