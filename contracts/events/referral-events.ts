/**
 * The OH referral journey, topic `ohwb.referral`, keyed by referral_id so one
 * referral's events stay in order: received → triaged → appointments →
 * report → outcome → feedback → closed.
 */
import { z } from "zod";
import { withRules } from "../cross-field-rules.js";
import {
  adjustmentDurations,
  adjustmentTypes,
  appointmentCancellers,
  appointmentModalities,
  clinicianRoles,
  esrAbsenceReasons,
  feedbackRespondents,
  fitnessOutcomes,
  onwardReferralTargets,
  referralClosureReasons,
  referralReasonCategories,
  referralSources,
  referralTypes,
  reportRecipients,
  staffGroups,
  triagePathways,
  triagePriorities,
} from "../enumerations.js";
import { envelope } from "../envelope.js";
import { boundedInt, calendarDate, dateTime, odsCode, oneOf, sourceId, staffId } from "../fields.js";

const referralId = () => sourceId().describe("Referral id in the OH case-management system. Partition key.");
const appointmentId = () => sourceId().describe("Appointment id in the OH case-management system.");

const referralReceivedCommon = {
  referral_id: referralId(),
  staff_id: staffId(),
  employer_ods: odsCode().describe("ODS code of the staff member's employing organisation."),
  service_ods: odsCode().describe("ODS code of the OH service that received the referral."),
  icb_code: odsCode().nullable().describe("ICB (Q+2) of the employer, null when not known to the OH system."),
  region_code: odsCode()
    .nullable()
    .describe("NHS England region (Y56–Y63) of the employer, null when not known."),
  staff_group: oneOf(staffGroups).describe("NHS staff group (canonical benchmarking label)."),
  referral_type: oneOf(referralTypes).describe("Kind of referral."),
  reason_category: oneOf(referralReasonCategories).describe(
    "Coded reason category. Never clinical free text (OH records are clinically confidential).",
  ),
  esr_reason_code: oneOf(esrAbsenceReasons)
    .nullable()
    .describe("ESR absence reason of the current absence (S10–S99) when absent, else null."),
  received_at: dateTime().describe("When the OH service received the referral (SLA clock start)."),
  consent_recorded: z.boolean().describe("Whether the employee's consent to the referral is recorded."),
};

export const referralReceivedV1 = envelope(
  "ohwb.referral.received",
  1,
  withRules(
    z.strictObject({
      ...referralReceivedCommon,
      currently_absent: z.boolean().describe("Whether the staff member is off sick when referred."),
      absence_start_date: calendarDate()
        .nullable()
        .describe("First day of the current sickness absence; null when not absent or not known."),
    }),
    [{ kind: "not-before", field: "received_at", reference: "absence_start_date" }],
  ),
);

const absenceAtReferral = z
  .discriminatedUnion("currently_absent", [
    z.strictObject({
      currently_absent: z.literal(true).describe("Off sick when referred."),
      start_date: calendarDate()
        .nullable()
        .describe("First day of the current sickness absence; null when the OH system does not know it."),
    }),
    z.strictObject({ currently_absent: z.literal(false).describe("At work when referred.") }),
  ])
  .describe(
    "Absence status at referral. v2 makes 'absent with a start date' one fact, so a start date can no longer be sent for someone at work.",
  );

/**
 * v2 (breaking, so a new major): the absence flag and date become one
 * `absence` object that cannot contradict itself, and `referral_source`
 * (who referred) is required. See upcasters/referral-received-v1-to-v2.ts.
 */
export const referralReceivedV2 = envelope(
  "ohwb.referral.received",
  2,
  withRules(
    z.strictObject({
      ...referralReceivedCommon,
      referral_source: oneOf(referralSources).describe("Who initiated the referral."),
      absence: absenceAtReferral,
    }),
    [{ kind: "not-before", field: "received_at", reference: "absence.start_date" }],
  ),
);

export const referralTriaged = envelope(
  "ohwb.referral.triaged",
  1,
  z.strictObject({
    referral_id: referralId(),
    triaged_at: dateTime().describe("When triage was completed (SLA: within 2 working days of receipt)."),
    priority: oneOf(triagePriorities).describe("Triage priority."),
    pathway: oneOf(triagePathways).describe("Pathway the referral was triaged to."),
  }),
);

export const referralClosed = envelope(
  "ohwb.referral.closed",
  1,
  z.strictObject({
    referral_id: referralId(),
    closed_at: dateTime().describe("When the referral was closed."),
    closure_reason: oneOf(referralClosureReasons).describe("Why the referral was closed."),
  }),
);

export const appointmentBooked = envelope(
  "ohwb.appointment.booked",
  1,
  z.strictObject({
    appointment_id: appointmentId(),
    referral_id: referralId(),
    offered_at: dateTime().describe("When the appointment was offered to the staff member."),
    scheduled_for: dateTime().describe("Start of the appointment slot."),
    clinician_role: oneOf(clinicianRoles).describe("Discipline of the clinician seeing the staff member."),
    modality: oneOf(appointmentModalities).describe("How the appointment is held."),
    is_first_appointment: z
      .boolean()
      .describe("True for the first appointment of the referral (KPI: referral → first appointment)."),
  }),
);

export const appointmentAttended = envelope(
  "ohwb.appointment.attended",
  1,
  z.strictObject({
    appointment_id: appointmentId(),
    referral_id: referralId(),
    attended_at: dateTime().describe("When the appointment took place."),
    clinician_role: oneOf(clinicianRoles).describe("Discipline of the clinician who saw the staff member."),
    modality: oneOf(appointmentModalities).describe("How the appointment was held."),
  }),
);

export const appointmentDidNotAttend = envelope(
  "ohwb.appointment.did_not_attend",
  1,
  z.strictObject({
    appointment_id: appointmentId(),
    referral_id: referralId(),
    scheduled_for: dateTime().describe("Start of the missed slot."),
    notice_given: z
      .boolean()
      .describe("Whether the staff member gave any notice (false = DNA without notice)."),
  }),
);

export const appointmentCancelled = envelope(
  "ohwb.appointment.cancelled",
  1,
  z.strictObject({
    appointment_id: appointmentId(),
    referral_id: referralId(),
    cancelled_at: dateTime().describe("When the cancellation was recorded."),
    cancelled_by: oneOf(appointmentCancellers).describe("Who cancelled."),
    rebooked: z.boolean().describe("Whether a replacement appointment was booked at the same time."),
  }),
);

export const reportIssued = envelope(
  "ohwb.report.issued",
  1,
  z.strictObject({
    referral_id: referralId(),
    appointment_id: appointmentId(),
    issued_at: dateTime().describe(
      "When the written advice was sent (KPI: appointment → report ≤ 2 working days).",
    ),
    recipient: oneOf(reportRecipients).describe("Who received the report."),
  }),
);

export const outcomeRecorded = envelope(
  "ohwb.outcome.recorded",
  1,
  z.strictObject({
    referral_id: referralId(),
    appointment_id: appointmentId()
      .nullable()
      .describe("Appointment the outcome came from, null for paper-based advice."),
    fitness: oneOf(fitnessOutcomes).describe("Fitness-for-work outcome."),
    adjustments: z
      .array(
        z.strictObject({
          type: oneOf(adjustmentTypes).describe("Kind of adjustment."),
          duration: oneOf(adjustmentDurations).describe("Temporary or permanent."),
        }),
      )
      .max(20)
      .describe("Adjustments recommended (empty when none). KPI: adjustments for long-term absence."),
    predicted_rtw_date: calendarDate()
      .nullable()
      .describe(
        "Predicted return-to-work date; null when not absent or not predictable. Actual RTW comes from ESR.",
      ),
    onward_referrals: z
      .array(oneOf(onwardReferralTargets))
      .max(10)
      .describe("Onward referrals made (empty when none)."),
    ill_health_retirement_application: z
      .boolean()
      .describe("Whether an ill-health retirement application is supported/started."),
  }),
);

export const feedbackSubmitted = envelope(
  "ohwb.feedback.submitted",
  1,
  z.strictObject({
    referral_id: referralId(),
    respondent: oneOf(feedbackRespondents).describe("Who gave the feedback."),
    submitted_at: dateTime().describe("When the feedback was submitted."),
    satisfaction_1to5: boundedInt(1, 5).describe("Overall satisfaction, 1 (very poor) to 5 (excellent)."),
    report_useful: z
      .boolean()
      .nullable()
      .describe("Manager feedback: was the report useful? Null for employee feedback or not asked."),
  }),
);
