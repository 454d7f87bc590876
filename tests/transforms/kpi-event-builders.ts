/**
 * Builders for contract-valid landing events used by the KPI mart tests. Each
 * event is checked with the contracts' validateEvent first, so the fixtures
 * are the shapes ingest would store, not guesses.
 */
import { randomUUID } from "node:crypto";
import { validateEvent } from "../../contracts/index.js";
import type { LandingEvent } from "./warehouse-fixture.js";

const CURRENT_VERSION: Record<string, number> = { "ohwb.referral.received": 2 };

export function contractEvent(
  eventType: string,
  occurredAt: string,
  payload: Record<string, unknown>,
  orgCode = "RXX",
): LandingEvent {
  const result = validateEvent({
    event_id: randomUUID(),
    event_type: eventType,
    schema_version: CURRENT_VERSION[eventType] ?? 1,
    occurred_at: occurredAt,
    source_system: "test",
    org_code: orgCode,
    payload,
  });
  if (!result.ok) throw new Error(`fixture ${eventType} is not contract-valid: ${result.summary}`);
  return { eventType, occurredAt, orgCode, payload };
}

export function fteMonthly(
  org: string,
  group: string,
  monthEnd: string,
  available: number,
  headcount: number | null = null,
): LandingEvent {
  return contractEvent(
    "workforce.fte.monthly",
    `${monthEnd}T12:00:00Z`,
    {
      month_end: monthEnd,
      reporting_org_code: org,
      staff_group: group,
      fte_days_available: available,
      average_fte: available / 30,
      headcount,
    },
    org,
  );
}

export function publishedRow(
  org: string,
  monthEnd: string,
  e: { ics: string; region: string; benchmarkGroup: string; lost: number; available: number },
): LandingEvent {
  return contractEvent(
    "workforce.absence.monthly",
    `${monthEnd}T12:00:00Z`,
    {
      month_end: monthEnd,
      region_code: e.region,
      region_name: `Region ${e.region}`,
      ics_code: e.ics,
      ics_name: `ICB ${e.ics}`,
      reporting_org_code: org,
      org_name: `Trust ${org}`,
      cluster_group: "Acute",
      benchmark_group: e.benchmarkGroup,
      staff_group: "All staff groups",
      is_suppressed: false,
      fte_days_lost: e.lost,
      fte_days_available: e.available,
      published_rate_pct: Math.round((e.lost / e.available) * 10000) / 100,
    },
    org,
  );
}

export function absenceStarted(e: {
  id: string;
  staff: string;
  org?: string;
  group: string;
  start: string;
  end: string | null;
  reason: string;
  fte: number;
}): LandingEvent {
  return contractEvent(
    "workforce.absence.started",
    `${e.start}T09:00:00Z`,
    {
      absence_id: e.id,
      staff_id: e.staff,
      employer_ods: e.org ?? "RXX",
      staff_group: e.group,
      start_date: e.start,
      end_date: e.end,
      reason_code: e.reason,
      related_reason: null,
      fte: e.fte,
    },
    e.org ?? "RXX",
  );
}

/** A v2 referral from RXX's (or the given employer's) OH service; absent when absenceStart is given. */
export function referralReceived(e: {
  id: string;
  staff: string;
  receivedAt: string;
  org?: string;
  absenceStart?: string;
}): LandingEvent {
  const org = e.org ?? "RXX";
  return contractEvent(
    "ohwb.referral.received",
    e.receivedAt,
    {
      referral_id: e.id,
      staff_id: e.staff,
      employer_ods: org,
      service_ods: org,
      icb_code: "QXX",
      region_code: "Y60",
      staff_group: "Nurses & health visitors",
      referral_type: "management",
      reason_category: "musculoskeletal",
      esr_reason_code: e.absenceStart ? "S12" : null,
      received_at: e.receivedAt,
      consent_recorded: true,
      referral_source: "line_manager",
      absence: e.absenceStart
        ? { currently_absent: true, start_date: e.absenceStart }
        : { currently_absent: false },
    },
    org,
  );
}

export function feedbackSubmitted(e: {
  referral: string;
  respondent: "employee" | "manager";
  at: string;
  score: number;
  useful?: boolean | null;
}): LandingEvent {
  return contractEvent("ohwb.feedback.submitted", e.at, {
    referral_id: e.referral,
    respondent: e.respondent,
    submitted_at: e.at,
    satisfaction_1to5: e.score,
    report_useful: e.useful ?? null,
  });
}

export function surveillanceCompleted(e: {
  id: string;
  org?: string;
  programme: string;
  outcome: string;
  at: string;
  /** When the event was sent, if not at completion (a corrected re-send). */
  sentAt?: string;
}): LandingEvent {
  const org = e.org ?? "RXX";
  return contractEvent(
    "ohwb.surveillance.completed",
    e.sentAt ?? e.at,
    {
      surveillance_id: e.id,
      staff_id: `ps_${e.id}`,
      employer_ods: org,
      programme: e.programme,
      outcome: e.outcome,
      completed_at: e.at,
    },
    org,
  );
}

export function interventionEpisode(e: {
  id: string;
  staff: string;
  service: string;
  startedAt: string;
  endedAt: string | null;
  sessions: number;
  absentAtStart: boolean;
  measure: string;
  pre: number | null;
  post: number | null;
  rtw: boolean | null;
}): LandingEvent {
  return contractEvent("ohwb.intervention.episode", e.endedAt ?? e.startedAt, {
    episode_id: e.id,
    staff_id: e.staff,
    employer_ods: "RXX",
    referral_id: null,
    service: e.service,
    started_at: e.startedAt,
    ended_at: e.endedAt,
    sessions: e.sessions,
    absent_at_start: e.absentAtStart,
    outcome_measure: e.measure,
    score_pre: e.pre,
    score_post: e.post,
    rtw_during_episode: e.rtw,
  });
}

export function serologyResulted(e: {
  id: string;
  staff: string;
  antigen: string;
  result: string;
  at: string;
  org?: string;
}): LandingEvent {
  const org = e.org ?? "RXX";
  return contractEvent(
    "ohwb.serology.resulted",
    e.at,
    {
      result_id: e.id,
      staff_id: e.staff,
      employer_ods: org,
      antigen: e.antigen,
      result: e.result,
      titre_miu_ml: null,
      sampled_at: null,
      resulted_at: e.at,
    },
    org,
  );
}

export function immunisationAdministered(e: {
  id: string;
  staff: string;
  vaccine: string;
  at: string;
  org?: string;
}): LandingEvent {
  const org = e.org ?? "RXX";
  return contractEvent(
    "ohwb.immunisation.administered",
    e.at,
    {
      immunisation_id: e.id,
      staff_id: e.staff,
      employer_ods: org,
      vaccine: e.vaccine,
      dose_number: 1,
      course_complete: false,
      administered_at: e.at,
      season: null,
      frontline_hcw: true,
    },
    org,
  );
}

export function preplacementCleared(e: {
  id: string;
  receivedAt: string;
  clearedAt: string;
  org?: string;
}): LandingEvent {
  const org = e.org ?? "RXX";
  return contractEvent(
    "ohwb.preplacement.cleared",
    e.clearedAt,
    {
      clearance_id: e.id,
      staff_id: `ps_${e.id}`,
      employer_ods: org,
      staff_group: "Nurses & health visitors",
      questionnaire_received_at: e.receivedAt,
      cleared_at: e.clearedAt,
      outcome: "cleared",
      epp_clearance: "not_required",
    },
    org,
  );
}
