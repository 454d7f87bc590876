import { describe, expect, it } from "vitest";
import { DashboardInputError } from "../../core/errors.js";
import {
  type AbsenceRateRow,
  type DisclosedCountTable,
  discloseAbsenceRates,
  discloseCount,
  discloseCountTable,
  discloseMean,
  disclosePercentage,
} from "../../dashboards/disclosure/disclosure-control.js";

describe("rule 2: counts at every level", () => {
  it("keeps 0, stars 1–7 and rounds the rest half-up to 5", () => {
    const cases: [number, number | "*"][] = [
      [0, 0],
      [1, "*"],
      [7, "*"],
      [8, 10],
      [12, 10],
      [13, 15],
      [22, 20],
      [23, 25],
      [25, 25],
      [27, 25],
      [28, 30],
      [1002, 1000],
      [1003, 1005],
    ];
    for (const [n, expected] of cases) expect(discloseCount(n), `count ${n}`).toBe(expected);
  });
  it("rejects non-counts", () => {
    expect(() => discloseCount(-1)).toThrow(DashboardInputError);
    expect(() => discloseCount(2.5)).toThrow(/non-negative integers/);
  });
});

describe("rule 3: percentages and means", () => {
  it("never shows a percentage that gives away the counts behind rounded figures", () => {
    // "10 of 15, 92.3%" could only be 12 of 13; from the rounded counts it is 66.7%.
    expect([discloseCount(12), discloseCount(13), disclosePercentage(12, 13)]).toEqual([10, 15, 66.7]);
    // An attacker lists every (numerator, denominator) that rounds to what is shown and gives the
    // shown percentage: the percentage must not narrow them below what the rounded counts allow.
    for (let d = 8; d <= 60; d++) {
      for (let n = 0; n <= d; n++) {
        const [shownN, shownD, shownP] = [discloseCount(n), discloseCount(d), disclosePercentage(n, d)];
        const consistent: [number, number][] = [];
        const byCounts: [number, number][] = [];
        for (let dd = 8; dd <= 65; dd++) {
          for (let nn = 0; nn <= dd; nn++) {
            if (discloseCount(nn) !== shownN || discloseCount(dd) !== shownD) continue;
            byCounts.push([nn, dd]);
            if (disclosePercentage(nn, dd) === shownP) consistent.push([nn, dd]);
          }
        }
        expect(consistent.length, `${n} of ${d}`).toBe(byCounts.length);
      }
    }
  });

  it("stars a percentage when either count is withheld, and shows 1 dp of the rounded counts", () => {
    expect(disclosePercentage(3, 7)).toBe("*");
    expect(disclosePercentage(1, 1)).toBe("*");
    expect(disclosePercentage(3, 8)).toBe("*");
    expect(disclosePercentage(2, 3 * 10)).toBe("*");
    expect(disclosePercentage(0, 9)).toBe(0);
    expect(disclosePercentage(8, 8)).toBe(100);
    expect(disclosePercentage(37, 103)).toBe(33.3); // 35 of 105
    expect(disclosePercentage(0, 0)).toBeNull();
    expect(discloseMean(12.345, 7)).toBe("*");
    expect(discloseMean(12.345, 8)).toBe(12.3);
  });
});

function row(staff_group: string, lost: number, available: number, code = "RXX"): AbsenceRateRow {
  const suppressed = available <= 330;
  return {
    month_end: "2024-01-31",
    level: "organisation",
    code,
    name: "Test Trust",
    staff_group,
    fte_days_lost: lost,
    fte_days_available: available,
    rate_pct: suppressed ? null : Math.round((lost / available) * 10000) / 100,
    suppressed,
  };
}

describe("rules 1 and 4 on absence-rate mart rows", () => {
  it("nulls lost, available and rate at ≤ 330 FTE days available with reason ESR_330", () => {
    const [small, edge, ok] = discloseAbsenceRates([
      row("Midwives", 10, 330),
      row("Midwives", 10, 200, "RYY"),
      row("Midwives", 10, 330.05, "RZZ"),
    ]);
    expect(small).toMatchObject({
      fte_days_lost: null,
      fte_days_available: null,
      rate_pct: null,
      suppressed: true,
      suppressed_reason: "ESR_330",
    });
    expect(edge?.suppressed_reason).toBe("ESR_330");
    expect(ok).toMatchObject({
      fte_days_lost: 10,
      fte_days_available: 330.05,
      suppressed: false,
      suppressed_reason: null,
    });
  });

  it("withholds the next-smallest staff group when one group could be recovered from the total", () => {
    // Total 12,300 available; Midwives (300) withheld → 12,300 − 2,000 − 10,000 would give it away.
    const rows = [
      row("All staff groups", 620, 12_300),
      row("Midwives", 15, 300),
      row("HCHS doctors", 100, 2_000),
      row("Nurses & health visitors", 505, 10_000),
    ];
    const out = discloseAbsenceRates(rows);
    expect(out.map((r) => [r.staff_group, r.suppressed_reason])).toEqual([
      ["All staff groups", null],
      ["Midwives", "ESR_330"],
      ["HCHS doctors", "COMPLEMENTARY"],
      ["Nurses & health visitors", null],
    ]);
    expect(out[2]).toMatchObject({
      fte_days_lost: null,
      fte_days_available: null,
      rate_pct: null,
      suppressed: true,
    });
    // Two withheld groups: no further suppression needed.
    const two = discloseAbsenceRates(
      [...rows, row("Midwives", 5, 100, "OTHER")].map((r, i) => (i === 2 ? row("HCHS doctors", 10, 250) : r)),
    );
    expect(two.filter((r) => r.code === "RXX" && r.suppressed).map((r) => r.suppressed_reason)).toEqual([
      "ESR_330",
      "ESR_330",
    ]);
  });
});

/** Every row and column of the table with its total, as disclosed values. */
type Shown = number | "*" | "missing";
function lines(t: DisclosedCountTable): Shown[][] {
  const rows: Shown[][] = t.cells.map((r, i) => [
    ...r.map((c) => c.value),
    t.rowTotals[i]?.value ?? "missing",
  ]);
  rows.push([...t.columnTotals.map((c) => c.value), t.grandTotal.value]);
  const cols = (rows[0] ?? []).map((_, c) => rows.map((r): Shown => r[c] ?? "missing"));
  return [...rows, ...cols];
}

describe("rule 4: complementary suppression on a table with totals", () => {
  it("stops a single suppressed cell being recovered from its row and column totals", () => {
    // Row A: 3 + 40 + 52 = 95. Primary suppression alone would publish "*", 40, 50 | 95, so the
    // reader gets A×X = 95 − 40 − 50 = 5 (± rounding) — recoverable. Column X has the same problem.
    const t = discloseCountTable({
      rowLabels: ["A", "B"],
      columnLabels: ["X", "Y", "Z"],
      cells: [
        [3, 40, 52],
        [20, 30, 45],
      ],
      level: "organisation",
    });
    const grid = t.cells.map((r) => r.map((c) => `${c.value}:${c.reason}`));
    expect(grid).toEqual([
      ["*:small_count", "*:complementary", "50:published"],
      ["*:complementary", "*:complementary", "45:published"],
    ]);
    expect(t.rowTotals.map((c) => c.value)).toEqual([95, 95]);
    expect(t.columnTotals.map((c) => c.value)).toEqual([25, 70, 95]); // totals from raw sums, then rounded
    expect(t.grandTotal.value).toBe(190);
    for (const line of lines(t)) expect(line.filter((v) => v === "*").length).not.toBe(1);
  });

  it("applies the same rules to an England table (England may be a single trust)", () => {
    const t = discloseCountTable({
      rowLabels: ["A"],
      columnLabels: ["X", "Y"],
      cells: [[3, 12]],
      level: "england",
    });
    expect(t.cells[0]?.map((c) => c.value)).toEqual(["*", "*"]);
    expect(t.grandTotal.value).toBe(15);
  });

  it("leaves no recoverable cell in 300 random tables", () => {
    let seed = 42;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let k = 0; k < 300; k++) {
      const rows = 1 + Math.floor(rand() * 4);
      const cols = 1 + Math.floor(rand() * 4);
      const cells = Array.from({ length: rows }, () =>
        Array.from({ length: cols }, () =>
          rand() < 0.3 ? Math.floor(rand() * 8) : Math.floor(rand() * 200),
        ),
      );
      const t = discloseCountTable({
        rowLabels: cells.map((_, i) => `r${i}`),
        columnLabels: Array.from({ length: cols }, (_, i) => `c${i}`),
        cells,
        level: "ics",
      });
      for (const line of lines(t)) {
        expect(line.filter((v) => v === "*").length, JSON.stringify(cells)).not.toBe(1);
        for (const v of line)
          if (v !== "*") expect(v === 0 || (typeof v === "number" && v % 5 === 0 && v > 7)).toBe(true);
      }
    }
  });

  it("rejects ragged tables", () => {
    expect(() =>
      discloseCountTable({ rowLabels: ["A"], columnLabels: ["X", "Y"], cells: [[1]], level: "ics" }),
    ).toThrow(/expected 2/);
  });
});
