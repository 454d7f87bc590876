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
