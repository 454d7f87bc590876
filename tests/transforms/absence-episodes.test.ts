/**
 * Episode-level tests of the own-data path (ESR absence events + FTE →
 * stg_absence_episode → fct_absence_days → mart_absence_rate), each number
 * worked out by hand in the comments. As-of date 2024-02-10.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { validateEvent } from "../../contracts/index.js";
import { runTransforms } from "../../transforms/run-transforms.js";
import {
  appendLandingEvents,
  freshWarehouse,
  type LandingEvent,
  rows,
  type TestWarehouse,
} from "./warehouse-fixture.js";

const NURSES = "Nurses & health visitors";

function episode(
  kind: "started" | "updated",
  at: string,
  e: {
    id: string;
    staff: string;
    org?: string;
    group?: string;
    start: string;
    end: string | null;
    reason: string;
    fte: number;
  },
): LandingEvent {
  return {
    eventType: `workforce.absence.${kind}`,
    occurredAt: at,
    payload: {
      absence_id: e.id,
      staff_id: `ps_${e.staff}`,
      employer_ods: e.org ?? "RXX",
      staff_group: e.group ?? NURSES,
      start_date: e.start,
      end_date: e.end,
      reason_code: e.reason,
      related_reason: null,
      fte: e.fte,
    },
  };
}

function fte(org: string, group: string, monthEnd: string, available: number): LandingEvent {
  return {
    eventType: "workforce.fte.monthly",
    occurredAt: `${monthEnd}T12:00:00Z`,
    payload: {
      month_end: monthEnd,
      reporting_org_code: org,
      staff_group: group,
      fte_days_available: available,
      average_fte: available / 31,
      headcount: null,
    },
  };
}

const events: LandingEvent[] = [
  // FTE: RXX nurses 100 FTE (Jan 3,100; Feb 2,900), RXX midwives 250 (≤ 330: suppressed), RYY nurses 1,000.
  fte("RXX", NURSES, "2024-01-31", 3100),
  fte("RXX", NURSES, "2024-02-29", 2900),
  fte("RXX", "Midwives", "2024-01-31", 250),
  fte("RYY", NURSES, "2024-01-31", 1000),
  // A month-boundary split: 29 Jan–3 Feb, full time → Jan 3 days, Feb 3 days (S10).
  episode("started", "2024-01-29T09:00:00Z", {
    id: "A",
    staff: "s1",
    start: "2024-01-29",
    end: "2024-02-03",
    reason: "S10",
    fte: 1,
  }),
  // Part time: 10–14 Jan (5 calendar days, weekend included) × 0.6 = 3.0 (S12).
  episode("started", "2024-01-10T09:00:00Z", {
    id: "B",
    staff: "s2",
    start: "2024-01-10",
    end: "2024-01-14",
    reason: "S12",
    fte: 0.6,
  }),
  // Open: from 5 Feb, counts to the as-of date 10 Feb: 6 days × 0.8 = 4.8 (S13).
  episode("started", "2024-02-05T09:00:00Z", {
    id: "C",
    staff: "s3",
    start: "2024-02-05",
    end: null,
    reason: "S13",
    fte: 0.8,
  }),
  // Update: 2–5 Jan S25, then recoded to S11 and extended to 8 Jan → 7 days S11, no S25.
  episode("started", "2024-01-02T09:00:00Z", {
    id: "D",
    staff: "s4",
    start: "2024-01-02",
    end: "2024-01-05",
    reason: "S25",
    fte: 1,
  }),
  episode("updated", "2024-01-09T09:00:00Z", {
    id: "D",
    staff: "s4",
    start: "2024-01-02",
    end: "2024-01-08",
    reason: "S11",
    fte: 1,
  }),
  // Cancellation: 15–20 Jan then cancelled → nothing.
  episode("started", "2024-01-15T09:00:00Z", {
    id: "E",
    staff: "s5",
    start: "2024-01-15",
    end: "2024-01-20",
    reason: "S13",
    fte: 1,
  }),
  {
    eventType: "workforce.absence.cancelled",
    occurredAt: "2024-01-22T09:00:00Z",
    payload: { absence_id: "E", staff_id: "ps_s5", cancellation_reason: "entered_in_error" },
  },
  // Overlap, same person: F1 20–25 Jan (S10), F2 23–28 Jan (S28). Each day once, for the episode that
  // started first: F1 6 days, F2 only 26–28 = 3 days.
  episode("started", "2024-01-20T09:00:00Z", {
    id: "F1",
    staff: "s6",
    start: "2024-01-20",
    end: "2024-01-25",
    reason: "S10",
    fte: 1,
  }),
  episode("started", "2024-01-23T09:00:00Z", {
    id: "F2",
    staff: "s6",
    start: "2024-01-23",
    end: "2024-01-28",
    reason: "S28",
    fte: 1,
  }),
  // Ended: open from 30 Jan, ended 1 Feb, half time → Jan 2 × 0.5 = 1.0, Feb 0.5 (S16).
  episode("started", "2024-01-30T09:00:00Z", {
    id: "G",
    staff: "s7",
    start: "2024-01-30",
    end: null,
    reason: "S16",
    fte: 0.5,
  }),
  {
    eventType: "workforce.absence.ended",
    occurredAt: "2024-02-02T09:00:00Z",
    payload: { absence_id: "G", staff_id: "ps_s7", end_date: "2024-02-01", reason_code: "S16" },
  },
  // Ends after the as-of date: 8–20 Feb counts only 8–10 Feb = 3 days (S10).
  episode("started", "2024-02-08T09:00:00Z", {
    id: "H",
    staff: "s8",
    start: "2024-02-08",
    end: "2024-02-20",
    reason: "S10",
    fte: 1,
  }),
  // Midwife at RXX: 1–2 Jan = 2 days (S99); RYY nurse 1–10 Jan = 10 days (S10).
  episode("started", "2024-01-01T09:00:00Z", {
    id: "M",
    staff: "s9",
    group: "Midwives",
    start: "2024-01-01",
    end: "2024-01-02",
    reason: "S99",
    fte: 1,
  }),
  episode("started", "2024-01-01T09:00:00Z", {
    id: "Y",
    staff: "s10",
    org: "RYY",
    start: "2024-01-01",
    end: "2024-01-10",
    reason: "S10",
    fte: 1,
  }),
  // One published row maps RYY to ICB QE1 in region Y62 (dim_organisation); RXX stays unmapped.
  {
    eventType: "workforce.absence.monthly",
    occurredAt: "2023-12-31T00:00:00Z",
    orgCode: "X24",
    payload: {
      month_end: "2023-12-31",
      region_code: "Y62",
      region_name: "North West",
      ics_code: "QE1",
      ics_name: "Lancashire and South Cumbria",
      reporting_org_code: "RYY",
      org_name: "Test Trust",
      cluster_group: "Acute",
      benchmark_group: "Acute - Small",
      staff_group: "All staff groups",
      is_suppressed: false,
      fte_days_lost: 50,
      fte_days_available: 1000,
      published_rate_pct: 5,
    },
  },
];

describe("sickness absence from ESR episodes", () => {
  let t: TestWarehouse;
  beforeAll(async () => {
    t = await freshWarehouse();
    await appendLandingEvents(t.connection, events);
    await runTransforms(t.connection, { asOf: "2024-02-10" });
  });
  afterAll(() => t?.dispose());

  it("uses fixtures that satisfy the event contracts", () => {
    for (const [index, event] of events.entries()) {
      const result = validateEvent({
        event_id: `00000000-0000-4000-8000-${String(index).padStart(12, "0")}`,
        event_type: event.eventType,
        schema_version: 1,
        occurred_at: event.occurredAt,
        source_system: "esr",
        org_code: event.orgCode ?? "RXX",
        payload: event.payload,
      });
      expect(result.ok, JSON.stringify(result)).toBe(true);
    }
  });

  it("keeps the latest state per episode and drops the cancelled one", async () => {
    const episodes = await rows(
      t.connection,
      "SELECT absence_id, reason_code, strftime(end_date, '%Y-%m-%d') AS end_date FROM stg_absence_episode ORDER BY absence_id",
    );
    expect(episodes.map((e) => e.absence_id)).toEqual(["A", "B", "C", "D", "F1", "F2", "G", "H", "M", "Y"]);
    expect(episodes.find((e) => e.absence_id === "D")).toMatchObject({
      reason_code: "S11",
      end_date: "2024-01-08",
    });
    expect(episodes.find((e) => e.absence_id === "G")).toMatchObject({ end_date: "2024-02-01" });
    expect(episodes.find((e) => e.absence_id === "C")).toMatchObject({ end_date: null });
  });

  it("splits FTE days lost by month and reason as worked out by hand", async () => {
    const facts = await rows(
      t.connection,
      `SELECT strftime(month_end, '%Y-%m') AS month, org_code, staff_group, reason_code, round(fte_days_lost, 6) AS lost
       FROM fct_absence_days ORDER BY month, org_code, staff_group, reason_code`,
    );
    expect(facts).toEqual([
      { month: "2024-01", org_code: "RXX", staff_group: "Midwives", reason_code: "S99", lost: 2 },
      { month: "2024-01", org_code: "RXX", staff_group: NURSES, reason_code: "S10", lost: 9 }, // A 3 + F1 6
      { month: "2024-01", org_code: "RXX", staff_group: NURSES, reason_code: "S11", lost: 7 }, // D after update
      { month: "2024-01", org_code: "RXX", staff_group: NURSES, reason_code: "S12", lost: 3 }, // B 5 × 0.6
      { month: "2024-01", org_code: "RXX", staff_group: NURSES, reason_code: "S16", lost: 1 }, // G 2 × 0.5
      { month: "2024-01", org_code: "RXX", staff_group: NURSES, reason_code: "S28", lost: 3 }, // F2 26–28 Jan only
      { month: "2024-01", org_code: "RYY", staff_group: NURSES, reason_code: "S10", lost: 10 },
      { month: "2024-02", org_code: "RXX", staff_group: NURSES, reason_code: "S10", lost: 6 }, // A 3 + H 3
      { month: "2024-02", org_code: "RXX", staff_group: NURSES, reason_code: "S13", lost: 4.8 }, // C 6 × 0.8
      { month: "2024-02", org_code: "RXX", staff_group: NURSES, reason_code: "S16", lost: 0.5 }, // G 1 × 0.5
    ]);
  });

  it("computes rates from sums at every level, suppressing ≤ 330 FTE days", async () => {
    const mart = await rows(
      t.connection,
      `SELECT strftime(month_end, '%Y-%m') AS month, level, code, staff_group, round(fte_days_lost, 6) AS lost,
         fte_days_available AS available, rate_pct, suppressed
       FROM mart_absence_rate ORDER BY month, level, code, staff_group`,
    );
    const find = (month: string, level: string, code: string, group: string) =>
      mart.find((r) => r.month === month && r.level === level && r.code === code && r.staff_group === group);
    // RXX nurses: Jan 23 ÷ 3,100 = 0.742% → 0.74; Feb 11.3 ÷ 2,900 = 0.390% → 0.39
    expect(find("2024-01", "organisation", "RXX", NURSES)).toMatchObject({
      lost: 23,
      available: 3100,
      rate_pct: 0.74,
      suppressed: false,
    });
    expect(find("2024-02", "organisation", "RXX", NURSES)).toMatchObject({
      lost: 11.3,
      available: 2900,
      rate_pct: 0.39,
    });
    // RXX midwives: 250 FTE days ≤ 330 → suppressed, no rate
    expect(find("2024-01", "organisation", "RXX", "Midwives")).toMatchObject({
      lost: 2,
      available: 250,
      rate_pct: null,
      suppressed: true,
    });
    // RXX all staff groups: 25 ÷ 3,350 = 0.746% → 0.75 (not the average of 0.74 and 0.8)
    expect(find("2024-01", "organisation", "RXX", "All staff groups")).toMatchObject({
      lost: 25,
      available: 3350,
      rate_pct: 0.75,
    });
    // RYY rolls up to ICB QE1 and region Y62: 10 ÷ 1,000 = 1.00%; RXX has no mapping, so England only
    expect(find("2024-01", "ics", "QE1", NURSES)).toMatchObject({ lost: 10, available: 1000, rate_pct: 1 });
    expect(find("2024-01", "region", "Y62", "All staff groups")).toMatchObject({
      lost: 10,
      available: 1000,
      rate_pct: 1,
    });
    // England Jan: nurses 33 ÷ 4,100 = 0.805% → 0.8; all 35 ÷ 4,350 = 0.805% → 0.8
    expect(find("2024-01", "england", "ENG", NURSES)).toMatchObject({
      lost: 33,
      available: 4100,
      rate_pct: 0.8,
    });
    expect(find("2024-01", "england", "ENG", "All staff groups")).toMatchObject({
      lost: 35,
      available: 4350,
      rate_pct: 0.8,
    });
    // no 12-month window is complete yet
    const [rolling] = await rows(t.connection, "SELECT count(*) AS n FROM mart_absence_rate_rolling12");
    expect(Number(rolling?.n)).toBe(0);
  });

  it("moves the open episode with the as-of date", async () => {
    await runTransforms(t.connection, { asOf: "2024-02-29" });
    const [feb] = await rows(
      t.connection,
      `SELECT round(fte_days_lost, 6) AS lost FROM fct_absence_days
       WHERE month_end = DATE '2024-02-29' AND reason_code = 'S13'`,
    );
    // C: 5–29 Feb = 25 days × 0.8 = 20
    expect(feb?.lost).toBe(20);
    await runTransforms(t.connection, { asOf: "2024-02-10" });
  });
});

describe("one person's overlapping episodes, each day counted once", () => {
  // Person s20 at RZZ, as of 3 Feb 2024. Q1 5–10 Jan owns all 6 days (S10). Q2 6–8 Jan lies inside Q1:
  // nothing (S11). Q3 and Q4 both start 7 Jan; Q3 ranks first (lower absence_id) and owns 11–15 Jan
  // (S12); Q4 7–20 Jan owns only 16–20 Jan (S13). Q5 from 30 Jan, still open, FTE 0.5: 30–31 Jan = 1.0
  // and 1–3 Feb = 1.5 (S14). Q6 31 Jan–1 Feb lies inside Q5: nothing (S15).
  const spans: [id: string, start: string, end: string | null, reason: string, fte: number][] = [
    ["Q1", "2024-01-05", "2024-01-10", "S10", 1],
    ["Q2", "2024-01-06", "2024-01-08", "S11", 1],
    ["Q4", "2024-01-07", "2024-01-20", "S13", 1],
    ["Q3", "2024-01-07", "2024-01-15", "S12", 1],
    ["Q5", "2024-01-30", null, "S14", 0.5],
    ["Q6", "2024-01-31", "2024-02-01", "S15", 1],
  ];
  const overlapping = spans.map(([id, start, end, reason, fte]) =>
    episode("started", `${start}T09:00:00Z`, { id, staff: "s20", org: "RZZ", start, end, reason, fte }),
  );
  let t: TestWarehouse;
  beforeAll(async () => {
    t = await freshWarehouse();
    await appendLandingEvents(t.connection, overlapping);
    await runTransforms(t.connection, { asOf: "2024-02-03" });
  });
  afterAll(() => t?.dispose());

  it("gives each day to the episode that started first (ties: lower absence_id)", async () => {
    const facts = await rows(
      t.connection,
      `SELECT strftime(month_end, '%Y-%m') AS month, reason_code, calendar_days_lost::INTEGER AS days,
         round(fte_days_lost, 6) AS lost
       FROM fct_absence_days ORDER BY month, reason_code`,
    );
    expect(facts).toEqual([
      { month: "2024-01", reason_code: "S10", days: 6, lost: 6 },
      { month: "2024-01", reason_code: "S12", days: 5, lost: 5 },
      { month: "2024-01", reason_code: "S13", days: 5, lost: 5 },
      { month: "2024-01", reason_code: "S14", days: 2, lost: 1 },
      { month: "2024-02", reason_code: "S14", days: 3, lost: 1.5 },
    ]);
  });
});
