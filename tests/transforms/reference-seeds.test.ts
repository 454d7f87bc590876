/**
 * The hard-coded seeds are checked against independent sources: bank holidays
 * against the statutory rules (plus the listed one-off changes), staff groups
 * and reasons against the contracts' enumerations.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canonicalStaffGroup, enumerations } from "../../contracts/index.js";
import { runTransforms } from "../../transforms/run-transforms.js";
import { freshWarehouse, rows, type TestWarehouse } from "./warehouse-fixture.js";

const iso = (d: Date) => d.toISOString().slice(0, 10);
const utc = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d));
const addDays = (d: Date, n: number) => new Date(d.getTime() + n * 86_400_000);

/** Easter Sunday, anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
function easter(year: number): Date {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return utc(year, month, day);
}
const firstMonday = (y: number, m: number) => {
  const d = utc(y, m, 1);
  return addDays(d, (8 - d.getUTCDay()) % 7);
};
const lastMonday = (y: number, m: number) => {
  const d = utc(y, m + 1, 0);
  return addDays(d, -((d.getUTCDay() + 6) % 7));
};

function ruleHolidays(year: number): string[] {
  const days: Date[] = [];
  const newYear = utc(year, 1, 1);
  days.push(
    newYear.getUTCDay() === 6
      ? addDays(newYear, 2)
      : newYear.getUTCDay() === 0
        ? addDays(newYear, 1)
        : newYear,
  );
  const e = easter(year);
  days.push(addDays(e, -2), addDays(e, 1), firstMonday(year, 5), lastMonday(year, 5), lastMonday(year, 8));
  const christmas = utc(year, 12, 25);
  const dow = christmas.getUTCDay();
  // Christmas on Saturday → Mon 27 + Tue 28; on Sunday → Boxing Day Mon 26 + Tue 27; Friday → Boxing Day Mon 28
  if (dow === 6) days.push(utc(year, 12, 27), utc(year, 12, 28));
  else if (dow === 0) days.push(utc(year, 12, 26), utc(year, 12, 27));
  else if (dow === 5) days.push(christmas, utc(year, 12, 28));
  else days.push(christmas, utc(year, 12, 26));
  return days.map(iso);
}

/** One-off changes announced by proclamation (GOV.UK). */
const removed = new Set(["2020-05-04", "2022-05-30"]);
const added = new Set(["2020-05-08", "2022-06-02", "2022-06-03", "2022-09-19", "2023-05-08"]);

describe("reference seeds", () => {
  let t: TestWarehouse;
  beforeAll(async () => {
    t = await freshWarehouse();
    await runTransforms(t.connection, { asOf: "2024-01-31" });
  });
  afterAll(() => t?.dispose());

  it("bank holidays 2015–2030 are the statutory ones plus the one-off changes", async () => {
    const expected: string[] = [];
    for (let year = 2015; year <= 2030; year++)
      expected.push(...ruleHolidays(year).filter((d) => !removed.has(d)));
    expected.push(...added);
    const seeded = await rows(
      t.connection,
      "SELECT strftime(holiday_date, '%Y-%m-%d') AS d FROM seed_bank_holiday",
    );
    expect(seeded.map((r) => r.d).sort()).toEqual(expected.sort());
  });

  it("dim_date flags weekends, bank holidays and counts working days", async () => {
    const [summary] = await rows(
      t.connection,
      `SELECT count(*)::INTEGER AS days, min(date)::VARCHAR AS first, max(date)::VARCHAR AS last,
         count(*) FILTER (WHERE is_bank_holiday AND is_weekend)::INTEGER AS holidays_on_weekends
       FROM dim_date`,
    );
    expect(summary).toMatchObject({
      days: 5844,
      first: "2015-01-01",
      last: "2030-12-31",
      holidays_on_weekends: 0,
    });
    // May 2023: 23 weekdays minus 3 bank holidays (1st, coronation 8th, 29th) = 20 working days
    const [may] = await rows(
      t.connection,
      `SELECT max(working_day_number) FILTER (WHERE date = DATE '2023-05-31')
            - max(working_day_number) FILTER (WHERE date = DATE '2023-04-30') AS working_days
       FROM dim_date`,
    );
    expect(Number(may?.working_days)).toBe(20);
    const [funeral] = await rows(
      t.connection,
      "SELECT is_working_day, bank_holiday_name FROM dim_date WHERE date = DATE '2022-09-19'",
    );
    expect(funeral).toMatchObject({ is_working_day: false });
    expect(String(funeral?.bank_holiday_name)).toMatch(/State Funeral/);
  });

  it("staff-group aliases agree with the contracts' canonicalStaffGroup, and cover every canonical group", async () => {
    const seed = await rows(t.connection, "SELECT alias_key, staff_group FROM seed_staff_group_alias");
    for (const { alias_key, staff_group } of seed)
      expect(canonicalStaffGroup(String(alias_key)), String(alias_key)).toBe(staff_group);
    const dim = await rows(t.connection, "SELECT staff_group FROM dim_staff_group ORDER BY staff_group");
    expect(dim.map((r) => r.staff_group)).toEqual([...enumerations.aggregateStaffGroups.values].sort());
  });

  it("vaccines and intervention services match the contracts' enumerations", async () => {
    const vaccines = await rows(t.connection, "SELECT vaccine, vaccine_label FROM dim_vaccine");
    expect(Object.fromEntries(vaccines.map((r) => [r.vaccine, r.vaccine_label]))).toEqual(
      enumerations.vaccines.labels,
    );
    const services = await rows(t.connection, "SELECT service, service_label FROM dim_service");
    expect(Object.fromEntries(services.map((r) => [r.service, r.service_label]))).toEqual(
      enumerations.interventionServices.labels,
    );
  });

  it("absence reasons match the contracts' ESR enumeration", async () => {
    const reasons = await rows(
      t.connection,
      "SELECT reason_code, reason_label FROM dim_absence_reason ORDER BY reason_code",
    );
    expect(Object.fromEntries(reasons.map((r) => [r.reason_code, r.reason_label]))).toEqual(
      enumerations.esrAbsenceReasons.labels,
    );
  });
});
