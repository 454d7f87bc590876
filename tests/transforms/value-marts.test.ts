/**
 * Absence-derived KPIs and the value model on a hand-worked dataset: reason
 * share, days lost per FTE-year, cost of absence, days saved, ROI and
 * benefit-cost ratio (domain notes §4 and §8). RXX: nurses and central
 * functions; as-of 2024-02-29. Value-model assumptions are passed in (nurses
 * £36,500 = £100 per calendar FTE-day, central functions £18,250 = £50).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runTransforms } from "../../transforms/run-transforms.js";
import { loadValueModel, type ValueModel, valueModelSchema } from "../../transforms/value-model-config.js";
import { absenceStarted, contractEvent, fteMonthly, publishedRow } from "./kpi-event-builders.js";
import { appendLandingEvents, freshWarehouse, rows, type TestWarehouse } from "./warehouse-fixture.js";

const NURSES = "Nurses & health visitors";
const CENTRAL = "Central functions";

const prePeriodModel: ValueModel = valueModelSchema.parse({
  annual_cost_per_fte_gbp: {
    default: 29200,
    by_staff_group: { [NURSES]: 36500, [CENTRAL]: 18250 },
    source: "test figures",
  },
  baseline: {
    kind: "pre_period",
    pre_period_start: "2024-01-01",
    pre_period_end: "2024-01-31",
    source: "test",
  },
});

const peerModel: ValueModel = {
  ...prePeriodModel,
  baseline: { kind: "benchmark_peer", source: "test" },
};

const events = [
  // Available: Jan nurses 3,100 + central 620 = 3,720; Feb nurses 2,900 + central 580 = 3,480.
  fteMonthly("RXX", NURSES, "2024-01-31", 3100),
  fteMonthly("RXX", CENTRAL, "2024-01-31", 620),
  fteMonthly("RXX", NURSES, "2024-02-29", 2900),
  fteMonthly("RXX", CENTRAL, "2024-02-29", 580),
  // Lost: Jan nurse S10 10 days × 1 = 10; Jan central S12 5 days × 0.6 = 3; Feb nurse S10 6 days × 1 = 6.
  absenceStarted({
    id: "A",
    staff: "ps_a",
    group: NURSES,
    start: "2024-01-10",
    end: "2024-01-19",
    reason: "S10",
    fte: 1,
  }),
  absenceStarted({
    id: "B",
    staff: "ps_b",
    group: CENTRAL,
    start: "2024-01-20",
    end: "2024-01-24",
    reason: "S12",
    fte: 0.6,
  }),
  absenceStarted({
    id: "C",
    staff: "ps_c",
    group: NURSES,
    start: "2024-02-01",
    end: "2024-02-06",
    reason: "S10",
    fte: 1,
  }),
  // £590 for 1 Feb – 31 Mar (60 days): Feb 29/60 × 590, Mar 31/60 × 590.
  contractEvent("ohwb.service.cost", "2024-04-01T00:00:00Z", {
    cost_id: "C1",
    service_ods: "RXX",
    period_start: "2024-02-01",
    period_end: "2024-03-31",
    cost_gbp: 590,
    cost_type: "staff",
    intervention_service: null,
    description: null,
  }),
  // Peer group 'Acute - Teaching' in Feb: (100 + 300) ÷ (20,000 + 20,000) = 1%.
  publishedRow("RXX", "2024-02-29", {
    ics: "QXX",
    region: "Y60",
    benchmarkGroup: "Acute - Teaching",
    lost: 100,
    available: 20000,
  }),
  publishedRow("RZZ", "2024-02-29", {
    ics: "QXX",
    region: "Y60",
    benchmarkGroup: "Acute - Teaching",
    lost: 300,
    available: 20000,
  }),
];

let test: TestWarehouse;

beforeAll(async () => {
  test = await freshWarehouse();
  await appendLandingEvents(test.connection, events);
  await runTransforms(test.connection, { asOf: "2024-02-29", valueModel: prePeriodModel });
});

afterAll(() => test?.dispose());

const one = async (sql: string) => {
  const found = await rows(test.connection, sql);
  expect(found).toHaveLength(1);
  return found[0] as Record<string, unknown>;
};

/** The organisation's roi_status for one month of mart_value_roi. */
const organisationMonthStatus = async (monthEnd: string) =>
  (
    await one(
      `SELECT roi_status FROM mart_value_roi WHERE period_kind = 'month' AND period_end = DATE '${monthEnd}' AND level = 'organisation'`,
    )
  ).roi_status;

describe("absence KPIs", () => {
  it("reason share = FTE days lost for the reason ÷ all reasons", async () => {
    const share = await rows(
      test.connection,
      `SELECT period_kind, reason_code, fte_days_lost, fte_days_lost_all_reasons, reason_share_pct
       FROM mart_sickness_reason_share WHERE level = 'organisation' AND code = 'RXX' AND period_kind <> 'rolling12'
         AND period_end IN (DATE '2024-01-31', DATE '2024-03-31') ORDER BY period_kind, reason_code`,
    );
    expect(share).toEqual([
      {
        period_kind: "month",
        reason_code: "S10",
        fte_days_lost: 10,
        fte_days_lost_all_reasons: 13,
        reason_share_pct: 76.92,
      },
      {
        period_kind: "month",
        reason_code: "S12",
        fte_days_lost: 3,
        fte_days_lost_all_reasons: 13,
        reason_share_pct: 23.08,
      },
      {
        period_kind: "quarter",
        reason_code: "S10",
        fte_days_lost: 16,
        fte_days_lost_all_reasons: 19,
        reason_share_pct: 84.21,
      },
      {
        period_kind: "quarter",
        reason_code: "S12",
        fte_days_lost: 3,
        fte_days_lost_all_reasons: 19,
        reason_share_pct: 15.79,
      },
    ]);
  });

  it("days lost per FTE-year = lost ÷ available × 365", async () => {
    const jan = await one(
      `SELECT * FROM mart_sickness_days_per_fte_year WHERE period_kind = 'month' AND period_end = DATE '2024-01-31'
       AND level = 'england' AND staff_group = 'All staff groups'`,
    );
    expect(jan.days_lost_per_fte_year).toBeCloseTo((13 / 3720) * 365, 10);
    expect(jan.fte_off_sick_per_day).toBeCloseTo(13 / 31, 10);
    const quarter = await one(
      `SELECT * FROM mart_sickness_days_per_fte_year WHERE period_kind = 'quarter' AND period_end = DATE '2024-03-31'
       AND level = 'organisation' AND staff_group = 'All staff groups'`,
    );
    expect(quarter.days_lost_per_fte_year).toBeCloseTo((19 / 7200) * 365, 10);
  });

  it("cost of absence = FTE days lost × annual cost per FTE ÷ 365, with its assumptions on the row", async () => {
    const jan = await rows(
      test.connection,
      `SELECT staff_group, cost_of_absence_gbp, assumption_cost_per_fte_gbp, assumptions_json
       FROM mart_sickness_cost WHERE period_kind = 'month' AND period_end = DATE '2024-01-31' AND level = 'organisation'
       ORDER BY staff_group`,
    );
    expect(jan.map((row) => row.staff_group)).toEqual(["All staff groups", CENTRAL, NURSES]);
    expect(jan[0]?.cost_of_absence_gbp).toBeCloseTo(10 * 100 + 3 * 50, 8);
    expect(jan[1]?.cost_of_absence_gbp).toBeCloseTo(150, 8);
    expect(jan[1]?.assumption_cost_per_fte_gbp).toBeCloseTo(18250, 6);
    expect(jan[2]?.cost_of_absence_gbp).toBeCloseTo(1000, 8);
    expect(jan[0]?.assumption_cost_per_fte_gbp).toBeCloseTo((1150 / 13) * 365, 6);
    expect(JSON.parse(String(jan[0]?.assumptions_json))).toEqual(prePeriodModel);
  });
});

describe("value model", () => {
  // Baseline Jan rate 13/3,720; Feb observed 6/3,480: days saved = 13 × 3,480/3,720 − 6.
  const daysSaved = (13 * 3480) / 3720 - 6;
  // Feb cost per calendar FTE-day, the cost-of-absence price: the days lost are all nurses' (6 × £100 ÷ 6).
  const costPerDay = 100;
  const benefit = daysSaved * costPerDay;
  const februaryCost = (590 * 29) / 60;

  it("pre-period baseline: days saved, benefit, ROI and benefit-cost ratio by month", async () => {
    const feb = await one(
      "SELECT * FROM mart_value_roi WHERE period_kind = 'month' AND period_end = DATE '2024-02-29' AND level = 'organisation'",
    );
    expect(feb.days_saved).toBeCloseTo(daysSaved, 9);
    expect(feb.benefit_gbp).toBeCloseTo(benefit, 8);
    expect(feb.service_cost_gbp).toBeCloseTo(februaryCost, 8);
    expect(feb.roi).toBeCloseTo((benefit - februaryCost) / februaryCost, 9);
    expect(feb.benefit_cost_ratio).toBeCloseTo(benefit / februaryCost, 9);
    expect(feb.assumption_baseline_kind).toBe("pre_period");
    expect(feb.assumption_baseline_rate_pct).toBeCloseTo((13 / 3720) * 100, 10);
    expect(feb.assumption_cost_per_fte_gbp).toBeCloseTo(costPerDay * 365, 8);
    expect(feb.roi_status).toBe("computed");
    // the pre-period itself is not reported as a saving: listed as the baseline, with no measures
    const jan = await rows(
      test.connection,
      "SELECT * FROM mart_value_roi WHERE period_end = DATE '2024-01-31'",
    );
    expect(jan.length).toBeGreaterThan(0);
    for (const r of jan) {
      expect(r.roi_status).toBe("baseline_period");
      expect([r.days_saved, r.service_cost_gbp, r.roi]).toEqual([null, null, null]);
    }
  });

  it("months before the pre-period are labelled as before it, not as the baseline", async () => {
    await runTransforms(test.connection, {
      asOf: "2024-02-29",
      valueModel: {
        ...prePeriodModel,
        baseline: {
          kind: "pre_period",
          pre_period_start: "2024-02-01",
          pre_period_end: "2024-02-29",
          source: "test",
        },
      },
    });
    expect(await organisationMonthStatus("2024-01-31")).toBe("before_baseline");
    expect(await organisationMonthStatus("2024-02-29")).toBe("baseline_period");
    await runTransforms(test.connection, { asOf: "2024-02-29", valueModel: prePeriodModel });
  });

  it("baseline relative to the first service cost: the month before February's first cost is the baseline", async () => {
    await runTransforms(test.connection, {
      asOf: "2024-02-29",
      valueModel: { ...prePeriodModel, baseline: { kind: "before_first_cost", months: 1, source: "test" } },
    });
    const feb = await one(
      "SELECT * FROM mart_value_roi WHERE period_kind = 'month' AND period_end = DATE '2024-02-29' AND level = 'organisation'",
    );
    expect(feb.assumption_baseline_kind).toBe("before_first_cost");
    expect(String(feb.first_service_cost_month)).toMatch(/^2024-02-29/);
    expect(feb.days_saved).toBeCloseTo(daysSaved, 9); // the same January baseline as the pre-period
    expect(feb.roi).toBeCloseTo((benefit - februaryCost) / februaryCost, 9);
    expect(await organisationMonthStatus("2024-01-31")).toBe("baseline_period");
    await runTransforms(test.connection, { asOf: "2024-02-29", valueModel: prePeriodModel });
  });

  it("sensitivity: low / central / high benefit, ROI and ratio from the cost factor and the share attributed to OH", async () => {
    await runTransforms(test.connection, {
      asOf: "2024-02-29",
      valueModel: {
        ...prePeriodModel,
        sensitivity: {
          cost_per_fte_factor: { low: 0.8, central: 1, high: 1.25 },
          attributed_share: { low: 0.5, central: 0.75, high: 1 },
          source: "test",
        },
      },
    });
    const feb = await one(
      "SELECT * FROM mart_value_roi WHERE period_kind = 'month' AND period_end = DATE '2024-02-29' AND level = 'organisation'",
    );
    expect(feb.days_saved).toBeCloseTo(daysSaved * 0.75, 9);
    expect(feb.benefit_gbp).toBeCloseTo(benefit * 0.75, 8);
    expect(feb.benefit_low_gbp).toBeCloseTo(benefit * 0.4, 8);
    expect(feb.benefit_high_gbp).toBeCloseTo(benefit * 1.25, 8);
    expect(feb.roi_low).toBeCloseTo((benefit * 0.4 - februaryCost) / februaryCost, 9);
    expect(feb.roi_high).toBeCloseTo((benefit * 1.25 - februaryCost) / februaryCost, 9);
    expect(feb.benefit_cost_ratio_low).toBeCloseTo((benefit * 0.4) / februaryCost, 9);
    expect(feb.benefit_cost_ratio_high).toBeCloseTo((benefit * 1.25) / februaryCost, 9);
    expect(feb.roi_low).toBeLessThan(feb.roi as number);
    expect(feb.roi as number).toBeLessThan(feb.roi_high as number);
    await runTransforms(test.connection, { asOf: "2024-02-29", valueModel: prePeriodModel });
  });

  it("says why ROI is missing: no baseline months, no service cost, no absence data", async () => {
    const statusOf = async (periodEnd: string, level = "organisation") =>
      (
        await one(
          `SELECT roi_status FROM mart_value_roi WHERE period_kind = 'month' AND period_end = DATE '${periodEnd}' AND level = '${level}'`,
        )
      ).roi_status;
    expect(await statusOf("2024-03-31")).toBe("no_absence_data"); // March: cost, no ESR months
    await runTransforms(test.connection, {
      asOf: "2024-02-29",
      valueModel: {
        ...prePeriodModel,
        baseline: {
          kind: "pre_period",
          pre_period_start: "2023-01-01",
          pre_period_end: "2023-12-31",
          source: "t",
        },
      },
    });
    expect(await statusOf("2024-02-29")).toBe("no_baseline"); // the pre-period has no data
    await runTransforms(test.connection, { asOf: "2024-02-29", valueModel: peerModel });
    expect(await statusOf("2024-01-31")).toBe("no_service_cost"); // the first cost is for February
    await runTransforms(test.connection, { asOf: "2024-02-29", valueModel: prePeriodModel });
  });

  it("quarter sums the months: March carries service cost but no absence data, so no benefit", async () => {
    const quarter = await one(
      "SELECT * FROM mart_value_roi WHERE period_kind = 'quarter' AND period_end = DATE '2024-03-31' AND level = 'england'",
    );
    expect(quarter.days_saved).toBeCloseTo(daysSaved, 9);
    expect(quarter.service_cost_gbp).toBeCloseTo(590, 8);
    expect(quarter.roi).toBeCloseTo((benefit - 590) / 590, 9);
  });

  it("benchmark-peer baseline uses the benchmark group's published rate that month", async () => {
    await runTransforms(test.connection, { asOf: "2024-02-29", valueModel: peerModel });
    const feb = await one(
      "SELECT * FROM mart_value_roi WHERE period_kind = 'month' AND period_end = DATE '2024-02-29' AND level = 'organisation'",
    );
    const peerDaysSaved = ((1 - (6 / 3480) * 100) / 100) * 3480;
    expect(feb.assumption_baseline_kind).toBe("benchmark_peer");
    expect(feb.assumption_baseline_rate_pct).toBeCloseTo(1, 10);
    expect(feb.days_saved).toBeCloseTo(peerDaysSaved, 9);
    expect(feb.roi).toBeCloseTo((peerDaysSaved * costPerDay - februaryCost) / februaryCost, 9);
    // restore the pre-period build for any later test in this file
    await runTransforms(test.connection, { asOf: "2024-02-29", valueModel: prePeriodModel });
  });

  it("prices an FTE day as the cost-of-absence mart does: one cost per FTE for the same period and area", async () => {
    const compared = await rows(
      test.connection,
      `SELECT value.period_kind, value.level, strftime(value.period_end, '%Y-%m-%d') AS period_end,
              value.assumption_cost_per_fte_gbp AS roi_price, cost.assumption_cost_per_fte_gbp AS cost_price
       FROM mart_value_roi AS value
       JOIN mart_sickness_cost AS cost
         ON cost.staff_group = 'All staff groups' AND cost.period_kind = value.period_kind
        AND cost.period_end = value.period_end AND cost.level = value.level AND cost.code = value.code
       WHERE value.fte_days_lost > 0 AND value.roi_status <> 'baseline_period' AND value.period_kind = 'month'
       ORDER BY value.period_kind, value.level, value.period_end`,
    );
    // February at every level (a quarter's ROI leaves out its baseline months, so it prices fewer days)
    expect(compared.map((r) => r.level)).toEqual(["england", "ics", "organisation", "region"]);
    for (const row of compared) {
      expect(row.roi_price, `${row.period_kind} ${row.level} ${row.period_end}`).toBeCloseTo(
        row.cost_price as number,
        6,
      );
    }
    // the price differs from the FTE-days-available-weighted mix of nurses and central functions
    expect(compared[0]?.roi_price).toBeCloseTo(36500, 6);
  });

  it("the committed default config is valid and notes its sources", () => {
    const model = loadValueModel();
    expect(model.annual_cost_per_fte_gbp.source.length).toBeGreaterThan(20);
    expect(model.baseline.source.length).toBeGreaterThan(20);
  });
});
