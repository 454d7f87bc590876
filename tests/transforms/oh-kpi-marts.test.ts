/**
 * The OH activity KPI marts on a tiny, hand-worked dataset (domain notes §8).
 * Working days: England and Wales, so Good Friday 29 Mar 2024 and Easter
 * Monday 1 Apr 2024 are not working days. RXX and RYY belong to ICB QXX in
 * region Y60 (from published benchmarking rows). As-of date 2025-03-31.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runTransforms } from "../../transforms/run-transforms.js";
import { absenceStarted, contractEvent, fteMonthly, publishedRow } from "./kpi-event-builders.js";
import { appendLandingEvents, freshWarehouse, rows, type TestWarehouse } from "./warehouse-fixture.js";

const NURSES = "Nurses & health visitors";

function referral(id: string, staff: string, receivedAt: string, absenceStart: string | null) {
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
    esr_reason_code: absenceStart ? "S12" : null,
    received_at: receivedAt,
    consent_recorded: true,
    referral_source: "line_manager",
    absence: absenceStart
      ? { currently_absent: true, start_date: absenceStart }
      : { currently_absent: false },
  });
}

function booked(appointment: string, referralId: string, scheduledFor: string, first: boolean) {
  return contractEvent("ohwb.appointment.booked", scheduledFor, {
    appointment_id: appointment,
    referral_id: referralId,
    offered_at: scheduledFor,
    scheduled_for: scheduledFor,
    clinician_role: "ohn",
    modality: "face_to_face",
    is_first_appointment: first,
  });
}

function attended(appointment: string, referralId: string, at: string) {
  return contractEvent("ohwb.appointment.attended", at, {
    appointment_id: appointment,
    referral_id: referralId,
    attended_at: at,
    clinician_role: "ohn",
    modality: "face_to_face",
  });
}

function report(referralId: string, appointment: string, at: string) {
  return contractEvent("ohwb.report.issued", at, {
    referral_id: referralId,
    appointment_id: appointment,
    issued_at: at,
    recipient: "manager",
  });
}

function outcome(referralId: string, appointment: string, adjustments: string[]) {
  return contractEvent("ohwb.outcome.recorded", "2024-04-20T12:00:00Z", {
    referral_id: referralId,
    appointment_id: appointment,
    fitness: adjustments.length > 0 ? "fit_with_adjustments_temporary" : "fit",
    adjustments: adjustments.map((type) => ({ type, duration: "temporary" })),
    predicted_rtw_date: null,
    onward_referrals: [],
    ill_health_retirement_application: false,
  });
}

function exposure(id: string, org: string, exposedAt: string, source: string, pepAt: string | null) {
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
      source_status: source,
      risk_level: source === "known_negative" ? "low" : "not_assessed",
      pep_indicated: pepAt !== null,
      pep_first_dose_at: pepAt,
      riddor_reportable: false,
      followup_complete: false,
    },
    org,
  );
}

function immunisation(
  id: string,
  staff: string,
  vaccine: string,
  at: string,
  e: { complete?: boolean; frontline?: boolean; dose?: number } = {},
) {
  return contractEvent("ohwb.immunisation.administered", at, {
    immunisation_id: id,
    staff_id: staff,
    employer_ods: "RXX",
    vaccine,
    dose_number: e.dose ?? 1,
    course_complete: e.complete ?? true,
    administered_at: at,
    season: null,
    frontline_hcw: e.frontline ?? true,
  });
}

function serology(id: string, staff: string, at: string, result: string) {
  return contractEvent("ohwb.serology.resulted", at, {
    result_id: id,
    staff_id: staff,
    employer_ods: "RXX",
    antigen: "hep_b_surface_antibody",
    result,
    titre_miu_ml: null,
    sampled_at: null,
    resulted_at: at,
  });
}

function preplacement(id: string, receivedAt: string, clearedAt: string) {
  return contractEvent("ohwb.preplacement.cleared", clearedAt, {
    clearance_id: id,
    staff_id: `ps_${id}`,
    employer_ods: "RXX",
    staff_group: NURSES,
    questionnaire_received_at: receivedAt,
    cleared_at: clearedAt,
    outcome: "cleared",
    epp_clearance: "not_required",
  });
}

const events = [
  publishedRow("RXX", "2023-12-31", {
    ics: "QXX",
    region: "Y60",
    benchmarkGroup: "Acute",
    lost: 10,
    available: 1000,
  }),
  publishedRow("RYY", "2023-12-31", {
    ics: "QXX",
    region: "Y60",
    benchmarkGroup: "Acute",
    lost: 10,
    available: 1000,
  }),
  // Referral → first appointment. R1: Thu 14 Mar → Tue 2 Apr (15, 18–22, 25–28, 2 Apr; Good Friday and
  // Easter Monday excluded) = 11 working days. R2: received Sat 23 Mar (counts from Fri 22) → Wed 27 Mar
  // = 3. R3: Mon 4 Mar → Mon 18 Mar = 10. Within 10: R2, R3 → 2 of 3; median 10.
  referral("R1", "ps_s1", "2024-03-14T10:00:00Z", "2024-02-01"),
  referral("R2", "ps_s2", "2024-03-23T10:00:00Z", "2024-03-10"),
  referral("R3", "ps_s3", "2024-03-04T09:00:00Z", "2024-01-10"),
  booked("A1", "R1", "2024-04-02T09:00:00+01:00", true),
  contractEvent("ohwb.appointment.did_not_attend", "2024-04-02T10:00:00+01:00", {
    appointment_id: "A1",
    referral_id: "R1",
    scheduled_for: "2024-04-02T09:00:00+01:00",
    notice_given: false,
  }),
  booked("A5", "R1", "2024-04-09T09:00:00+01:00", false),
  attended("A5", "R1", "2024-04-09T09:00:00+01:00"),
  booked("A2", "R2", "2024-03-27T10:00:00Z", true),
  attended("A2", "R2", "2024-03-27T10:00:00Z"),
  booked("A3", "R3", "2024-03-18T10:00:00Z", true),
  attended("A3", "R3", "2024-03-18T10:00:00Z"),
  booked("A4", "R3", "2024-03-25T10:00:00Z", false),
  contractEvent("ohwb.appointment.cancelled", "2024-03-20T10:00:00Z", {
    appointment_id: "A4",
    referral_id: "R3",
    cancelled_at: "2024-03-20T10:00:00Z",
    cancelled_by: "staff",
    rebooked: false,
  }),
  // Appointment → report. R3: Mon 18 Mar → Wed 20 Mar = 2 (within, March). R2: Wed 27 Mar → Wed 3 Apr
  // (28 Mar, 2 Apr, 3 Apr) = 3 (not within, April).
  report("R3", "A3", "2024-03-20T16:00:00Z"),
  report("R2", "A2", "2024-04-03T16:00:00+01:00"),
  // Long-term absence at referral: R1 1 Feb → 14 Mar = 43 days, R3 10 Jan → 4 Mar = 55 days, R2 14 days.
  // R1's outcome has an adjustment, R3's has none → 1 of 2.
  outcome("R1", "A5", ["phased_return"]),
  outcome("R3", "A3", []),
  // Return to work from ESR: R1's episode ends 10 Apr → back 11 Apr − 14 Mar = 28 days; R3's ends 24 Mar →
  // back 25 Mar − 4 Mar = 21 days; R2's is open → not counted. Median 24.5 over 2.
  absenceStarted({
    id: "X1",
    staff: "ps_s1",
    group: NURSES,
    start: "2024-02-01",
    end: "2024-04-10",
    reason: "S12",
    fte: 1,
  }),
  absenceStarted({
    id: "X3",
    staff: "ps_s3",
    group: NURSES,
    start: "2024-01-10",
    end: "2024-03-24",
    reason: "S12",
    fte: 1,
  }),
  absenceStarted({
    id: "X2",
    staff: "ps_s2",
    group: NURSES,
    start: "2024-03-10",
    end: null,
    reason: "S12",
    fte: 1,
  }),
  // PEP: 45 minutes (source unknown) and 90 minutes (source known positive) at RXX → 1 of 2; a known-negative
  // low-risk exposure is not high risk; RYY: 30 minutes → ICB and England 2 of 3.
  exposure("E1", "RXX", "2024-03-05T10:00:00Z", "unknown", "2024-03-05T10:45:00Z"),
  exposure("E2", "RXX", "2024-03-06T22:30:00Z", "known_bbv_positive", "2024-03-07T00:00:00Z"),
  exposure("E3", "RXX", "2024-03-08T10:00:00Z", "known_negative", null),
  exposure("E4", "RYY", "2024-03-09T10:00:00Z", "unknown", "2024-03-09T10:30:00Z"),
  // Hep B: h1 completes 1 Mar and has anti-HBs on 15 Apr; h2 completes 10 Mar and only had serology before
  // → 1 of 2 courses with serology.
  immunisation("I1", "ps_h1", "hep_b", "2024-03-01T10:00:00Z", { dose: 3 }),
  serology("L1", "ps_h1", "2024-04-15T10:00:00Z", "responder"),
  immunisation("I2", "ps_h2", "hep_b", "2024-03-10T10:00:00Z", { dose: 3 }),
  serology("L2", "ps_h2", "2024-01-10T10:00:00Z", "non_immune"),
  // Pre-placement: Fri 22 Mar → Tue 2 Apr = 5 working days; Mon 8 Apr → Wed 10 Apr = 2 → April median 3.5.
  preplacement("P1", "2024-03-22T10:00:00Z", "2024-04-02T10:00:00+01:00"),
  preplacement("P2", "2024-04-08T10:00:00+01:00", "2024-04-10T10:00:00+01:00"),
  // Flu 2023/24 (1 Sep 2023 – 29 Feb 2024): 31 Aug not counted; 1 Sep and 29 Feb counted (f2 twice: one
  // person); 1 Mar not counted; a non-frontline person not counted → 2. 2024/25: 28 Feb 2025 counted → 1.
  immunisation("F1", "ps_f1", "influenza", "2023-08-31T12:00:00Z"),
  immunisation("F2", "ps_f2", "influenza", "2023-09-01T08:00:00+01:00"),
  immunisation("F2b", "ps_f2", "influenza", "2023-10-01T08:00:00+01:00"),
  immunisation("F3", "ps_f3", "influenza", "2024-02-29T18:00:00Z"),
  immunisation("F4", "ps_f4", "influenza", "2024-03-01T00:30:00Z"),
  immunisation("F5", "ps_f5", "influenza", "2023-10-01T12:00:00Z", { frontline: false }),
  immunisation("F6", "ps_f6", "influenza", "2025-02-28T12:00:00Z"),
  // Frontline headcount: latest season month with headcount. 2023/24: Feb 2024 nurses 6 (Central functions
  // 100 are not frontline; January's 50 is superseded) → 2 ÷ 6. 2024/25: Feb 2025 nurses 4 → 1 ÷ 4.
  fteMonthly("RXX", NURSES, "2024-01-31", 1550, 50),
  fteMonthly("RXX", NURSES, "2024-02-29", 174, 6),
  fteMonthly("RXX", "Central functions", "2024-02-29", 2900, 100),
  fteMonthly("RXX", NURSES, "2025-02-28", 112, 4),
];

let test: TestWarehouse;

beforeAll(async () => {
  test = await freshWarehouse();
  await appendLandingEvents(test.connection, events);
  await runTransforms(test.connection, { asOf: "2025-03-31" });
});

afterAll(() => test?.dispose());

const at = (table: string, where: string) => rows(test.connection, `SELECT * FROM ${table} WHERE ${where}`);

describe("referral waits", () => {
  it("counts working days across a weekend and the Easter bank holidays", async () => {
    const waits = await rows(
      test.connection,
      "SELECT referral_id, working_days_to_first_appointment AS wd FROM fct_referral ORDER BY referral_id",
    );
    expect(waits).toEqual([
      { referral_id: "R1", wd: 11 },
      { referral_id: "R2", wd: 3 },
      { referral_id: "R3", wd: 10 },
    ]);
  });

  it("referral → first appointment: median and % within 10 working days, by month, quarter and level", async () => {
    for (const [kind, end] of [
      ["month", "2024-03-31"],
      ["quarter", "2024-03-31"],
    ]) {
      for (const [level, code] of [
        ["organisation", "RXX"],
        ["ics", "QXX"],
        ["region", "Y60"],
        ["england", "ENG"],
      ]) {
        const [row] = await at(
          "mart_referral_waits",
          `period_kind = '${kind}' AND period_end = DATE '${end}' AND level = '${level}' AND code = '${code}'`,
        );
        expect(row).toMatchObject({
          referrals_received: "3",
          first_appointment_referrals: "3",
          first_appointment_within_10_wd: "2",
          first_appointment_within_10_wd_pct: 66.67,
          median_working_days_to_first_appointment: 10,
        });
      }
    }
  });

  it("appointment → report: % within 2 working days in the month the report was issued", async () => {
    const march = await at(
      "mart_referral_waits",
      "period_kind = 'month' AND period_end = DATE '2024-03-31' AND code = 'RXX'",
    );
    const april = await at(
      "mart_referral_waits",
      "period_kind = 'month' AND period_end = DATE '2024-04-30' AND code = 'RXX'",
    );
    expect(march[0]).toMatchObject({
      reports_issued: "1",
      reports_within_2_wd: "1",
      reports_within_2_wd_pct: 100,
      median_working_days_to_report: 2,
    });
    expect(april[0]).toMatchObject({
      referrals_received: "0",
      reports_issued: "1",
      reports_within_2_wd: "0",
      reports_within_2_wd_pct: 0,
      median_working_days_to_report: 3,
    });
  });
});

describe("appointments", () => {
  it("DNA rate = DNA ÷ booked, by the month of the slot", async () => {
    const march = await at(
      "mart_appointment_dna",
      "period_kind = 'month' AND period_end = DATE '2024-03-31' AND code = 'RXX'",
    );
    const april = await at(
      "mart_appointment_dna",
      "period_kind = 'month' AND period_end = DATE '2024-04-30' AND code = 'ENG'",
    );
    expect(march[0]).toMatchObject({
      appointments_booked: "3",
      appointments_attended: "2",
      appointments_cancelled: "1",
      appointments_dna: "0",
      dna_rate_pct: 0,
    });
    expect(april[0]).toMatchObject({ appointments_booked: "2", appointments_dna: "1", dna_rate_pct: 50 });
  });
});

describe("outcomes for absent staff", () => {
  it("adjustments for long-term absence and median time to return to work", async () => {
    const [row] = await at(
      "mart_referral_outcomes",
      "period_kind = 'month' AND period_end = DATE '2024-03-31' AND code = 'RXX'",
    );
    expect(row).toMatchObject({
      referrals_absent: "3",
      referrals_absent_28_days: "2",
      referrals_absent_28_days_with_adjustment: "1",
      adjustments_long_term_pct: 50,
      referrals_returned_to_work: "2",
      median_days_to_return_to_work: 24.5,
    });
  });
});

describe("clinical KPIs", () => {
  it("PEP within 60 minutes for high-risk exposures: 45 min counts, 90 min does not", async () => {
    const org = await at("mart_exposure_pep", "period_kind = 'month' AND code = 'RXX'");
    const icb = await at("mart_exposure_pep", "period_kind = 'quarter' AND code = 'QXX'");
    expect(org[0]).toMatchObject({
      exposures: "3",
      high_risk_exposures: "2",
      pep_within_60_minutes: "1",
      pep_within_60_minutes_pct: 50,
      median_minutes_to_pep: 67.5,
    });
    expect(icb[0]).toMatchObject({
      exposures: "4",
      high_risk_exposures: "3",
      pep_within_60_minutes: "2",
      pep_within_60_minutes_pct: 66.67,
    });
  });

  it("hepatitis B: completed courses with later serology ÷ completed courses", async () => {
    const [row] = await at(
      "mart_hepb_response",
      "period_kind = 'month' AND period_end = DATE '2024-03-31' AND code = 'RXX'",
    );
    expect(row).toMatchObject({
      completed_courses: "2",
      courses_with_serology: "1",
      response_confirmed_pct: 50,
      responders: "1",
    });
  });

  it("pre-placement clearance: median working days by month cleared", async () => {
    const [row] = await at(
      "mart_preplacement_clearance",
      "period_kind = 'month' AND period_end = DATE '2024-04-30' AND code = 'RXX'",
    );
    expect(row).toMatchObject({
      clearances: "2",
      median_working_days_to_clearance: 3.5,
      cleared_within_10_wd: "2",
    });
  });

  it("frontline flu uptake counts 1 Sep to 29 Feb only, over frontline staff-group headcount", async () => {
    const seasons = await rows(
      test.connection,
      `SELECT season, strftime(season_end, '%Y-%m-%d') AS season_end, frontline_vaccinated, frontline_headcount, uptake_pct
       FROM mart_flu_uptake WHERE level = 'organisation' ORDER BY season`,
    );
    expect(seasons).toEqual([
      {
        season: "2023/24",
        season_end: "2024-02-29",
        frontline_vaccinated: "2",
        frontline_headcount: "6",
        uptake_pct: 33.33,
      },
      {
        season: "2024/25",
        season_end: "2025-02-28",
        frontline_vaccinated: "1",
        frontline_headcount: "4",
        uptake_pct: 25,
      },
    ]);
  });
});
