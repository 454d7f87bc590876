/**
 * Treatment episodes (MSK physio, psychology, EAP counselling): sent when the
 * episode opens and re-sent with the discharge, as the contract describes.
 */
import { DAY_MS, isoDateTime } from "./calendar.js";
import type { OrganisationContext } from "./organisation-context.js";

export type InterventionService = "msk_physio" | "psychology" | "counselling_eap";

export interface InterventionStart {
  staffIndex: number;
  referralId: string | null;
  service: InterventionService;
  startedAt: number;
  absentAtStart: boolean;
}

const sourceByService: Record<InterventionService, string> = {
  msk_physio: "physio-trac",
  psychology: "iaptus",
  counselling_eap: "eap-provider",
};

export function emitInterventionEpisode(ctx: OrganisationContext, start: InterventionStart): void {
  const r = ctx.random;
  const episodeId = ctx.nextId("EP");
  const sessions = start.service === "counselling_eap" ? r.int(3, 6) : r.int(3, 10);
  const ended = start.startedAt + sessions * 7 * DAY_MS;
  let measure: string;
  let pre: number;
  let post: number;
  if (start.service === "msk_physio") {
    measure = "msk_hq";
    pre = r.int(12, 35);
    post = Math.min(56, pre + r.int(-2, 16));
  } else if (start.service === "psychology") {
    measure = "phq9";
    pre = r.int(10, 24);
    post = Math.max(0, pre - r.int(-1, 11));
  } else {
    measure = "core10";
    pre = r.int(12, 28);
    post = Math.max(0, pre - r.int(-1, 12));
  }
  const base = {
    episode_id: episodeId,
    staff_id: ctx.roster.staffId(start.staffIndex),
    employer_ods: ctx.org.code,
    referral_id: start.referralId,
    service: start.service,
    started_at: isoDateTime(start.startedAt),
  };
  const source = sourceByService[start.service];
  ctx.emit("ohwb.intervention.episode", source, start.startedAt, {
    ...base,
    ended_at: null,
    sessions: 1,
    absent_at_start: start.absentAtStart,
    outcome_measure: measure,
    score_pre: pre,
    score_post: null,
    rtw_during_episode: start.absentAtStart ? false : null,
  });
  ctx.emit("ohwb.intervention.episode", source, ended, {
    ...base,
    ended_at: isoDateTime(ended),
    sessions,
    absent_at_start: start.absentAtStart,
    outcome_measure: measure,
    score_pre: pre,
    score_post: r.chance(0.85) ? post : null,
    rtw_during_episode: start.absentAtStart ? r.chance(0.7) : null,
  });
}
