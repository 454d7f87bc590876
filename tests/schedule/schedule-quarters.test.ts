/**
 * Which quarter is "the last complete one" is judged on the schedule's wall clock: 23:30 UTC on
 * 31 March is already 1 April in London (BST), so Q1 is complete there but not in UTC. Catch-up
 * ranges run oldest first across year ends.
 */
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../core/errors.js";
import { quarterKey } from "../../dashboards/pack/pack-quarter.js";
import { catchUpQuarters } from "../../jobs/schedule/pack-catch-up.js";
import { lastCompleteQuarter, quartersBetween } from "../../jobs/schedule/schedule-quarters.js";

describe("schedule quarters", () => {
  it("judges the last complete quarter in the schedule's time zone", () => {
    const lateOn31March = new Date("2024-03-31T23:30:00Z");
    expect(quarterKey(lastCompleteQuarter(lateOn31March, "Europe/London"))).toBe("2024-Q1");
    expect(quarterKey(lastCompleteQuarter(lateOn31March, "UTC"))).toBe("2023-Q4");
    expect(quarterKey(lastCompleteQuarter(new Date("2025-01-03T06:00:00Z"), "Europe/London"))).toBe(
      "2024-Q4",
    );
    expect(() => lastCompleteQuarter(new Date(), "Mars/Olympus_Mons")).toThrow(ConfigError);
  });

  it("lists catch-up quarters oldest first, across year ends", () => {
    expect(quartersBetween({ year: 2023, quarter: 3 }, { year: 2024, quarter: 2 }).map(quarterKey)).toEqual([
      "2023-Q3",
      "2023-Q4",
      "2024-Q1",
      "2024-Q2",
    ]);
    const now = new Date("2024-07-10T12:00:00Z");
    expect(catchUpQuarters(now, "Europe/London").map(quarterKey)).toEqual(["2024-Q2"]);
    expect(catchUpQuarters(now, "Europe/London", "2024-Q1").map(quarterKey)).toEqual(["2024-Q1", "2024-Q2"]);
    expect(catchUpQuarters(now, "Europe/London", "2024-Q3")).toEqual([]);
  });

  it("catch-up stops at the last quarter the data covers, not the wall clock", () => {
    const now = new Date("2026-12-02T12:00:00Z");
    const quarters = (dataAsOf: string | null) =>
      catchUpQuarters(now, "Europe/London", "2023-Q3", dataAsOf).map(quarterKey);
    expect(quarters("2024-05-31")).toEqual(["2023-Q3", "2023-Q4", "2024-Q1"]);
    expect(quarters("2024-06-30")).toEqual(["2023-Q3", "2023-Q4", "2024-Q1", "2024-Q2"]);
    expect(quarters(null)).toEqual([]);
  });
});
