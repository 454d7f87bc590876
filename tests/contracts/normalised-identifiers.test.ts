/**
 * Identifiers the contracts define as UUIDs or ODS codes (issue 14, item 2)
 * come out of validation in one spelling, so dedupe and joins see one id.
 */
import { describe, expect, it } from "vitest";
import { validateEvent } from "../../contracts/index.js";
import { loadExampleSets } from "./golden-examples.js";

const referral = loadExampleSets().find((s) => s.dir === "ohwb.referral.received.v2")?.valid as Record<
  string,
  unknown
>;

function validated(event: unknown): Record<string, unknown> {
  const result = validateEvent(event);
  if (!result.ok) throw new Error(result.summary);
  return result.event as unknown as Record<string, unknown>;
}

describe("normalised identifiers", () => {
  it("stores an upper-case event_id lower-case", () => {
    const event = validated({ ...referral, event_id: String(referral.event_id).toUpperCase() });
    expect(event.event_id).toBe(String(referral.event_id).toLowerCase());
  });

  it("stores ODS codes trimmed and upper-case, in the envelope and the payload", () => {
    const payload = referral.payload as Record<string, unknown>;
    const event = validated({
      ...referral,
      org_code: " rrk ",
      payload: { ...payload, employer_ods: "rrk", icb_code: "qhl", region_code: "y60 " },
    });
    expect(event.org_code).toBe("RRK");
    const out = event.payload as Record<string, unknown>;
    expect([out.employer_ods, out.icb_code, out.region_code]).toEqual(["RRK", "QHL", "Y60"]);
  });

  it("still rejects what is not an ODS code in any case", () => {
    for (const code of ["r-k", "rrkk", "", "  "])
      expect(validateEvent({ ...referral, org_code: code }).ok).toBe(false);
  });
});
