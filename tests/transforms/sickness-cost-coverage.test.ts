/**
 * mart_sickness_cost costs only the months an organisation's workforce feed covers. An episode that
 * began before the feed starts has days lost in months with no FTE days recorded: those months have no
 * rate, and pricing their days would show a start-up month's handful of days as its cost of absence.
 * RXX's FTE feed starts in February 2024; episode A runs 20 January to 5 February (nurse, FTE 1).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runIncrementalTransforms } from "../../transforms/incremental-transforms.js";
import { runTransforms } from "../../transforms/run-transforms.js";
import { type ValueModel, valueModelSchema } from "../../transforms/value-model-config.js";
import { absenceStarted, fteMonthly, publishedRow } from "./kpi-event-builders.js";
import { appendLandingEvents, freshWarehouse, rows, type TestWarehouse } from "./warehouse-fixture.js";

const NURSES = "Nurses & health visitors";
const AS_OF = "2024-03-31";

// £36,500 a year = £100 per calendar FTE-day
const model: ValueModel = valueModelSchema.parse({
  annual_cost_per_fte_gbp: { default: 36500, by_staff_group: {}, source: "test figures" },
  baseline: {
    kind: "pre_period",
    pre_period_start: "2024-01-01",
    pre_period_end: "2024-01-31",
    source: "test",
  },
});

const january = fteMonthly("RXX", NURSES, "2024-01-31", 3100);
const events = [
  fteMonthly("RXX", NURSES, "2024-02-29", 2900),
  fteMonthly("RXX", NURSES, "2024-03-31", 3100),
  absenceStarted({
    id: "A",
    staff: "ps_a",
    group: NURSES,
    start: "2024-01-20",
    end: "2024-02-05",
    reason: "S10",
    fte: 1,
  }),
  // puts RXX in dim_organisation, under an ICB and a region
  publishedRow("RXX", "2024-02-29", {
    ics: "QXX",
    region: "Y60",
    benchmarkGroup: "Acute - Teaching",
    lost: 100,
    available: 20000,
  }),
];

const costRows = (t: TestWarehouse) =>
  rows(
    t.connection,
    `SELECT period_kind, strftime(period_end, '%Y-%m-%d') AS period_end, level, fte_days_lost::DOUBLE AS lost,
            cost_of_absence_gbp::DOUBLE AS cost, org_months_not_costed::INTEGER AS not_costed
     FROM mart_sickness_cost WHERE staff_group = 'All staff groups' AND level IN ('organisation', 'england')
       AND period_kind IN ('month', 'quarter')
     ORDER BY period_kind, period_end, level`,
  );

describe("mart_sickness_cost over the months the workforce feed covers", () => {
  let t: TestWarehouse;
  beforeAll(async () => {
    t = await freshWarehouse();
    await appendLandingEvents(t.connection, events);
    await runTransforms(t.connection, { asOf: AS_OF, valueModel: model });
  });
  afterAll(() => t?.dispose());

  it("leaves out January (12 days lost, no FTE days recorded) and counts it as not costed", async () => {
    const found = await costRows(t);
    // no January row: nothing was costed there; February's 5 days at £100; Q1 says one org-month is missing
    expect(found).toEqual([
      { period_kind: "month", period_end: "2024-02-29", level: "england", lost: 5, cost: 500, not_costed: 0 },
      {
        period_kind: "month",
        period_end: "2024-02-29",
        level: "organisation",
        lost: 5,
        cost: 500,
        not_costed: 0,
      },
      {
        period_kind: "quarter",
        period_end: "2024-03-31",
        level: "england",
        lost: 5,
        cost: 500,
        not_costed: 1,
      },
      {
        period_kind: "quarter",
        period_end: "2024-03-31",
        level: "organisation",
        lost: 5,
        cost: 500,
        not_costed: 1,
      },
    ]);
    // the days themselves are still in the fact: only the costing waits for the feed
    const [january] = await rows(
      t.connection,
      "SELECT sum(fte_days_lost)::DOUBLE AS lost FROM fct_absence_days WHERE month_end = DATE '2024-01-31'",
    );
    expect(january?.lost).toBe(12);
  });

  it("costs January once its FTE arrives, incrementally exactly as a full build does", async () => {
    const later = await freshWarehouse();
    const full = await freshWarehouse();
    try {
      await appendLandingEvents(later.connection, events);
      await runIncrementalTransforms(later.connection, { asOf: AS_OF, valueModel: model });
      await appendLandingEvents(later.connection, [january]);
      const second = await runIncrementalTransforms(later.connection, { asOf: AS_OF, valueModel: model });
      expect(second.mode).toBe("incremental");
      await appendLandingEvents(full.connection, [...events, january]);
      await runTransforms(full.connection, { asOf: AS_OF, valueModel: model });
      const [a, b] = await Promise.all([later, full].map((w) => costRows(w)));
      expect(a).toEqual(b);
      expect(a?.find((r) => r.period_kind === "quarter" && r.level === "organisation")).toMatchObject({
        lost: 17,
        cost: 1700,
        not_costed: 0,
      });
    } finally {
      later.dispose();
      full.dispose();
    }
  });
});
