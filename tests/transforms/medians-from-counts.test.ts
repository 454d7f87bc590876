/**
 * mart_referral_waits and mart_referral_outcomes take their medians from counts per value (so the period
 * and level joins see a few rows per organisation-month, not every referral). This checks them against
 * DuckDB's own median() over the referrals, group by group, on a year of generated OH events: odd and even
 * counts, groups without a single value, every period kind, at organisation and England level (generated
 * organisations carry no ICB).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runTransforms } from "../../transforms/run-transforms.js";
import { type MigratedWarehouse, openWarehouse } from "../../warehouse/open-warehouse.js";
import { ingestGeneratedEvents } from "../support/generated-warehouse.js";
import { rows } from "./warehouse-fixture.js";

const dir = mkdtempSync(join(tmpdir(), "ohwb-medians-"));
const warehousePath = join(dir, "warehouse.duckdb");
let warehouse: MigratedWarehouse;

beforeAll(async () => {
  await ingestGeneratedEvents(dir, warehousePath, {
    orgs: 3,
    months: 12,
    seed: 23,
    scale: 0.3,
    start: "2024-01",
  });
  warehouse = await openWarehouse(warehousePath);
  await runTransforms(warehouse.connection, { asOf: "2024-12-31" });
}, 300_000);

afterAll(() => {
  warehouse?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Compares a mart's median column with median() over the fact rows, joined to periods and levels. */
async function compare(mart: string, column: string, fact: string, value: string, dateColumn: string) {
  const [result] = await rows(
    warehouse.connection,
    `WITH direct AS (
       SELECT period.period_kind, period.period_end, org.level, org.code,
         median(${value}) AS median, count(${value}) AS n
       FROM ${fact} AS fact
       JOIN dim_reporting_period AS period ON period.date = fact.${dateColumn}
       JOIN dim_organisation_level AS org ON org.org_code = fact.org_code
       GROUP BY ALL
     )
     SELECT
       count(*) AS groups,
       count(*) FILTER (WHERE direct.n % 2 = 1) AS odd,
       count(*) FILTER (WHERE direct.n > 0 AND direct.n % 2 = 0) AS even,
       count(*) FILTER (WHERE direct.n = 0) AS without_values,
       count(DISTINCT direct.period_kind) AS period_kinds,
       count(DISTINCT direct.level) AS levels,
       count(*) FILTER (WHERE mart.${column} IS DISTINCT FROM direct.median) AS different,
       count(*) FILTER (WHERE mart.code IS NULL) AS missing
     FROM direct
     LEFT JOIN ${mart} AS mart USING (period_kind, period_end, level, code)`,
  );
  return Object.fromEntries(Object.entries(result ?? {}).map(([key, n]) => [key, Number(n)]));
}

describe("medians computed from counts", () => {
  it("referral → first appointment equals median() over the referrals", async () => {
    const result = await compare(
      "mart_referral_waits",
      "median_working_days_to_first_appointment",
      "fct_referral",
      "fact.working_days_to_first_appointment",
      "received_date",
    );
    expect(result).toMatchObject({ different: 0, missing: 0, period_kinds: 3, levels: 2 });
    expect(result.odd).toBeGreaterThan(20);
    expect(result.even).toBeGreaterThan(20);
  });

  it("appointment → report equals median() over the reports", async () => {
    const result = await compare(
      "mart_referral_waits",
      "median_working_days_to_report",
      "(SELECT * FROM fct_referral WHERE working_days_appointment_to_report IS NOT NULL)",
      "fact.working_days_appointment_to_report",
      "report_issued_date",
    );
    expect(result).toMatchObject({ different: 0, missing: 0, period_kinds: 3, levels: 2 });
    expect(result.odd).toBeGreaterThan(20);
    expect(result.even).toBeGreaterThan(20);
  });

  it("time to return to work equals median() over the absent referrals", async () => {
    const result = await compare(
      "mart_referral_outcomes",
      "median_days_to_return_to_work",
      `(SELECT referral.org_code, referral.received_date,
          episode.episode_end_date + 1 - referral.received_date AS days_to_return_to_work
        FROM fct_referral AS referral LEFT JOIN fct_referral_absence AS episode USING (referral_id)
        WHERE referral.currently_absent)`,
      "fact.days_to_return_to_work",
      "received_date",
    );
    expect(result).toMatchObject({ different: 0, missing: 0, period_kinds: 3, levels: 2 });
    expect(result.odd).toBeGreaterThan(5);
    expect(result.even).toBeGreaterThan(5);
    expect(result.without_values).toBeGreaterThan(0);
  });
});
