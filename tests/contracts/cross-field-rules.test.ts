/**
 * Rules across fields (issue 14, item 3): each valid example broken in one
 * rule is rejected at that field with the rule's text, the same example with
 * the rule kept is accepted, and every rule reaches the exported JSON Schema.
 */
import { describe, expect, it } from "vitest";
import { RULES_ANNOTATION } from "../../contracts/cross-field-rules.js";
import { validateEvent } from "../../contracts/index.js";
import { loadExampleSets } from "./golden-examples.js";
import { independentValidator } from "./independent-validator.js";

const sets = loadExampleSets();

function example(dir: string): Record<string, unknown> {
  const set = sets.find((s) => s.dir === dir);
  if (!set) throw new Error(`no example ${dir}`);
  return structuredClone(set.valid);
}

function withPayload(dir: string, patch: Record<string, unknown>): Record<string, unknown> {
  const event = example(dir);
  return { ...event, payload: { ...(event.payload as Record<string, unknown>), ...patch } };
}

const breaches: [string, string, Record<string, unknown>, string][] = [
  [
    "a PEP dose before the exposure (−300 min)",
    "ohwb.exposure.incident.v1",
    { exposed_at: "2024-02-14T22:05:00Z", pep_first_dose_at: "2024-02-14T17:05:00Z" },
    "payload.pep_first_dose_at",
  ],
  [
    "a report to OH before the exposure",
    "ohwb.exposure.incident.v1",
    { exposed_at: "2024-02-14T22:05:00Z", reported_to_oh_at: "2024-02-14T22:00:00Z" },
    "payload.reported_to_oh_at",
  ],
  [
    "an absence ending before it starts",
    "workforce.absence.started.v1",
    { start_date: "2024-03-10", end_date: "2024-03-09" },
    "payload.end_date",
  ],
  [
    "an absence update ending before it starts",
    "workforce.absence.updated.v1",
    { start_date: "2024-03-10", end_date: "2024-01-01" },
    "payload.end_date",
  ],
  [
    "an intervention discharged before its first session",
    "ohwb.intervention.episode.v1",
    { started_at: "2024-03-10T09:00:00Z", ended_at: "2024-03-01T09:00:00Z" },
    "payload.ended_at",
  ],
  [
    "a serology result before its sample",
    "ohwb.serology.resulted.v1",
    { sampled_at: "2024-03-10T09:00:00Z", resulted_at: "2024-03-09T09:00:00Z" },
    "payload.resulted_at",
  ],
  [
    "a pre-placement clearance before the questionnaire",
    "ohwb.preplacement.cleared.v1",
    { questionnaire_received_at: "2024-03-10T09:00:00Z", cleared_at: "2024-03-10T08:59:59Z" },
    "payload.cleared_at",
  ],
  [
    "a cost period ending before it starts",
    "ohwb.service.cost.v1",
    { period_start: "2024-04-01", period_end: "2024-03-31" },
    "payload.period_end",
  ],
  [
    "a referral received before the absence it reports started",
    "ohwb.referral.received.v1",
    { currently_absent: true, absence_start_date: "2024-03-20", received_at: "2024-03-19T23:00:00Z" },
    "payload.received_at",
  ],
  [
    "a v2 referral received before the absence it reports started",
    "ohwb.referral.received.v2",
    { absence: { currently_absent: true, start_date: "2024-03-20" }, received_at: "2024-03-19T12:00:00Z" },
    "payload.received_at",
  ],
  [
    "more FTE days lost than available",
    "workforce.absence.monthly.v1",
    { is_suppressed: false, fte_days_lost: 400, fte_days_available: 399, published_rate_pct: 100 },
    "payload.fte_days_lost",
  ],
];

describe("cross-field rules", () => {
  for (const [name, dir, patch, path] of breaches) {
    it(`rejects ${name}`, () => {
      const result = validateEvent(withPayload(dir, patch));
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.reason).toBe("VALIDATION_FAILED");
      const issue = result.issues.find((i) => i.path === path);
      expect(issue?.message, JSON.stringify(result.issues)).toMatch(/must not (be before|exceed)/);
    });
  }

  it("accepts equal times and a PEP dose an hour after the exposure", () => {
    const sameMinute = withPayload("ohwb.exposure.incident.v1", {
      exposed_at: "2024-02-14T22:05:00Z",
      reported_to_oh_at: "2024-02-14T23:05:00+01:00",
      pep_first_dose_at: "2024-02-14T23:05:00Z",
    });
    expect(validateEvent(sameMinute).ok).toBe(true);
    const oneDay = withPayload("workforce.absence.started.v1", {
      start_date: "2024-03-10",
      end_date: "2024-03-10",
    });
    expect(validateEvent(oneDay).ok).toBe(true);
  });

  it("lists every rule in the exported JSON Schema", () => {
    const schemaFor = independentValidator();
    for (const dir of new Set(breaches.map(([, d]) => d))) {
      const [, type, version] = /^(.+)\.v(\d+)$/.exec(dir) ?? [];
      const validate = schemaFor(String(type), Number(version));
      expect(JSON.stringify(validate.schema), dir).toContain(RULES_ANNOTATION);
    }
  });
});
