/**
 * One OH referral from receipt to closure: triage, appointments (≈10% DNA,
 * ≈5% cancelled, rebooked), report, outcome with adjustments, feedback,
 * onward intervention episodes and closure. Waits follow SLA-like shapes
 * (triage ≤ 2 working days, first appointment median ≈ 7 working days).
 */
import type { StaffGroup } from "../contracts/enumerations.js";
import { addWorkingDays, DAY_MS, HOUR_MS, isoDate, isoDateTime, MINUTE_MS, workingSlot } from "./calendar.js";
import { emitInterventionEpisode, type InterventionService } from "./intervention-episode.js";
import type { OrganisationContext } from "./organisation-context.js";
import { WeightedTable } from "./random.js";

export interface ReferralStart {
  staffIndex: number;
  staffGroup: StaffGroup;
  receivedAt: number;
  referralType: string;
  reasonCategory: string;
  /** Set when the staff member is off sick at referral. */
  absence: { startDate: number; reasonCode: string } | null;
}

const SOURCE = "cohort-oh";
const priorities = WeightedTable.of({ routine: 80, urgent: 10, fast_track: 10 });
const pathways = WeightedTable.of({ oha: 45, ohp: 27, physio: 10, psychology: 7, eap: 6, advice_only: 5 });
const triageDays = new WeightedTable<number>([
  [0, 30],
  [1, 40],
  [2, 20],
  [3, 7],
  [5, 3],
]);
const reportDays = new WeightedTable<number>([
  [0, 25],
  [1, 35],
  [2, 20],
  [3, 10],
  [5, 7],
  [8, 3],
]);
const modalities = WeightedTable.of({ face_to_face: 45, telephone: 35, video: 20 });
const cancellers = WeightedTable.of({ staff: 50, service: 35, manager: 15 });
const recipients = WeightedTable.of({ manager: 80, hr: 12, employee_only: 8 });
const fitnessAbsent = WeightedTable.of({
  temporarily_unfit: 35,
  fit_with_adjustments_temporary: 40,
  fit: 12,
  fit_with_adjustments_permanent: 8,
  permanently_unfit_role: 3,
  ihr_supported: 2,
});
const fitnessAtWork = WeightedTable.of({
  fit: 35,
  fit_with_adjustments_temporary: 40,
  fit_with_adjustments_permanent: 15,
  temporarily_unfit: 8,
  permanently_unfit_role: 1,
  ihr_supported: 1,
});
const adjustmentTypes = [
  "hours",
  "duties",
  "phased_return",
  "redeployment",
  "equipment",
  "location",
  "other",
];
const onwardTargets = WeightedTable.of({
  gp: 30,
  physio: 25,
  psychology: 15,
  eap: 15,
  specialist: 8,
  ohp: 5,
  other: 2,
});
const roleByPathway: Record<string, string> = {
  oha: "ohn",
  ohp: "ohp",
  physio: "physio",
  psychology: "psychologist",
  eap: "counsellor",
};
const serviceByTarget: Record<string, InterventionService> = {
  physio: "msk_physio",
  psychology: "psychology",
  eap: "counselling_eap",
};

function slotTime(ctx: OrganisationContext, dayMs: number): number {
  return workingSlot(dayMs, ctx.random.int(9, 16), ctx.random.pick([0, 15, 30, 45]));
}

export function emitReferralJourney(ctx: OrganisationContext, start: ReferralStart): void {
  const r = ctx.random;
  const org = ctx.org;
  const referralId = ctx.nextId("REF");
  const received = start.receivedAt;
  const consent = r.chance(0.97);
  const source =
    start.referralType === "self"
      ? "self"
      : start.referralType === "management"
        ? r.chance(0.8)
          ? "line_manager"
          : "hr"
        : r.chance(0.7)
          ? "occupational_health"
          : "other";
  ctx.emit("ohwb.referral.received", SOURCE, received, {
    referral_id: referralId,
    staff_id: ctx.roster.staffId(start.staffIndex),
    employer_ods: org.code,
    service_ods: org.code,
    icb_code: r.chance(0.95) ? org.icsCode : null,
    region_code: r.chance(0.95) ? org.regionCode : null,
    staff_group: start.staffGroup,
    referral_type: start.referralType,
    reason_category: start.reasonCategory,
    esr_reason_code: start.absence?.reasonCode ?? null,
    received_at: isoDateTime(received),
    consent_recorded: consent,
    referral_source: source,
    absence: start.absence
      ? { currently_absent: true, start_date: isoDate(start.absence.startDate) }
      : { currently_absent: false },
  });

  let pathway = pathways.pick(r);
  if (start.reasonCategory === "musculoskeletal" && r.chance(0.35)) pathway = "physio";
  if (start.reasonCategory === "mental_health" && r.chance(0.3))
    pathway = r.chance(0.5) ? "psychology" : "eap";
  const priority = priorities.pick(r);
  const triaged = addWorkingDays(received, triageDays.pick(r)) + r.int(1, 4 * 60) * MINUTE_MS;
  ctx.emit("ohwb.referral.triaged", SOURCE, triaged, {
    referral_id: referralId,
    triaged_at: isoDateTime(triaged),
    priority,
    pathway,
  });

  const close = (at: number, reason: string) =>
    ctx.emit("ohwb.referral.closed", SOURCE, at, {
      referral_id: referralId,
      closed_at: isoDateTime(at),
      closure_reason: reason,
    });

  if (!consent) {
    close(addWorkingDays(triaged, 2), "consent_declined");
    return;
  }
  const absent = start.absence !== null;
  if (pathway === "advice_only") {
    const advised = addWorkingDays(triaged, r.int(1, 3));
    emitOutcome(ctx, referralId, null, advised, absent);
    close(addWorkingDays(advised, 1), "completed");
    return;
  }

  const role = roleByPathway[pathway] ?? "ohn";
  const waitDays =
    priority === "routine" ? Math.min(40, Math.max(1, Math.round(r.logNormal(7, 0.5)))) : r.int(1, 5);
  let offered = triaged + r.int(1, 6) * HOUR_MS;
  let scheduled = slotTime(ctx, addWorkingDays(received, waitDays));
  if (scheduled <= offered + HOUR_MS) scheduled = slotTime(ctx, addWorkingDays(offered, 1));
  let first = true;
  let dnas = 0;
  for (let attempt = 0; attempt < 4; attempt++) {
    const appointmentId = ctx.nextId("APT");
    const modality = modalities.pick(r);
    ctx.emit("ohwb.appointment.booked", SOURCE, offered, {
      appointment_id: appointmentId,
      referral_id: referralId,
      offered_at: isoDateTime(offered),
      scheduled_for: isoDateTime(scheduled),
      clinician_role: role,
      modality,
      is_first_appointment: first,
    });
    first = false;
    const u = r.next();
    if (u < 0.1) {
      dnas++;
      const noted = scheduled + 30 * MINUTE_MS;
      ctx.emit("ohwb.appointment.did_not_attend", SOURCE, noted, {
        appointment_id: appointmentId,
        referral_id: referralId,
        scheduled_for: isoDateTime(scheduled),
        notice_given: r.chance(0.15),
      });
      if (dnas >= 2) {
        close(addWorkingDays(noted, 1), "repeated_dna");
        return;
      }
      offered = noted + r.int(1, 24) * HOUR_MS;
      scheduled = slotTime(ctx, addWorkingDays(offered, r.int(3, 10)));
      continue;
    }
    if (u < 0.15) {
      const cancelled = Math.max(offered + HOUR_MS, scheduled - r.int(1, 72) * HOUR_MS);
      const rebooked = r.chance(0.8);
      ctx.emit("ohwb.appointment.cancelled", SOURCE, cancelled, {
        appointment_id: appointmentId,
        referral_id: referralId,
        cancelled_at: isoDateTime(cancelled),
        cancelled_by: cancellers.pick(r),
        rebooked,
      });
      if (!rebooked) {
        close(addWorkingDays(cancelled, 1), r.chance(0.5) ? "withdrawn_by_manager" : "withdrawn_by_employee");
        return;
      }
      offered = cancelled;
      scheduled = slotTime(ctx, addWorkingDays(cancelled, r.int(2, 8)));
      continue;
    }
    // Attended: written advice, outcome, feedback, onward care, closure.
    ctx.emit("ohwb.appointment.attended", SOURCE, scheduled, {
      appointment_id: appointmentId,
      referral_id: referralId,
      attended_at: isoDateTime(scheduled),
      clinician_role: role,
      modality,
    });
    const issued = addWorkingDays(scheduled, reportDays.pick(r)) + r.int(2, 6) * HOUR_MS;
    ctx.emit("ohwb.report.issued", SOURCE, issued, {
      referral_id: referralId,
      appointment_id: appointmentId,
      issued_at: isoDateTime(issued),
      recipient: recipients.pick(r),
    });
    const onward = emitOutcome(ctx, referralId, appointmentId, issued + 10 * MINUTE_MS, absent);
    let last = issued;
    if (r.chance(0.35)) {
      const at = scheduled + r.int(1, 10) * DAY_MS + r.int(8, 20) * HOUR_MS;
      ctx.emit("ohwb.feedback.submitted", SOURCE, at, {
        referral_id: referralId,
        respondent: "employee",
        submitted_at: isoDateTime(at),
        satisfaction_1to5: r.chance(0.9) ? r.int(4, 5) : r.int(1, 3),
        report_useful: null,
      });
      last = Math.max(last, at);
    }
    if (r.chance(0.25)) {
      const at = issued + r.int(1, 10) * DAY_MS + r.int(1, 8) * HOUR_MS;
      ctx.emit("ohwb.feedback.submitted", SOURCE, at, {
        referral_id: referralId,
        respondent: "manager",
        submitted_at: isoDateTime(at),
        satisfaction_1to5: r.chance(0.85) ? r.int(4, 5) : r.int(1, 3),
        report_useful: r.chance(0.9),
      });
      last = Math.max(last, at);
    }
    const service =
      pathway === "physio"
        ? "msk_physio"
        : pathway === "psychology"
          ? "psychology"
          : pathway === "eap"
            ? "counselling_eap"
            : undefined;
    const onwardService = onward.map((t) => serviceByTarget[t]).find((s) => s !== undefined);
    const chosen = service ?? onwardService;
    if (chosen) {
      emitInterventionEpisode(ctx, {
        staffIndex: start.staffIndex,
        referralId,
        service: chosen,
        startedAt: slotTime(ctx, addWorkingDays(issued, r.int(2, 10))),
        absentAtStart: absent,
      });
    }
    close(addWorkingDays(last, r.int(1, 10)), "completed");
    return;
  }
  close(addWorkingDays(scheduled, 1), "withdrawn_by_employee");
}

function emitOutcome(
  ctx: OrganisationContext,
  referralId: string,
  appointmentId: string | null,
  at: number,
  absent: boolean,
): string[] {
  const r = ctx.random;
  const fitness = (absent ? fitnessAbsent : fitnessAtWork).pick(r);
  const adjustments: { type: string; duration: string }[] = [];
  if (fitness.startsWith("fit_with_adjustments") || (absent && r.chance(0.6))) {
    const n = r.int(1, 3);
    const offset = r.int(0, adjustmentTypes.length - 1);
    for (let i = 0; i < n; i++) {
      adjustments.push({
        type: adjustmentTypes[(offset + i * 2) % adjustmentTypes.length] as string,
        duration: fitness === "fit_with_adjustments_permanent" ? "permanent" : "temporary",
      });
    }
  }
  const onward = r.chance(0.3) ? [onwardTargets.pick(r)] : [];
  ctx.emit("ohwb.outcome.recorded", SOURCE, at, {
    referral_id: referralId,
    appointment_id: appointmentId,
    fitness,
    adjustments,
    predicted_rtw_date: absent ? isoDate(at + r.int(7, 42) * DAY_MS) : null,
    onward_referrals: onward,
    ill_health_retirement_application: fitness === "ihr_supported",
  });
  return onward;
}
