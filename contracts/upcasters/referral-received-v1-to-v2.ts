/**
 * ohwb.referral.received v1 → v2. v1 carried `currently_absent` and
 * `absence_start_date` as two flat fields (which could contradict each other)
 * and no referral source. v2 folds them into `absence` and requires
 * `referral_source`; for v1 events the source is inferred only where the
 * referral type implies it (self-referral), otherwise "not_recorded".
 * A start date sent for someone at work in v1 is dropped (v2 cannot carry it).
 */
import type { z } from "zod";
import type { referralReceivedV1, referralReceivedV2 } from "../events/referral-events.js";

type V1 = z.infer<typeof referralReceivedV1>;
type V2 = z.input<typeof referralReceivedV2>;

export function upcastReferralReceivedV1ToV2(event: V1): V2 {
  const { currently_absent, absence_start_date, ...payload } = event.payload;
  return {
    ...event,
    schema_version: 2,
    payload: {
      ...payload,
      referral_source: payload.referral_type === "self" ? "self" : "not_recorded",
      absence: currently_absent
        ? { currently_absent: true, start_date: absence_start_date }
        : { currently_absent: false },
    },
  };
}
