/**
 * Acceptance: after importing NHS England's 2023 benchmarking CSVs, the
 * benchmark mart reproduces every published organisation rate, its higher
 * levels are Σ lost ÷ Σ available over their organisations, and the national
 * figures match domain notes §9 (CY 2023 = 4.97%, December 2023 = 5.52%).
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCsv } from "../../core/csv-records.js";
import { benchmarkingFiles } from "../../core/reference-data.js";
import { runDataTests } from "../../transforms/data-tests.js";
import { importNhsAbsenceFiles } from "../../warehouse/nhs-absence-import.js";
import { referenceWarehouse } from "../support/reference-warehouse.js";
import { rows, type TestWarehouse } from "./warehouse-fixture.js";

const files = benchmarkingFiles();

/** The published rows straight from the CSVs, independent of the import code's mapping. */
function publishedRows() {
  return files.flatMap((file) => {
    const [header, ...records] = parseCsv(readFileSync(file, "utf8"));
    const column = (name: string) => header?.fields.indexOf(name) ?? -1;
    return records.map(({ fields }) => ({
      date: fields[column("DATE")] ?? "",
      org: fields[column("ORG_CODE")] ?? "",
      ics: fields[column("ICS_CODE")] ?? "",
      region: fields[column("NHSE_REGION_CODE")] ?? "",
      staffGroup: fields[column("STAFF_GROUP")] ?? "",
      lost: fields[column("FTE_DAYS_LOST")] ?? "",
      available: fields[column("FTE_DAYS_AVAILABLE")] ?? "",
      rate: fields[column("SICKNESS_ABSENCE_RATE_PERCENT")] ?? "",
    }));
  });
}

function isoMonthEnd(ddmmyyyy: string): string {
  const [dd, mm, yyyy] = ddmmyyyy.split("/");
  return `${yyyy}-${mm}-${dd}`;
}

describe("mart_absence_benchmark from the 2023 NHS England files", () => {
  let t: TestWarehouse;
  beforeAll(async () => {
    t = await referenceWarehouse();
  }, 120_000);
  afterAll(() => t?.dispose());

  it("loads every CSV row once, blanks as suppressed nulls", async () => {
    const published = publishedRows();
    const [loaded] = await rows(
      t.connection,
      "SELECT count(*) AS n, count(*) FILTER (WHERE is_suppressed) AS suppressed, count(*) FILTER (WHERE is_suppressed AND (fte_days_lost IS NOT NULL OR published_rate IS NOT NULL)) AS suppressed_with_numbers FROM stg_absence_published",
    );
    expect(Number(loaded?.n)).toBe(published.length);
    expect(Number(loaded?.suppressed)).toBe(published.filter((r) => r.available.trim() === "").length);
    expect(Number(loaded?.suppressed)).toBeGreaterThan(0);
    expect(Number(loaded?.suppressed_with_numbers)).toBe(0);
  });

  it("reproduces every unsuppressed published organisation rate (2 dp) and recomputes it from the days", async () => {
    const mart = await rows(
      t.connection,
      `SELECT strftime(month_end, '%d/%m/%Y') AS date, code, staff_group, fte_days_lost, fte_days_available, rate_pct, suppressed
       FROM mart_absence_benchmark WHERE level = 'organisation'`,
    );
    const byKey = new Map(mart.map((r) => [`${r.date}|${r.code}|${r.staff_group}`, r]));
    const published = publishedRows().filter((r) => r.available.trim() !== "");
    expect(published.length).toBeGreaterThan(30_000);
    let compared = 0;
    for (const row of published) {
      const staffGroup =
        row.staffGroup === "HCHS Doctors"
          ? "HCHS doctors"
          : row.staffGroup === "Other staff or those with unknown classification"
            ? "Unknown classification"
            : row.staffGroup;
      const got = byKey.get(`${row.date}|${row.org}|${staffGroup}`);
      expect(got, `${row.date} ${row.org} ${row.staffGroup}`).toBeDefined();
      expect(got?.suppressed).toBe(false);
      expect(Number(got?.rate_pct).toFixed(2)).toBe(Number(row.rate).toFixed(2));
      const recomputed =
        Math.round((Number(got?.fte_days_lost) / Number(got?.fte_days_available)) * 100 * 100) / 100;
      expect(Math.abs(recomputed - Number(row.rate))).toBeLessThanOrEqual(0.01 + 1e-9);
      compared += 1;
    }
    expect(compared).toBe(published.length);
  });

  it("ICS, region and England rows equal Σ lost ÷ Σ available over their unsuppressed organisations, and count them out of those published; QZZ counts towards England only", async () => {
    const sums = new Map<string, { lost: number; available: number; summed: number }>();
    const published = new Map<string, number>();
    for (const row of publishedRows()) {
      const staffGroup =
        row.staffGroup === "HCHS Doctors"
          ? "HCHS doctors"
          : row.staffGroup === "Other staff or those with unknown classification"
            ? "Unknown classification"
            : row.staffGroup;
      // QZZ ("Special Health Authorities and other statutory bodies") is neither a region nor an ICS
      const keys =
        row.ics === "QZZ" ? ["england|ENG"] : [`ics|${row.ics}`, `region|${row.region}`, "england|ENG"];
      for (const key of keys) {
        const k = `${isoMonthEnd(row.date)}|${key}|${staffGroup}`;
        published.set(k, (published.get(k) ?? 0) + 1);
        if (row.available.trim() === "") continue;
        const sum = sums.get(k) ?? { lost: 0, available: 0, summed: 0 };
        sum.lost += Number(row.lost);
        sum.available += Number(row.available);
        sum.summed += 1;
        sums.set(k, sum);
      }
    }
    const mart = await rows(
      t.connection,
      `SELECT strftime(month_end, '%Y-%m-%d') AS month_end, level, code, staff_group, fte_days_lost, fte_days_available,
              rate_pct, organisations_summed, organisations_published
       FROM mart_absence_benchmark JOIN mart_published_absence_organisations USING (month_end, level, code, staff_group)
       WHERE level <> 'organisation'`,
    );
    let partial = 0;
    expect(mart.length).toBe(sums.size);
    expect(mart.filter((r) => r.code === "QZZ")).toEqual([]);
    for (const row of mart) {
      const expected = sums.get(`${row.month_end}|${row.level}|${row.code}|${row.staff_group}`);
      expect(expected, `${row.month_end} ${row.level} ${row.code} ${row.staff_group}`).toBeDefined();
      if (!expected) continue;
      expect(Number(row.fte_days_lost)).toBeCloseTo(expected.lost, 4);
      expect(Number(row.fte_days_available)).toBeCloseTo(expected.available, 4);
      const key = `${row.month_end}|${row.level}|${row.code}|${row.staff_group}`;
      expect([Number(row.organisations_summed), Number(row.organisations_published)], key).toEqual([
        expected.summed,
        published.get(key),
      ]);
      if (expected.summed < (published.get(key) ?? 0)) partial++;
      if (expected.available > 330) {
        expect(Number(row.rate_pct)).toBe(Math.round((expected.lost / expected.available) * 10000) / 100);
      }
    }
    // most ICBs' ambulance-staff rows sum one trust of several: the case the counts are for
    expect(partial).toBeGreaterThan(1000);
  });

  it("England, all staff groups: CY 2023 = 4.97% and December 2023 = 5.52% (domain notes §9)", async () => {
    const [december] = await rows(
      t.connection,
      `SELECT rate_pct FROM mart_absence_benchmark
       WHERE level = 'england' AND staff_group = 'All staff groups' AND month_end = DATE '2023-12-31'`,
    );
    expect(Number(december?.rate_pct)).toBe(5.52);
    const [year] = await rows(
      t.connection,
      `SELECT rate_pct FROM mart_absence_benchmark_rolling12
       WHERE level = 'england' AND staff_group = 'All staff groups' AND month_end = DATE '2023-12-31'`,
    );
    expect(Number(year?.rate_pct)).toBe(4.97);
    // only December has a complete 12-month window in 2023
    const [months] = await rows(
      t.connection,
      "SELECT count(DISTINCT month_end) AS n FROM mart_absence_benchmark_rolling12",
    );
    expect(Number(months?.n)).toBe(1);
  });

  it("passes every data test", async () => {
    const results = await runDataTests(t.connection, { asOf: "2023-12-31", freshnessMonths: 3 });
    expect(results.filter((r) => !r.passed)).toEqual([]);
    expect(results.length).toBeGreaterThanOrEqual(7);
  });

  it("re-importing the same files loads nothing new", async () => {
    const again = await importNhsAbsenceFiles(t.connection, files.slice(0, 2));
    expect(again.map((r) => r.loaded)).toEqual([0, 0]);
    const [count] = await rows(t.connection, "SELECT count(*) AS n FROM raw_workforce_absence_monthly");
    expect(Number(count?.n)).toBe(publishedRows().length);
  });
});
