/**
 * The rolling-12-month reporting periods and the KPI marts added after the first OH marts (domain notes §8):
 * feedback satisfaction, VZV tested, intervention episodes and score change, health surveillance, and FTE
 * off sick per day. A tiny hand-worked dataset loaded as contract-valid landing events into a real DuckDB
 * file. RXX and RYY belong to ICB QXX in region Y60 (published benchmarking rows). As-of date 2024-06-30, so
 * rolling windows end in June 2024 at the latest.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDataTests, runDataTests } from "../../transforms/data-tests.js";
import { runIncrementalTransforms } from "../../transforms/incremental-transforms.js";
import { runTransforms } from "../../transforms/run-transforms.js";
import {
  absenceStarted,
  feedbackSubmitted,
  immunisationAdministered,
  interventionEpisode,
  preplacementCleared,
  publishedRow,
  referralReceived,
  serologyResulted,
  surveillanceCompleted,
} from "./kpi-event-builders.js";
import { appendLandingEvents, freshWarehouse, rows, type TestWarehouse } from "./warehouse-fixture.js";

const AS_OF = "2024-06-30";
const NURSES = "Nurses & health visitors";
const organisations = ["RXX", "RYY"].map((org) =>
  publishedRow(org, "2023-12-31", {
    ics: "QXX",
    region: "Y60",
    benchmarkGroup: "Acute",
    lost: 10,
    available: 1000,
  }),
);

const feedback = [
  // R4 (March 2023) falls out of every rolling window ending after February 2024.
  referralReceived({ id: "R4", staff: "ps_r4", receivedAt: "2023-02-15T10:00:00Z" }),
  referralReceived({ id: "R1", staff: "ps_r1", receivedAt: "2024-03-01T10:00:00Z" }),
  referralReceived({ id: "R2", staff: "ps_r2", receivedAt: "2024-04-01T10:00:00+01:00" }),
  referralReceived({ id: "R3", staff: "ps_r3", receivedAt: "2024-04-02T10:00:00+01:00", org: "RYY" }),
  feedbackSubmitted({ referral: "R4", respondent: "employee", at: "2023-03-10T10:00:00Z", score: 5 }),
  // R1's employee scored 5, then resubmitted 2: the later submission replaces the earlier one.
  feedbackSubmitted({ referral: "R1", respondent: "employee", at: "2024-03-10T10:00:00Z", score: 5 }),
  feedbackSubmitted({ referral: "R1", respondent: "employee", at: "2024-03-20T10:00:00Z", score: 2 }),
  feedbackSubmitted({
    referral: "R1",
    respondent: "manager",
    at: "2024-03-12T10:00:00Z",
    score: 4,
    useful: true,
  }),
  feedbackSubmitted({ referral: "R2", respondent: "employee", at: "2024-04-10T10:00:00+01:00", score: 3 }),
  feedbackSubmitted({
    referral: "R2",
    respondent: "manager",
    at: "2024-04-11T10:00:00+01:00",
    score: 2,
    useful: false,
  }),
  feedbackSubmitted({ referral: "R3", respondent: "employee", at: "2024-04-12T10:00:00+01:00", score: 4 }),
  feedbackSubmitted({
    referral: "R3",
    respondent: "manager",
    at: "2024-04-13T10:00:00+01:00",
    score: 5,
    useful: null,
  }),
];

const surveillance = [
  surveillanceCompleted({ id: "S1", programme: "skin", outcome: "normal", at: "2024-05-02T10:00:00+01:00" }),
  surveillanceCompleted({ id: "S2", programme: "skin", outcome: "refer", at: "2024-05-03T10:00:00+01:00" }),
  surveillanceCompleted({
    id: "S3",
    programme: "audiometry",
    outcome: "restricted",
    at: "2024-05-07T10:00:00+01:00",
  }),
  surveillanceCompleted({
    id: "S4",
    org: "RYY",
    programme: "audiometry",
    outcome: "work_related_disease_confirmed",
    at: "2024-06-03T10:00:00+01:00",
  }),
  // S5 was sent as normal, then corrected to refer: the latest version counts.
  surveillanceCompleted({ id: "S5", programme: "skin", outcome: "normal", at: "2024-05-20T10:00:00+01:00" }),
  surveillanceCompleted({
    id: "S5",
    programme: "skin",
    outcome: "refer",
    at: "2024-05-20T10:00:00+01:00",
    sentAt: "2024-05-25T10:00:00+01:00",
  }),
];

const intervention = [
  // i1: absent from 20 Feb, ESR episode ends 31 Mar → back 1 Apr − first session 4 Mar = 28 days.
  interventionEpisode({
    id: "I1",
    staff: "ps_i1",
    service: "msk_physio",
    startedAt: "2024-03-04T10:00:00Z",
    endedAt: "2024-05-10T10:00:00+01:00",
    sessions: 6,
    absentAtStart: true,
    measure: "msk_hq",
    pre: 20,
    post: 35,
    rtw: true,
  }),
  absenceStarted({
    id: "X1",
    staff: "ps_i1",
    group: NURSES,
    start: "2024-02-20",
    end: "2024-03-31",
    reason: "S12",
    fte: 1,
  }),
  // i2: the ESR absence is still open → no return, not in the median.
  interventionEpisode({
    id: "I2",
    staff: "ps_i2",
    service: "psychology",
    startedAt: "2024-03-11T10:00:00Z",
    endedAt: "2024-05-20T10:00:00+01:00",
    sessions: 8,
    absentAtStart: true,
    measure: "phq9",
    pre: 18,
    post: 8,
    rtw: false,
  }),
  absenceStarted({
    id: "X2",
    staff: "ps_i2",
    group: NURSES,
    start: "2024-03-01",
    end: null,
    reason: "S10",
    fte: 1,
  }),
  // i3 (still open): two overlapping ESR episodes cover 18 Mar; the earlier-started X3 (ends 25 Mar) is the
  // link → back 26 Mar − 18 Mar = 8 days (X3b would give 44).
  interventionEpisode({
    id: "I3",
    staff: "ps_i3",
    service: "psychology",
    startedAt: "2024-03-18T10:00:00Z",
    endedAt: null,
    sessions: 3,
    absentAtStart: true,
    measure: "phq9",
    pre: 15,
    post: null,
    rtw: false,
  }),
  absenceStarted({
    id: "X3",
    staff: "ps_i3",
    group: NURSES,
    start: "2024-03-10",
    end: "2024-03-25",
    reason: "S12",
    fte: 1,
  }),
  absenceStarted({
    id: "X3b",
    staff: "ps_i3",
    group: NURSES,
    start: "2024-03-15",
    end: "2024-04-30",
    reason: "S13",
    fte: 1,
  }),
  // i4: not absent at the start.
  interventionEpisode({
    id: "I4",
    staff: "ps_i4",
    service: "psychology",
    startedAt: "2024-03-20T10:00:00Z",
    endedAt: "2024-05-15T10:00:00+01:00",
    sessions: 5,
    absentAtStart: false,
    measure: "phq9",
    pre: 10,
    post: 12,
    rtw: null,
  }),
  // i5: the ESR absence ends 10 Jul, after the as-of date → no actual return yet.
  interventionEpisode({
    id: "I5",
    staff: "ps_i5",
    service: "counselling_eap",
    startedAt: "2024-03-25T10:00:00Z",
    endedAt: "2024-05-28T10:00:00+01:00",
    sessions: 7,
    absentAtStart: true,
    measure: "core10",
    pre: 20,
    post: 10,
    rtw: false,
  }),
  absenceStarted({
    id: "X5",
    staff: "ps_i5",
    group: NURSES,
    start: "2024-03-01",
    end: "2024-07-10",
    reason: "S10",
    fte: 1,
  }),
];

const varicella = [
  serologyResulted({
    id: "V1",
    staff: "ps_v1",
    antigen: "varicella_igg",
    result: "immune",
    at: "2024-04-05T10:00:00+01:00",
  }),
  serologyResulted({
    id: "V2",
    staff: "ps_v2",
    antigen: "varicella_igg",
    result: "non_immune",
    at: "2024-04-10T10:00:00+01:00",
  }),
  immunisationAdministered({
    id: "V2v",
    staff: "ps_v2",
    vaccine: "varicella",
    at: "2024-04-20T10:00:00+01:00",
  }),
  // vaccinated without a test: in the denominator, not the numerator
  immunisationAdministered({
    id: "V3v",
    staff: "ps_v3",
    vaccine: "varicella",
    at: "2024-04-15T10:00:00+01:00",
  }),
  // first event a vaccine in March, tested in May: counts in March, tested
  immunisationAdministered({ id: "V4v", staff: "ps_v4", vaccine: "varicella", at: "2024-03-28T10:00:00Z" }),
  serologyResulted({
    id: "V4",
    staff: "ps_v4",
    antigen: "varicella_igg",
    result: "immune",
    at: "2024-05-02T10:00:00+01:00",
  }),
  // other antigens and vaccines are not varicella evidence
  serologyResulted({
    id: "V5",
    staff: "ps_v5",
    antigen: "hep_b_surface_antibody",
    result: "responder",
    at: "2024-04-05T10:00:00+01:00",
  }),
  immunisationAdministered({ id: "V6v", staff: "ps_v6", vaccine: "mmr", at: "2024-04-05T10:00:00+01:00" }),
];

const rolling = [
  // RYY absences for reason share: Jun 2023 10 days S10; Jan 2024 5 days × 0.5 FTE S12; May 2024 4 days S10.
  absenceStarted({
    id: "A1",
    staff: "ps_a1",
    org: "RYY",
    group: NURSES,
    start: "2023-06-01",
    end: "2023-06-10",
    reason: "S10",
    fte: 1,
  }),
  absenceStarted({
    id: "A2",
    staff: "ps_a2",
    org: "RYY",
    group: NURSES,
    start: "2024-01-01",
    end: "2024-01-05",
    reason: "S12",
    fte: 0.5,
  }),
  absenceStarted({
    id: "A3",
    staff: "ps_a3",
    org: "RYY",
    group: NURSES,
    start: "2024-05-01",
    end: "2024-05-04",
    reason: "S10",
    fte: 1,
  }),
  // RYY pre-placement: January Mon 8 → Wed 10 = 2 and Mon 15 → Fri 19 = 4 working days; February Mon 5 →
  // Mon 19 = 10. Monthly medians 3 and 10; the rolling median is over the three clearances: 4.
  preplacementCleared({
    id: "P1",
    org: "RYY",
    receivedAt: "2024-01-08T10:00:00Z",
    clearedAt: "2024-01-10T10:00:00Z",
  }),
  preplacementCleared({
    id: "P2",
    org: "RYY",
    receivedAt: "2024-01-15T10:00:00Z",
    clearedAt: "2024-01-19T10:00:00Z",
  }),
  preplacementCleared({
    id: "P3",
    org: "RYY",
    receivedAt: "2024-02-05T10:00:00Z",
    clearedAt: "2024-02-19T10:00:00Z",
  }),
];

let test: TestWarehouse;

beforeAll(async () => {
  test = await freshWarehouse();
  await appendLandingEvents(test.connection, [
    ...organisations,
    ...feedback,
    ...surveillance,
    ...intervention,
    ...varicella,
    ...rolling,
  ]);
  await runTransforms(test.connection, { asOf: AS_OF });
});

afterAll(() => test?.dispose());

const at = (table: string, where: string) => rows(test.connection, `SELECT * FROM ${table} WHERE ${where}`);

async function one(table: string, where: string): Promise<Record<string, unknown>> {
  const found = await at(table, where);
  expect(found, `${table} WHERE ${where}`).toHaveLength(1);
  return found[0] as Record<string, unknown>;
}

const period = (kind: string, end: string, level: string, code: string) =>
  `period_kind = '${kind}' AND period_end = DATE '${end}' AND level = '${level}' AND code = '${code}'`;

describe("rolling 12-month reporting periods", () => {
  it("a day belongs to the windows ending in its month and the 11 after, cut at the as-of month", async () => {
    const windows = async (date: string) =>
      (
        await rows(
          test.connection,
          `SELECT strftime(period_end, '%Y-%m-%d') AS end FROM dim_reporting_period
           WHERE period_kind = 'rolling12' AND date = DATE '${date}' ORDER BY period_end`,
        )
      ).map((row) => row.end);
    expect(await windows("2023-07-15")).toEqual([
      "2023-07-31",
      "2023-08-31",
      "2023-09-30",
      "2023-10-31",
      "2023-11-30",
      "2023-12-31",
      "2024-01-31",
      "2024-02-29",
      "2024-03-31",
      "2024-04-30",
      "2024-05-31",
      "2024-06-30",
    ]);
    // 31 January + 1 month must not clamp into the wrong month
    expect(await windows("2024-01-31")).toEqual([
      "2024-01-31",
      "2024-02-29",
      "2024-03-31",
      "2024-04-30",
      "2024-05-31",
      "2024-06-30",
    ]);
    expect(await windows("2024-07-01")).toEqual([]);
    const [months] = await rows(
      test.connection,
      "SELECT count(*) AS n FROM dim_reporting_period WHERE period_kind = 'month' AND date = DATE '2024-07-01'",
    );
    expect(months?.n).toBe("1");
  });

  it("no mart that reports by period has a rolling window ending after the as-of month", async () => {
    const marts = [
      "mart_appointment_dna",
      "mart_exposure_pep",
      "mart_hepb_response",
      "mart_preplacement_clearance",
      "mart_referral_outcomes",
      "mart_referral_waits",
      "mart_sickness_cost",
      "mart_sickness_reason_share",
      "mart_value_roi",
      "mart_feedback_satisfaction",
      "mart_vzv_tested",
      "mart_health_surveillance",
      "mart_intervention_episodes",
      "mart_intervention_score_change",
    ];
    for (const mart of marts) {
      const [latest] = await rows(
        test.connection,
        `SELECT strftime(max(period_end), '%Y-%m-%d') AS latest FROM ${mart} WHERE period_kind = 'rolling12'`,
      );
      expect(latest?.latest === null || String(latest?.latest) <= AS_OF, mart).toBe(true);
    }
    // windows do reach the as-of month where the window holds data
    const [june] = await rows(
      test.connection,
      "SELECT count(*) AS n FROM mart_preplacement_clearance WHERE period_kind = 'rolling12' AND period_end = DATE '2024-06-30'",
    );
    expect(Number(june?.n)).toBeGreaterThan(0);
  });

  it("reason share over 12 months = Σ lost(reason) ÷ Σ lost over the window, not an average of months", async () => {
    const share = async (end: string) =>
      rows(
        test.connection,
        `SELECT reason_code, fte_days_lost, fte_days_lost_all_reasons, reason_share_pct
         FROM mart_sickness_reason_share WHERE ${period("rolling12", end, "organisation", "RYY")} ORDER BY reason_code`,
      );
    // Jun 2023 – May 2024: S10 10 + 4 = 14, S12 2.5 → 16.5
    expect(await share("2024-05-31")).toEqual([
      { reason_code: "S10", fte_days_lost: 14, fte_days_lost_all_reasons: 16.5, reason_share_pct: 84.85 },
      { reason_code: "S12", fte_days_lost: 2.5, fte_days_lost_all_reasons: 16.5, reason_share_pct: 15.15 },
    ]);
    // Jul 2023 – Jun 2024: June 2023 has left the window
    expect(await share("2024-06-30")).toEqual([
      { reason_code: "S10", fte_days_lost: 4, fte_days_lost_all_reasons: 6.5, reason_share_pct: 61.54 },
      { reason_code: "S12", fte_days_lost: 2.5, fte_days_lost_all_reasons: 6.5, reason_share_pct: 38.46 },
    ]);
  });

  it("a rolling median is over the window's own rows, not a median of monthly medians", async () => {
    expect(
      await one("mart_preplacement_clearance", period("month", "2024-01-31", "organisation", "RYY")),
    ).toMatchObject({ clearances: "2", median_working_days_to_clearance: 3 });
    expect(
      await one("mart_preplacement_clearance", period("rolling12", "2024-02-29", "organisation", "RYY")),
    ).toMatchObject({ clearances: "3", median_working_days_to_clearance: 4, cleared_within_10_wd: "3" });
    expect(
      await one("mart_preplacement_clearance", period("rolling12", "2024-06-30", "ics", "QXX")),
    ).toMatchObject({ clearances: "3", median_working_days_to_clearance: 4 });
  });
});

describe("patient and manager satisfaction", () => {
  it("responses ≥ 4 of 5 ÷ responses by respondent; a resubmission replaces the earlier response", async () => {
    expect(
      await one(
        "mart_feedback_satisfaction",
        `${period("month", "2024-03-31", "organisation", "RXX")} AND respondent = 'employee'`,
      ),
    ).toMatchObject({ responses: "1", satisfied_responses: "0", satisfaction_pct: 0, mean_satisfaction: 2 });
    expect(
      await one(
        "mart_feedback_satisfaction",
        `${period("month", "2024-03-31", "organisation", "RXX")} AND respondent = 'manager'`,
      ),
    ).toMatchObject({
      responses: "1",
      satisfied_responses: "1",
      satisfaction_pct: 100,
      report_useful_answers: "1",
      report_useful_yes: "1",
      report_useful_pct: 100,
    });
    // ICB: R2 (3, RXX) and R3 (4, RYY)
    expect(
      await one(
        "mart_feedback_satisfaction",
        `${period("month", "2024-04-30", "ics", "QXX")} AND respondent = 'employee'`,
      ),
    ).toMatchObject({
      responses: "2",
      satisfied_responses: "1",
      satisfaction_pct: 50,
      report_useful_answers: "0",
      report_useful_pct: null,
    });
  });

  it("report useful share leaves out managers who did not answer", async () => {
    expect(
      await one(
        "mart_feedback_satisfaction",
        `${period("quarter", "2024-06-30", "england", "ENG")} AND respondent = 'manager'`,
      ),
    ).toMatchObject({
      responses: "2",
      satisfied_responses: "1",
      satisfaction_pct: 50,
      report_useful_answers: "1",
      report_useful_yes: "0",
      report_useful_pct: 0,
    });
  });

  it("rolling 12 months: a March 2023 response is in the window to February 2024 only", async () => {
    const employee = (end: string) =>
      one(
        "mart_feedback_satisfaction",
        `${period("rolling12", end, "england", "ENG")} AND respondent = 'employee'`,
      );
    expect(await employee("2024-02-29")).toMatchObject({
      responses: "1",
      satisfied_responses: "1",
      satisfaction_pct: 100,
    });
    expect(await employee("2024-03-31")).toMatchObject({
      responses: "1",
      satisfied_responses: "0",
      satisfaction_pct: 0,
    });
    expect(await employee("2024-04-30")).toMatchObject({
      responses: "3",
      satisfied_responses: "1",
      satisfaction_pct: 33.33,
      mean_satisfaction: 3,
    });
  });
});

describe("VZV tested", () => {
  it("staff tested ÷ staff tested or vaccinated, in the month of their first varicella event", async () => {
    expect(await one("mart_vzv_tested", period("month", "2024-04-30", "organisation", "RXX"))).toMatchObject({
      staff_negative_or_uncertain_history: "3",
      staff_tested: "2",
      vzv_tested_pct: 66.67,
      staff_non_immune: "1",
      staff_vaccinated: "2",
    });
    expect(await one("mart_vzv_tested", period("month", "2024-03-31", "organisation", "RXX"))).toMatchObject({
      staff_negative_or_uncertain_history: "1",
      staff_tested: "1",
      vzv_tested_pct: 100,
      staff_vaccinated: "1",
    });
    expect(await one("mart_vzv_tested", period("rolling12", "2024-06-30", "england", "ENG"))).toMatchObject({
      staff_negative_or_uncertain_history: "4",
      staff_tested: "3",
      vzv_tested_pct: 75,
    });
    expect(await at("mart_vzv_tested", "period_end = DATE '2024-05-31' AND period_kind = 'month'")).toEqual(
      [],
    );
  });
});

describe("health surveillance", () => {
  it("completions by programme and outcome, with the latest version of a corrected check", async () => {
    expect(
      await one(
        "mart_health_surveillance",
        `${period("month", "2024-05-31", "organisation", "RXX")} AND programme = 'skin'`,
      ),
    ).toMatchObject({
      checks_completed: "3",
      outcome_normal: "1",
      outcome_referred: "2",
      outcome_restricted: "0",
      outcome_work_related_disease: "0",
      referred_pct: 66.67,
      restricted_pct: 0,
    });
    expect(
      await one(
        "mart_health_surveillance",
        `${period("month", "2024-05-31", "organisation", "RXX")} AND programme = 'All programmes'`,
      ),
    ).toMatchObject({
      checks_completed: "4",
      referred_pct: 50,
      restricted_pct: 25,
      work_related_disease_pct: 0,
    });
    expect(
      await one(
        "mart_health_surveillance",
        `${period("quarter", "2024-06-30", "england", "ENG")} AND programme = 'All programmes'`,
      ),
    ).toMatchObject({
      checks_completed: "5",
      outcome_work_related_disease: "1",
      work_related_disease_pct: 20,
    });
  });
});

describe("intervention episodes", () => {
  it("episodes started: completion and time to return to work from the linked ESR absence", async () => {
    expect(
      await one(
        "mart_intervention_episodes",
        `${period("month", "2024-03-31", "organisation", "RXX")} AND service = 'All services'`,
      ),
    ).toMatchObject({
      episodes_started: "5",
      episodes_started_completed: "4",
      episodes_started_absent: "4",
      episodes_returned_to_work: "2",
      median_days_to_return_to_work: 18,
      episodes_completed: "0",
      mean_sessions_completed: null,
      rtw_during_episode_pct: null,
    });
    expect(
      await one(
        "mart_intervention_episodes",
        `${period("month", "2024-03-31", "organisation", "RXX")} AND service = 'psychology'`,
      ),
    ).toMatchObject({
      episodes_started: "3",
      episodes_started_completed: "2",
      episodes_started_absent: "2",
      episodes_returned_to_work: "1",
      median_days_to_return_to_work: 8,
    });
  });

  it("episodes completed: sessions and RTW during the episode for staff absent at the start", async () => {
    expect(
      await one(
        "mart_intervention_episodes",
        `${period("month", "2024-05-31", "organisation", "RXX")} AND service = 'All services'`,
      ),
    ).toMatchObject({
      episodes_started: "0",
      episodes_completed: "4",
      mean_sessions_completed: 6.5,
      completed_absent_at_start: "3",
      completed_rtw_during_episode: "1",
      rtw_during_episode_pct: 33.33,
    });
  });

  it("a rolling window holds both bases in one row", async () => {
    expect(
      await one(
        "mart_intervention_episodes",
        `${period("rolling12", "2024-05-31", "england", "ENG")} AND service = 'All services'`,
      ),
    ).toMatchObject({
      episodes_started: "5",
      episodes_returned_to_work: "2",
      median_days_to_return_to_work: 18,
      episodes_completed: "4",
      rtw_during_episode_pct: 33.33,
    });
  });

  it("score change is per outcome measure, only for discharged episodes with both scores", async () => {
    const scores = await rows(
      test.connection,
      `SELECT service, outcome_measure, episodes_with_scores, mean_score_pre, mean_score_post, mean_score_change, episodes_improved
       FROM mart_intervention_score_change WHERE ${period("month", "2024-05-31", "organisation", "RXX")}
       ORDER BY service, outcome_measure`,
    );
    expect(scores).toEqual([
      {
        service: "All services",
        outcome_measure: "core10",
        episodes_with_scores: "1",
        mean_score_pre: 20,
        mean_score_post: 10,
        mean_score_change: -10,
        episodes_improved: "1",
      },
      {
        service: "All services",
        outcome_measure: "msk_hq",
        episodes_with_scores: "1",
        mean_score_pre: 20,
        mean_score_post: 35,
        mean_score_change: 15,
        episodes_improved: "1",
      },
      {
        service: "All services",
        outcome_measure: "phq9",
        episodes_with_scores: "2",
        mean_score_pre: 14,
        mean_score_post: 10,
        mean_score_change: -4,
        episodes_improved: "1",
      },
      {
        service: "counselling_eap",
        outcome_measure: "core10",
        episodes_with_scores: "1",
        mean_score_pre: 20,
        mean_score_post: 10,
        mean_score_change: -10,
        episodes_improved: "1",
      },
      {
        service: "msk_physio",
        outcome_measure: "msk_hq",
        episodes_with_scores: "1",
        mean_score_pre: 20,
        mean_score_post: 35,
        mean_score_change: 15,
        episodes_improved: "1",
      },
      {
        service: "psychology",
        outcome_measure: "phq9",
        episodes_with_scores: "2",
        mean_score_pre: 14,
        mean_score_post: 10,
        mean_score_change: -4,
        episodes_improved: "1",
      },
    ]);
  });
});

describe("FTE-equivalent off sick per day", () => {
  it("Σ FTE days lost ÷ calendar days in the month and in the quarter", async () => {
    const group = "AND staff_group = 'All staff groups'";
    const may = await one(
      "mart_sickness_days_per_fte_year",
      `${period("month", "2024-05-31", "organisation", "RYY")} ${group}`,
    );
    expect(may.fte_days_lost).toBe(4);
    expect(may.fte_off_sick_per_day).toBeCloseTo(4 / 31, 12);
    const quarter = await one(
      "mart_sickness_days_per_fte_year",
      `${period("quarter", "2024-06-30", "organisation", "RYY")} ${group}`,
    );
    expect(quarter.calendar_days).toBe("91");
    expect(quarter.fte_off_sick_per_day).toBeCloseTo(4 / 91, 12);
    // Q1 2024: RYY 2.5 FTE days over 91 days (Jan 31 + Feb 29 + Mar 31)
    const q1 = await one(
      "mart_sickness_days_per_fte_year",
      `${period("quarter", "2024-03-31", "organisation", "RYY")} ${group}`,
    );
    expect(q1.fte_off_sick_per_day).toBeCloseTo(2.5 / 91, 12);
  });
});

describe("incremental builds", () => {
  it("give the new marts the same rows as the full build when the events arrive in two batches", async () => {
    const all = [...organisations, ...feedback, ...surveillance, ...intervention, ...varicella, ...rolling];
    const later = new Set([
      ...feedback.slice(6),
      ...surveillance.slice(5),
      ...intervention.slice(6),
      ...varicella.slice(3),
    ]);
    const incremental = await freshWarehouse();
    try {
      await appendLandingEvents(
        incremental.connection,
        all.filter((event) => !later.has(event)),
      );
      await runIncrementalTransforms(incremental.connection, { asOf: AS_OF });
      await appendLandingEvents(incremental.connection, [...later]);
      const second = await runIncrementalTransforms(incremental.connection, { asOf: AS_OF });
      expect(second.mode).toBe("incremental");
      expect(second.builds.map((build) => build.name)).toContain("mart_intervention_episodes");
      for (const model of [
        "dim_reporting_period",
        "fct_feedback",
        "fct_intervention_episode",
        "mart_feedback_satisfaction",
        "mart_vzv_tested",
        "mart_health_surveillance",
        "mart_intervention_episodes",
        "mart_intervention_score_change",
        "mart_sickness_reason_share",
        "mart_preplacement_clearance",
      ]) {
        const [a, b] = await Promise.all(
          [incremental, test].map((w) => rows(w.connection, `SELECT * FROM ${model} ORDER BY ALL`)),
        );
        expect({ model, rows: a }).toEqual({ model, rows: b });
      }
    } finally {
      incremental.dispose();
    }
  });
});

// last: it breaks the marts on purpose
describe("data tests beside the new marts", () => {
  it("pass on this warehouse and fail on a broken one", async () => {
    const marts = [
      "mart_health_surveillance",
      "mart_vzv_tested",
      "mart_intervention_episodes",
      "mart_feedback_satisfaction",
    ];
    const mine = loadDataTests().filter((t) => t.models.some((model) => marts.includes(model)));
    // every mart declares at least its key tests; reporting_periods is the custom test over all period marts
    for (const mart of marts)
      expect(mine.map((t) => t.name)).toContain(
        `${mart}: unique period_kind, period_end, level, code${mart === "mart_health_surveillance" ? ", programme" : mart === "mart_intervention_episodes" ? ", service" : mart === "mart_feedback_satisfaction" ? ", respondent" : ""}`,
      );
    expect(mine.map((t) => t.name)).toContain("reporting_periods");
    const parameters = { asOf: AS_OF, freshnessMonths: 3 };
    const healthy = await runDataTests(test.connection, parameters, mine);
    expect(healthy.filter((r) => r.status !== "pass").map((r) => ({ name: r.name, error: r.error }))).toEqual(
      [],
    );
    await test.connection.run(
      `INSERT INTO mart_health_surveillance SELECT * REPLACE ('rolling12' AS period_kind, DATE '2024-07-31' AS period_end)
       FROM mart_health_surveillance WHERE period_kind = 'month' AND period_end = DATE '2024-05-31' AND code = 'RXX' AND programme = 'skin'`,
    );
    await test.connection.run(
      "UPDATE mart_vzv_tested SET staff_tested = staff_negative_or_uncertain_history + 1 WHERE code = 'RXX' AND period_kind = 'month'",
    );
    const broken = await runDataTests(test.connection, parameters, mine);
    expect(
      broken.filter((r) => !r.passed).map((r) => ({ name: r.name, failingRows: r.failingRows })),
    ).toEqual([
      {
        name: "mart_vzv_tested: expect staff_tested BETWEEN 0 AND staff_negative_or_uncertain_history AND staff_non_immune <= staff_tested",
        failingRows: 2,
      },
      { name: "reporting_periods", failingRows: 1 },
    ]);
  });
});
