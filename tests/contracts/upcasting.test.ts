/**
 * Evolution: referral.received v1 and v2 coexist; a v1 event is upcast to the
 * v2 shape by validateEvent, and the result is a valid v2 event.
 */
import { describe, expect, it } from "vitest";
import { referralReceivedV2 } from "../../contracts/events/referral-events.js";
import { validateEvent } from "../../contracts/index.js";
import { loadExampleSets } from "./golden-examples.js";

const v1 = loadExampleSets().find((s) => s.dir === "ohwb.referral.received.v1")?.valid as Record<
  string,
  unknown
>;
const v1Payload = v1.payload as Record<string, unknown>;

describe("referral.received v1 → v2 upcaster", () => {
  it("folds the absence fields into `absence` and infers no source for management referrals", () => {
    const result = validateEvent(v1);
    if (!result.ok) throw new Error(result.summary);
    expect(result.upcastFrom).toBe(1);
    expect(result.schemaVersion).toBe(2);
    expect(referralReceivedV2.safeParse(result.event).success).toBe(true);
    const { currently_absent: _absent, absence_start_date: _start, ...rest } = v1Payload;
    expect(result.event).toEqual({
      ...v1,
      schema_version: 2,
      payload: {
        ...rest,
        referral_source: "not_recorded",
        absence: { currently_absent: true, start_date: v1Payload.absence_start_date },
      },
    });
  });

  it("maps self-referrals to referral_source self and drops a start date sent for someone at work", () => {
    const result = validateEvent({
      ...v1,
      payload: {
        ...v1Payload,
        referral_type: "self",
        currently_absent: false,
        absence_start_date: "2024-01-02",
      },
    });
    if (!result.ok) throw new Error(result.summary);
    expect(result.event.payload).toMatchObject({
      referral_source: "self",
      absence: { currently_absent: false },
    });
    expect((result.event.payload as { absence: object }).absence).not.toHaveProperty("start_date");
  });

  it("does not touch the caller's input", () => {
    const input = structuredClone(v1);
    validateEvent(input);
    expect(input).toEqual(v1);
  });

  it("a v1 event is still checked against v1 before upcasting", () => {
    const result = validateEvent({ ...v1, payload: { ...v1Payload, absence_start_date: "2024-02-30" } });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues[0]?.path).toBe("payload.absence_start_date");
  });
});
