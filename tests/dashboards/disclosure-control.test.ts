import { describe, expect, it } from "vitest";
import { DashboardInputError } from "../../dashboards/dashboard-errors.js";
import {
  type AbsenceRateRow,
  type DisclosedCountTable,
  discloseAbsenceRates,
  discloseCount,
  discloseCountTable,
  discloseMean,
  disclosePercentage,
} from "../../dashboards/disclosure/disclosure-control.js";
import { ALL_STAFF_GROUPS } from "../../dashboards/mart-rows.js";

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

  it("keeps each reason when rows disclosed once are disclosed again, and tells no FTE days from small numbers", () => {
    const rows = [
      row("All staff groups", 620, 12_300),
      row("Midwives", 15, 300),
      row("HCHS doctors", 100, 2_000),
      row("Nurses & health visitors", 505, 10_000),
      row("Central functions", 4, 0),
    ];
    const once = discloseAbsenceRates(rows);
    const reasons = (out: typeof once) => out.map((r) => r.suppressed_reason);
    expect(reasons(once)).toEqual([null, "ESR_330", null, null, "NO_FTE_DAYS"]);
    // the site discloses every level, then each chart its own month, from the disclosed rows
    expect(reasons(discloseAbsenceRates(once))).toEqual(reasons(once));
    const complementary = discloseAbsenceRates(rows.slice(0, 4));
    expect(reasons(discloseAbsenceRates(complementary))).toEqual([null, "ESR_330", "COMPLEMENTARY", null]);
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

describe("rule 4 across the organisation → ICB → region → England hierarchy", () => {
  /**
   * An attacker's view: the published rows, and every sum that holds in the data (staff groups add up to
   * 'All staff groups'; organisations to their ICB, ICBs to their region, regions to England, and each
   * total to every lower level inside it). Repeatedly, a sum with exactly one unknown member gives that
   * member away; each recovered figure is then used in further sums.
   */
  function recovered(
    published: readonly { fte_days_available: number | null }[],
    lines: readonly number[][],
  ): Set<number> {
    const known = new Set(published.flatMap((r, i) => (r.fte_days_available === null ? [] : [i])));
    const start = known.size;
    let progress = true;
    while (progress) {
      progress = false;
      for (const line of lines) {
        const unknown = line.filter((i) => !known.has(i));
        if (unknown.length === 1) {
          known.add(unknown[0] as number);
          progress = true;
        }
      }
    }
    expect(known.size).toBeGreaterThanOrEqual(start);
    return new Set([...known].filter((i) => published[i]?.fte_days_available === null));
  }

  it("leaves no withheld organisation derivable from ICB, region or England totals, in 200 random hierarchies", () => {
    let seed = 7;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const groups = ["Nurses", "Doctors"];
    for (let k = 0; k < 200; k++) {
      const hierarchy: { code: string; icsCode: string; regionCode: string }[] = [];
      const rows: AbsenceRateRow[] = [];
      const sums = new Map<string, [number, number]>();
      const addTo = (key: string, lost: number, available: number) => {
        const [l, a] = sums.get(key) ?? [0, 0];
        sums.set(key, [l + lost, a + available]);
      };
      const regions = 1 + Math.floor(rand() * 3);
      for (let r = 0; r < regions; r++) {
        const icbs = 1 + Math.floor(rand() * 3);
        for (let c = 0; c < icbs; c++) {
          const orgs = 1 + Math.floor(rand() * 4);
          for (let o = 0; o < orgs; o++) {
            const code = `R${r}${c}${o}`;
            hierarchy.push({ code, icsCode: `Q${r}${c}`, regionCode: `Y${r}` });
            for (const g of groups) {
              // Some staff groups of some organisations are tiny (≤ 330 FTE days): rule 1 withholds them.
              const available =
                rand() < 0.25 ? 100 + Math.floor(rand() * 230) : 400 + Math.floor(rand() * 9000);
              const lost = Math.floor(available * 0.05);
              for (const key of [`organisation|${code}`, `ics|Q${r}${c}`, `region|Y${r}`, "england|ENG"]) {
                addTo(`${key}|${g}`, lost, available);
                addTo(`${key}|${ALL_STAFF_GROUPS}`, lost, available);
              }
            }
          }
        }
      }
      for (const [key, [lost, available]] of sums) {
        const [level, code, staffGroup] = key.split("|") as [AbsenceRateRow["level"], string, string];
        rows.push({
          month_end: "2024-01-31",
          level,
          code,
          name: code,
          staff_group: staffGroup,
          fte_days_lost: lost,
          fte_days_available: available,
          rate_pct: Math.round((lost / available) * 10000) / 100,
          suppressed: false,
        });
      }
      const published = discloseAbsenceRates(rows, hierarchy);
      const index = new Map(rows.map((r, i) => [`${r.level}|${r.code}|${r.staff_group}`, i]));
      const at = (level: string, code: string, g: string) => index.get(`${level}|${code}|${g}`) as number;
      const lines: number[][] = [];
      const orgsOf = (pick: (h: (typeof hierarchy)[number]) => boolean) =>
        hierarchy.filter(pick).map((h) => h.code);
      const icbsOf = (region?: string) => [
        ...new Set(hierarchy.filter((h) => !region || h.regionCode === region).map((h) => h.icsCode)),
      ];
      const regionCodes = [...new Set(hierarchy.map((h) => h.regionCode))];
      for (const g of [...groups, ALL_STAFF_GROUPS]) {
        for (const icb of icbsOf())
          lines.push([
            ...orgsOf((h) => h.icsCode === icb).map((o) => at("organisation", o, g)),
            at("ics", icb, g),
          ]);
        for (const region of regionCodes) {
          lines.push([...icbsOf(region).map((c) => at("ics", c, g)), at("region", region, g)]);
          lines.push([
            ...orgsOf((h) => h.regionCode === region).map((o) => at("organisation", o, g)),
            at("region", region, g),
          ]);
        }
        lines.push([...regionCodes.map((r) => at("region", r, g)), at("england", "ENG", g)]);
        lines.push([...icbsOf().map((c) => at("ics", c, g)), at("england", "ENG", g)]);
        lines.push([...hierarchy.map((h) => at("organisation", h.code, g)), at("england", "ENG", g)]);
      }
      for (const r of rows) {
        if (r.staff_group !== ALL_STAFF_GROUPS) continue;
        lines.push([...groups.map((g) => at(r.level, r.code, g)), at(r.level, r.code, ALL_STAFF_GROUPS)]);
      }
      const withheld = published.flatMap((r, i) => (r.fte_days_available === null ? [i] : []));
      expect(withheld.every((i) => published[i]?.suppressed)).toBe(true);
      expect([...recovered(published, lines)], `hierarchy ${k}`).toEqual([]);
      // Rule 1 still holds: nothing ≤ 330 is published.
      for (const r of published)
        if (r.fte_days_available !== null) expect(r.fte_days_available).toBeGreaterThan(330);
    }
  });
});
