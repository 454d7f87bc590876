/**
 * Incremental transforms give the same marts as a full rebuild. Warehouse A is
 * built, receives a second batch (a new episode, an update moving an old
 * episode to other months, a cancellation of an old episode, an ended event,
 * a restated FTE month and new OH events) and is brought up to date
 * incrementally; warehouse B receives both batches and is built in full.
 * Every model table must match row for row.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type IncrementalResult, runIncrementalTransforms } from "../../transforms/incremental-transforms.js";
import { loadModels } from "../../transforms/model-catalogue.js";
import { runTransforms } from "../../transforms/run-transforms.js";
import { absenceStarted, contractEvent, fteMonthly, publishedRow } from "./kpi-event-builders.js";
import {
  appendLandingEvents,
  canonicalRows,
  freshWarehouse,
  type LandingEvent,
  rows,
  type TestWarehouse,
} from "./warehouse-fixture.js";

const NURSES = "Nurses & health visitors";
const MIDWIVES = "Midwives";
const AS_OF = "2024-06-30";

function absence(
  kind: "updated" | "ended" | "cancelled",
  at: string,
  payload: Record<string, unknown>,
): LandingEvent {
  return contractEvent(`workforce.absence.${kind}`, at, payload);
}

function exposure(id: string, org: string, exposedAt: string, minutes: number): LandingEvent {
  const pep = new Date(Date.parse(exposedAt) + minutes * 60_000).toISOString();
  return contractEvent(
    "ohwb.exposure.incident",
    exposedAt,
    {
      incident_id: id,
      staff_id: `ps_${id}`,
      employer_ods: org,
      exposure_type: "sharps",
      exposed_at: exposedAt,
      reported_to_oh_at: exposedAt,
      source_status: "unknown",
      risk_level: "high",
      pep_indicated: true,
      pep_first_dose_at: pep,
      riddor_reportable: false,
      followup_complete: false,
    },
    org,
  );
}

function referral(id: string, staff: string, receivedAt: string): LandingEvent {
  return contractEvent("ohwb.referral.received", receivedAt, {
    referral_id: id,
    staff_id: staff,
    employer_ods: "RXX",
    service_ods: "RXX",
    icb_code: "QXX",
    region_code: "Y60",
    staff_group: NURSES,
    referral_type: "management",
    reason_category: "musculoskeletal",
    esr_reason_code: "S12",
    received_at: receivedAt,
    consent_recorded: true,
    referral_source: "line_manager",
    absence: { currently_absent: true, start_date: "2024-03-15" },
  });
}

function booking(appointment: string, referralId: string, at: string): LandingEvent {
  return contractEvent("ohwb.appointment.booked", at, {
    appointment_id: appointment,
    referral_id: referralId,
    offered_at: at,
    scheduled_for: at,
    clinician_role: "ohn",
    modality: "telephone",
    is_first_appointment: true,
  });
}

const months = ["2024-01-31", "2024-02-29", "2024-03-31", "2024-04-30", "2024-05-31", "2024-06-30"];

const firstBatch: LandingEvent[] = [
  publishedRow("RXX", "2023-12-31", {
    ics: "QXX",
    region: "Y60",
    benchmarkGroup: "Acute",
    lost: 50,
    available: 10000,
  }),
  publishedRow("RYY", "2023-12-31", {
    ics: "QYY",
    region: "Y61",
    benchmarkGroup: "Acute",
    lost: 70,
    available: 10000,
  }),
  ...months.flatMap((month) => [
    fteMonthly("RXX", NURSES, month, 3000, 100),
    fteMonthly("RXX", MIDWIVES, month, 900, 30),
    fteMonthly("RYY", NURSES, month, 6000, 200),
  ]),
  absenceStarted({
    id: "E1",
    staff: "ps_1",
    group: NURSES,
    start: "2024-01-10",
    end: "2024-02-05",
    reason: "S10",
    fte: 1,
  }),
  absenceStarted({
    id: "E2",
    staff: "ps_2",
    group: MIDWIVES,
    start: "2024-02-20",
    end: "2024-03-02",
    reason: "S12",
    fte: 0.8,
  }),
  // the same person twice with overlapping days: each day counts once
  absenceStarted({
    id: "E3",
    staff: "ps_3",
    group: NURSES,
    start: "2024-03-01",
    end: "2024-03-20",
    reason: "S13",
    fte: 1,
  }),
  absenceStarted({
    id: "E4",
    staff: "ps_3",
    group: NURSES,
    start: "2024-03-15",
    end: "2024-04-10",
    reason: "S11",
    fte: 1,
  }),
  absenceStarted({
    id: "E5",
    org: "RYY",
    staff: "ps_5",
    group: NURSES,
    start: "2024-04-01",
    end: null,
    reason: "S10",
    fte: 0.5,
  }),
  absenceStarted({
    id: "E6",
    org: "RYY",
    staff: "ps_6",
    group: NURSES,
    start: "2024-05-05",
    end: "2024-05-25",
    reason: "S25",
    fte: 1,
  }),
  exposure("X1", "RXX", "2024-02-01T10:00:00Z", 45),
  // ps_3 referred while absent (E3/E4): time to return to work depends on the episodes
  referral("F1", "ps_3", "2024-03-18T09:00:00Z"),
  booking("B1", "F1", "2024-03-25T09:00:00Z"),
  // a June referral without an appointment yet: the counts behind the waits mart hold a row with no wait,
  // which F2 (second batch) must add to, matching the null
  referral("F3", "ps_8", "2024-06-03T09:00:00Z"),
];

const secondBatch: LandingEvent[] = [
  // new episode in June
  absenceStarted({
    id: "E7",
    staff: "ps_7",
    group: NURSES,
    start: "2024-06-03",
    end: "2024-06-07",
    reason: "S10",
    fte: 1,
  }),
  // E1 (Jan–Feb) is corrected to March–April and recoded
  absence("updated", "2024-06-10T09:00:00Z", {
    absence_id: "E1",
    staff_id: "ps_1",
    employer_ods: "RXX",
    staff_group: NURSES,
    start_date: "2024-03-25",
    end_date: "2024-04-02",
    reason_code: "S12",
    related_reason: null,
    fte: 1,
  }),
  // a late-arriving E4 update that occurred before the episode's current state (09:00 on 15 Mar): the
  // latest state wins, so E4 is rebuilt to the same row while its person's E3 is cancelled below
  absence("updated", "2024-03-15T08:00:00Z", {
    absence_id: "E4",
    staff_id: "ps_3",
    employer_ods: "RXX",
    staff_group: NURSES,
    start_date: "2024-03-15",
    end_date: "2024-03-16",
    reason_code: "S11",
    related_reason: null,
    fte: 0.5,
  }),
  // E3 is cancelled: E4's overlapping days 15–20 March now count for E4
  absence("cancelled", "2024-06-11T09:00:00Z", {
    absence_id: "E3",
    staff_id: "ps_3",
    cancellation_reason: "entered_in_error",
  }),
  // E5, open since April, ends on 9 June
  absence("ended", "2024-06-12T09:00:00Z", {
    absence_id: "E5",
    staff_id: "ps_5",
    end_date: "2024-06-09",
    reason_code: "S10",
  }),
  // RYY restates March FTE
  fteMonthly("RYY", NURSES, "2024-03-31", 5800, 190),
  exposure("X2", "RXX", "2024-06-01T10:00:00Z", 90),
  // the referral's appointment is missed, and a new referral arrives
  contractEvent("ohwb.appointment.did_not_attend", "2024-03-25T10:00:00Z", {
    appointment_id: "B1",
    referral_id: "F1",
    scheduled_for: "2024-03-25T09:00:00Z",
    notice_given: false,
  }),
  referral("F2", "ps_7", "2024-06-04T09:00:00Z"),
];

let incremental: TestWarehouse;
let rebuilt: TestWarehouse;
let update: IncrementalResult;

beforeAll(async () => {
  incremental = await freshWarehouse();
  await appendLandingEvents(incremental.connection, firstBatch);
  const first = await runIncrementalTransforms(incremental.connection, { asOf: AS_OF });
  expect(first.mode).toBe("full");
  await appendLandingEvents(incremental.connection, secondBatch);
  update = await runIncrementalTransforms(incremental.connection, { asOf: AS_OF });

  rebuilt = await freshWarehouse();
  await appendLandingEvents(rebuilt.connection, [...firstBatch, ...secondBatch]);
  await runTransforms(rebuilt.connection, { asOf: AS_OF });
});

afterAll(() => {
  incremental?.dispose();
  rebuilt?.dispose();
});

describe("incremental transforms", () => {
  it("ran incrementally, touching only models downstream of the new events", () => {
    expect(update.mode).toBe("incremental");
    const built = update.builds.map((build) => build.name);
    expect(built).toContain("stg_absence_episode");
    expect(built).toContain("fct_absence_days");
    expect(built).toContain("mart_absence_rate");
    expect(built).toContain("fct_exposure");
    expect(built).toContain("fct_referral");
    expect(built).toContain("mart_referral_outcomes");
    // no new immunisation, serology or cost events: those models were left alone
    expect(built).not.toContain("fct_serology");
    expect(built).not.toContain("fct_immunisation");
    expect(built).not.toContain("fct_service_cost");
    expect(built).not.toContain("dim_date");
  });

  it("refreshed the big models partially, not whole", () => {
    const strategy = Object.fromEntries(update.builds.map((build) => [build.name, build.strategy]));
    expect(strategy).toMatchObject({
      stg_absence_event: "append",
      stg_referral_event: "append",
      stg_absence_episode: "key absence_id",
      fct_absence_days: "sum over staff_id",
      fct_fte_days_available: "compare",
      mart_absence_rate: "key month_end",
      fct_referral: "key referral_id",
      fct_referral_absence: "key referral_id",
      fct_exposure: "key incident_id",
      fct_referral_wait_counts: "sum",
      fct_referral_outcome_counts: "sum over referral_id",
      mart_referral_waits: "periods",
      mart_referral_outcomes: "periods",
      mart_sickness_reason_share: "periods",
    });
  });

  it("gives every model the same rows as a full rebuild", async () => {
    const models = loadModels();
    expect(models.length).toBeGreaterThan(30);
    for (const model of models) {
      const a = await canonicalRows(incremental.connection, model.name);
      const b = await canonicalRows(rebuilt.connection, model.name);
      expect({ model: model.name, rows: a }).toEqual({ model: model.name, rows: b });
    }
  });

  it("the update moved E1's days out of January and the cancellation removed E3", async () => {
    const january = await rows(
      incremental.connection,
      "SELECT sum(fte_days_lost) AS lost FROM fct_absence_days WHERE month_end = DATE '2024-01-31'",
    );
    expect(january[0]?.lost).toBeNull();
    const s13 = await rows(
      incremental.connection,
      "SELECT count(*)::INTEGER AS n FROM fct_absence_days WHERE reason_code = 'S13'",
    );
    expect(s13[0]?.n).toBe(0);
  });

  it("does nothing when no events arrived, and rebuilds in full when asked", async () => {
    const idle = await runIncrementalTransforms(incremental.connection, { asOf: AS_OF });
    expect(idle).toMatchObject({ mode: "incremental", builds: [] });
    const full = await runIncrementalTransforms(incremental.connection, { asOf: AS_OF, full: true });
    expect(full.mode).toBe("full");
  });

  it("falls back to a full build when a dimension changes (an organisation moves ICB)", async () => {
    await appendLandingEvents(incremental.connection, [
      publishedRow("RXX", "2024-01-31", {
        ics: "QZZ",
        region: "Y60",
        benchmarkGroup: "Acute",
        lost: 50,
        available: 10000,
      }),
    ]);
    const moved = await runIncrementalTransforms(incremental.connection, { asOf: AS_OF });
    expect(moved.mode).toBe("full");
    expect(moved.reason).toContain("dim_organisation");
    const icb = await rows(
      incremental.connection,
      "SELECT ics_code FROM dim_organisation WHERE org_code = 'RXX'",
    );
    expect(icb[0]?.ics_code).toBe("QZZ");
  });

  it("a changed as-of date forces a full build", async () => {
    const later = await runIncrementalTransforms(incremental.connection, { asOf: "2024-07-31" });
    expect(later).toMatchObject({ mode: "full", reason: "settings, model or macro SQL changed" });
  });

  it("a `sum` header naming a column the model lacks fails the build and says which", async () => {
    const models = loadModels().map((model) =>
      model.name === "fct_referral_wait_counts"
        ? { ...model, incremental: { kind: "sum" as const, measures: ["referals"] } }
        : model,
    );
    await appendLandingEvents(incremental.connection, [referral("F9", "ps_9", "2024-07-02T09:00:00Z")]);
    await expect(
      runIncrementalTransforms(incremental.connection, { asOf: "2024-07-31", models }),
    ).rejects.toThrow(
      /fct_referral_wait_counts.*"incremental: sum" names referals, which is not a column it builds/,
    );
  });
});
