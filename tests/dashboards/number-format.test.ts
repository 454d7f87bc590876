import { describe, expect, it } from "vitest";
import {
  formatCount,
  formatGbp,
  formatGbpPerPound,
  formatMonth,
  formatRate,
  formatRatio,
} from "../../dashboards/charts/chart-text.js";
import { pct } from "../../dashboards/pack/pack-content.js";

describe("the one formatter for rates, counts, money and months", () => {
  it("rates to 2 dp with %, counts with thousands separators, money in whole pounds with £", () => {
    expect(formatRate(5.5)).toBe("5.50%");
    expect(formatRate(4.974)).toBe("4.97%");
    expect(formatCount(1234567.6)).toBe("1,234,568");
    expect(formatCount(-281.4)).toBe("−281"); // the minus sign, as money has it
    expect(formatRatio(-0.4321)).toBe("−0.43");
    expect(formatGbpPerPound(-0.4321)).toBe("−£0.43");
    expect(formatGbpPerPound(1.5)).toBe("£1.50");
    expect(formatGbp(22_300_000.4)).toBe("£22,300,000");
    expect(formatGbp(-36_312)).toBe("−£36,312");
    expect(formatMonth("2023-12-31")).toBe("Dec 2023");
    expect(pct).toBe(formatRate); // the pack's wording is the same formatter
  });
});
