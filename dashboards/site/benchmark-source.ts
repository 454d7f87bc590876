/**
 * Reads what the dashboard site shows from the warehouse: every `mart_absence_benchmark` row, and which
 * ICB and region each organisation was last published under (the mart itself carries no parent codes,
 * so the hierarchy comes from the staging table the mart is built from).
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import type { AbsenceMartRow, GeographyLevel } from "../mart-rows.js";

export interface OrganisationParents {
  code: string;
  icsCode: string | null;
  regionCode: string | null;
  /** Published cluster group (Acute, Mental Health, …; null when never published): funnel comparison groups. */
  cluster: string | null;
}

export interface BenchmarkSource {
  rows: AbsenceMartRow[];
  parents: OrganisationParents[];
}

function numberOrNull(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

/**
 * Reads an absence mart (`mart_absence_benchmark` or `mart_absence_rate`: the same columns; the
 * published one with its organisation counts, mart_published_absence_organisations) and each
 * organisation's ICB, region and cluster from `parentsSql`, which returns org_code, ics_code, region_code,
 * cluster_group.
 */
export async function readAbsenceSource(
  connection: DuckDBConnection,
  martTable: "mart_absence_benchmark" | "mart_absence_rate",
  parentsSql: string,
): Promise<BenchmarkSource> {
  // the published mart's higher levels sum only the organisations published with figures: how many, of how many
  const published = martTable === "mart_absence_benchmark";
  const counts = published
    ? ", organisations_summed::INTEGER AS organisations_summed, organisations_published::INTEGER AS organisations_published"
    : "";
  const join = published
    ? " LEFT JOIN mart_published_absence_organisations USING (month_end, level, code, staff_group)"
    : "";
  const mart = await connection.runAndReadAll(
    `SELECT strftime(month_end, '%Y-%m-%d') AS month_end, level, code, name, staff_group,
            fte_days_lost::DOUBLE AS fte_days_lost, fte_days_available::DOUBLE AS fte_days_available,
            rate_pct::DOUBLE AS rate_pct, suppressed${counts}
     FROM ${martTable}${join}
     ORDER BY month_end, level, code, staff_group`,
  );
  const rows = mart.getRowObjectsJson().map(
    (r): AbsenceMartRow => ({
      month_end: String(r.month_end),
      level: String(r.level) as GeographyLevel,
      code: String(r.code),
      name: String(r.name ?? r.code),
      staff_group: String(r.staff_group),
      fte_days_lost: numberOrNull(r.fte_days_lost),
      fte_days_available: numberOrNull(r.fte_days_available),
      rate_pct: numberOrNull(r.rate_pct),
      suppressed: r.suppressed === true,
      ...(r.organisations_published !== null && r.organisations_published !== undefined
        ? {
            organisations_summed: Number(r.organisations_summed),
            organisations_published: Number(r.organisations_published),
          }
        : {}),
    }),
  );
  const hierarchy = await connection.runAndReadAll(parentsSql);
  const parents = hierarchy.getRowObjectsJson().map(
    (r): OrganisationParents => ({
      code: String(r.org_code),
      icsCode: r.ics_code === null ? null : String(r.ics_code),
      regionCode: r.region_code === null ? null : String(r.region_code),
      cluster: r.cluster_group === null || r.cluster_group === undefined ? null : String(r.cluster_group),
    }),
  );
  return { rows, parents };
}

/** NHS England's published benchmark, with the ICB, region and cluster each organisation was last published under. */
export function readBenchmarkSource(connection: DuckDBConnection): Promise<BenchmarkSource> {
  return readAbsenceSource(
    connection,
    "mart_absence_benchmark",
    `SELECT org_code, arg_max(ics_code, month_end) AS ics_code, arg_max(region_code, month_end) AS region_code,
            arg_max(cluster_group, month_end) AS cluster_group
     FROM stg_absence_published GROUP BY org_code ORDER BY org_code`,
  );
}

/** Every month end either absence mart holds (the site's SPC series are drawn from them), oldest first. */
export async function readSiteMonths(connection: DuckDBConnection): Promise<string[]> {
  const reader = await connection.runAndReadAll(
    `SELECT DISTINCT strftime(month_end, '%Y-%m-%d') AS m
       FROM (SELECT month_end FROM mart_absence_benchmark UNION ALL SELECT month_end FROM mart_absence_rate)
      ORDER BY m`,
  );
  return reader.getRowsJS().map((row) => String(row[0]));
}
