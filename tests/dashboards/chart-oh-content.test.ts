/**
 * What the OH charts publish from the fixed OH fixture (fixtures/oh-mart-fixture.ts): disclosure
 * control (counts rounded to 5 below England, 1–7 withheld, percentages from 1–7 withheld, a withheld
 * numerator withholds its percentage, complementary suppression of referral tables, rule 1 on value),
 * targets drawn and stated, assumptions stated in the value chart, and England counts left exact.
 */

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TopLevelSpec } from "vega-lite";
import { describe, expect, it } from "vitest";
import { exposurePepChart } from "../../dashboards/charts/exposure-pep-chart.js";
import { immunisationUptakeChart } from "../../dashboards/charts/immunisation-uptake-chart.js";
import {
  FIRST_APPOINTMENT_MEASURE,
  OH_TIMELINESS_TARGETS,
  ohTimelinessChart,
  REPORT_MEASURE,
} from "../../dashboards/charts/oh-timeliness-chart.js";
import { referralOutcomesChart } from "../../dashboards/charts/referral-outcomes-chart.js";
import { valueRoiChart } from "../../dashboards/charts/value-roi-chart.js";
import { checkOutputs } from "../../dashboards/disclosure/output-checker.js";
import { OH_FIXTURE_ORG } from "./chart-fixture-specs.js";
import {
  exposureFixture,
  fluFixture,
  referralCategoryFixture,
  referralWaitsFixture,
  valueFixture,
  valueFixtureWithoutBaseline,
} from "./fixtures/oh-mart-fixture.js";

const ENGLAND = { level: "england", name: "England" } as const;

function values(spec: TopLevelSpec): Record<string, unknown>[] {
  return (spec as { data: { values: Record<string, unknown>[] } }).data.values;
}

/** Every `*_count` field of a chart's data is null (withheld), 0 or a multiple of 5. */
function expectRoundedCounts(spec: TopLevelSpec): void {
  for (const v of values(spec)) {
    for (const [k, x] of Object.entries(v)) {
      if (!k.endsWith("_count") || x === null) continue;
      expect(typeof x, k).toBe("number");
      expect((x as number) % 5, `${k}=${String(x)}`).toBe(0);
    }
  }
}

describe("OH timeliness chart", () => {
  const spec = ohTimelinessChart(referralWaitsFixture(), OH_FIXTURE_ORG);

  it("withholds the month whose denominator is 1–7 and rounds counts to 5", () => {
    const march = values(spec).find(
      (v) => v.month_end === "2024-03-31" && v.measure === FIRST_APPOINTMENT_MEASURE,
    );
    expect(march).toMatchObject({ percent: null, denominator_count: null, note: "withheld (small numbers)" });
    expectRoundedCounts(spec);
    const jan = referralWaitsFixture()[0];
    const janFirst = values(spec).find(
      (v) => v.month_end === "2024-01-31" && v.measure === FIRST_APPOINTMENT_MEASURE,
    );
    // Rule 3: the percentage comes from the counts as published (rounded to 5), 1 dp.
    const round5 = (n: number) => Math.floor(n / 5 + 0.5) * 5;
    expect(janFirst?.percent).toBe(
      Math.round(
        (round5(jan?.first_appointment_within_10_wd ?? 0) / round5(jan?.first_appointment_referrals ?? 1)) *
          1000,
      ) / 10,
    );
  });

  it("draws both targets as rules and states in title and description that they are an assumption", () => {
    const layers = (spec as { layer: { mark: { type: string } }[] }).layer;
    expect(layers[0]?.mark.type).toBe("rule");
    expect(values(spec).every((v) => v.target_pct === OH_TIMELINESS_TARGETS.firstAppointmentPct)).toBe(true);
    expect(JSON.stringify(spec.title)).toContain("local SLA assumption");
    expect(spec.description).toContain("SEQOHS requires target waiting times but sets no numbers");
    // Reports meet 90% from July (fixture), but one of those months shows under 90% from its
    // rounded counts (as published): 5 of the 12 months.
    expect(spec.description).toContain(
      `${REPORT_MEASURE.toLowerCase()} met its 90% target in 5 of 12 published months`,
    );
  });

  it("withholds small England counts too (England may be one trust)", () => {
    const england = ohTimelinessChart(referralWaitsFixture(), ENGLAND);
    const march = values(england).find(
      (v) => v.month_end === "2024-03-31" && v.measure === FIRST_APPOINTMENT_MEASURE,
    );
    expect(march?.denominator_count).toBe(null);
    expect(march?.percent).toBe(null);
    expectRoundedCounts(england);
  });

  it("refuses a geography with no referrals (so pages and packs leave the chart off)", () => {
    expect(() => ohTimelinessChart([], OH_FIXTURE_ORG)).toThrow(/OH timeliness/);
  });
});

describe("exposures and PEP chart", () => {
  const spec = exposurePepChart(exposureFixture(), OH_FIXTURE_ORG);
  it("withholds a month of 3 exposures and a PEP % from 6 high-risk exposures", () => {
    const june = values(spec).find((v) => v.month_end === "2024-06-30");
    expect(june).toMatchObject({ exposures_count: null, high_risk_count: null, pep_pct: null });
    const feb = values(spec).find((v) => v.month_end === "2024-02-29");
    expect(feb).toMatchObject({ high_risk_count: null, pep_pct: null, pep_note: "withheld (small numbers)" });
    expect(typeof feb?.exposures_count).toBe("number");
    expectRoundedCounts(spec);
  });
  it("passes the independent output checker when written as JSON", () => {
    const dir = mkdtempSync(join(tmpdir(), "ohwb-oh-chart-"));
    try {
      for (const [name, s] of Object.entries({
        exposure: spec,
        timeliness: ohTimelinessChart(referralWaitsFixture(), OH_FIXTURE_ORG),
      }))
        writeFileSync(join(dir, `${name}.json`), JSON.stringify(values(s)));
      expect(checkOutputs(dir)).toEqual([]);
      // …and the checker would have caught an unrounded count (the test can fail).
      writeFileSync(join(dir, "bad.json"), JSON.stringify([{ level: "organisation", exposures_count: 13 }]));
      expect(checkOutputs(dir).map((v) => v.kind)).toContain("unrounded_count");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("immunisation uptake chart", () => {
  it("draws the two seasons Sep–Feb, cumulative, with the latest season's end figure in the description", () => {
    const spec = immunisationUptakeChart(fluFixture(), OH_FIXTURE_ORG);
    const v = values(spec);
    expect(v.map((r) => r.season_month).slice(0, 6)).toEqual(["Sep", "Oct", "Nov", "Dec", "Jan", "Feb"]);
    expect(new Set(v.map((r) => r.season))).toEqual(new Set(["2023/24", "2024/25"]));
    const last = v.at(-1);
    expect(last).toMatchObject({ season: "2024/25", month_end: "2025-02-28", uptake_pct: 65.4 });
    expect(spec.description).toContain(
      "By the end of Feb 2025, 65.4% of frontline staff were vaccinated in 2024/25",
    );
    expect(spec.description).toContain("against 67.9% by the same point of 2023/24");
    expectRoundedCounts(spec);
  });
  it("refuses rows without a headcount", () => {
    const rows = fluFixture().map((r) => ({ ...r, frontline_headcount: null }));
    expect(() => immunisationUptakeChart(rows, OH_FIXTURE_ORG)).toThrow(/flu uptake/);
  });
});

describe("referrals by type and outcome chart", () => {
  const spec = referralOutcomesChart(referralCategoryFixture(), OH_FIXTURE_ORG);
  const cell = (quarter: string, category: string) =>
    values(spec).find((v) => v.quarter === quarter && v.category === category);
  it("withholds the 3 and, by complementary suppression, enough cells that none can be recovered", () => {
    expect(cell("Q2 2024", "Health surveillance")?.referrals_count).toBe(null);
    // The column (health surveillance) and the row (Q2 types) each needed a second withheld cell.
    const q2Withheld = values(spec).filter(
      (v) => v.quarter === "Q2 2024" && v.breakdown === "By referral type" && v.referrals_count === null,
    );
    expect(q2Withheld.length).toBeGreaterThanOrEqual(2);
    const hsWithheld = values(spec).filter(
      (v) => v.category === "Health surveillance" && v.referrals_count === null,
    );
    expect(hsWithheld.length).toBeGreaterThanOrEqual(2);
    expect(cell("Q4 2024", "Management")?.referrals_count).toBe(140);
    expectRoundedCounts(spec);
  });
  it("names both breakdowns and the latest quarter in the description", () => {
    expect(spec.description).toContain("In Q4 2024, by referral type: Management 140");
    expect(spec.description).toContain("by latest outcome: Fit 100");
  });
});

describe("value and ROI chart", () => {
  const spec = valueRoiChart(valueFixture(), {
    ...OH_FIXTURE_ORG,
    costSource: "fixture cost per FTE",
    baselineSource: "fixture benchmark group",
  });
  it("states its assumptions in the subtitle and the description", () => {
    const subtitle = JSON.stringify((spec.title as { subtitle: unknown }).subtitle);
    expect(subtitle).toContain("£42,000 per FTE-year");
    expect(subtitle).toContain("baseline: benchmark peer 5.10%");
    expect(spec.description).toContain(
      "Assumptions: Days saved = (baseline rate − observed rate) × FTE days available",
    );
    expect(spec.description).toContain("fixture cost per FTE");
    expect(spec.description).toContain("fixture benchmark group");
    expect(spec.description).toContain("ROI 0.94 (£1.94 per £1)");
  });
  it("says why a quarter has no ROI, and withholds a quarter with 330 FTE days available or fewer", () => {
    const q1 = values(spec).find((v) => v.quarter === "Q1 2024");
    expect(q1?.roi_text).toBe("no ROI (no OH service cost recorded)");
    const small = valueFixture().map((r, i) => (i === 3 ? { ...r, fte_days_available: 300 } : r));
    const quarters = new Set(values(valueRoiChart(small, OH_FIXTURE_ORG)).map((v) => v.quarter));
    expect(quarters.has("Q4 2024")).toBe(false);
    expect(quarters.has("Q3 2024")).toBe(true);
  });
  it("says which quarters' cost of absence leaves out months with no FTE days recorded", () => {
    expect(spec.description).not.toContain("partial");
    const startUp = valueFixture().map((r, i) => (i === 0 ? { ...r, org_months_not_costed: 2 } : r));
    const first = values(valueRoiChart(startUp, OH_FIXTURE_ORG))[0]?.quarter;
    expect(valueRoiChart(startUp, OH_FIXTURE_ORG).description).toContain(
      `The cost of absence is partial in ${first} (2): it leaves out that many organisation-months with days lost but no FTE days recorded`,
    );
  });
  it("without a baseline shows cost of absence and service cost only, and says why there is no ROI", () => {
    const bare = valueRoiChart(valueFixtureWithoutBaseline(), OH_FIXTURE_ORG);
    expect((bare as { hconcat: unknown[] }).hconcat).toHaveLength(1);
    expect(JSON.stringify(bare.title)).toContain(
      "No FTE days saved or ROI: no baseline rate for these quarters.",
    );
    expect(bare.description).toContain("no days saved computed (no baseline)");
    expect(
      values(bare)
        .filter((v) => v.gbp !== null)
        .map((v) => v.measure),
    ).toContain("Cost of sickness absence");
  });
});
