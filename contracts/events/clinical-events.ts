/**
 * Clinical OH activity about one staff member, topic `ohwb.clinical`, keyed by
 * staff_id so one person's immunisations, results and exposures stay in order.
 */
import { z } from "zod";
import { withRules } from "../cross-field-rules.js";
import {
  eppClearances,
  exposureRiskLevels,
  exposureSourceStatuses,
  exposureTypes,
  interventionOutcomeMeasures,
  interventionServices,
  preplacementOutcomes,
  serologyAntigens,
  serologyResults,
  staffGroups,
  surveillanceOutcomes,
  surveillanceProgrammes,
  vaccines,
} from "../enumerations.js";
import { envelope } from "../envelope.js";
import { boundedInt, boundedNumber, dateTime, odsCode, oneOf, sourceId, staffId } from "../fields.js";

const employerOds = () => odsCode().describe("ODS code of the staff member's employing organisation.");

export const preplacementCleared = envelope(
  "ohwb.preplacement.cleared",
  1,
  withRules(
    z.strictObject({
      clearance_id: sourceId().describe("Pre-placement assessment id in the OH system."),
      staff_id: staffId(),
      employer_ods: employerOds(),
      staff_group: oneOf(staffGroups).describe("Staff group of the post (canonical benchmarking label)."),
      questionnaire_received_at: dateTime().describe(
        "When the health questionnaire was received (KPI clock start).",
      ),
      cleared_at: dateTime().describe("When the outcome was issued (KPI clock stop)."),
      outcome: oneOf(preplacementOutcomes).describe("Pre-placement outcome."),
      epp_clearance: oneOf(eppClearances).describe("Exposure-prone procedures clearance status."),
    }),
    [{ kind: "not-before", field: "cleared_at", reference: "questionnaire_received_at" }],
  ),
);

export const immunisationAdministered = envelope(
  "ohwb.immunisation.administered",
  1,
  z.strictObject({
    immunisation_id: sourceId().describe("Id of this administration in the OH system."),
    staff_id: staffId(),
    employer_ods: employerOds(),
    vaccine: oneOf(vaccines).describe("Vaccine given."),
    dose_number: boundedInt(1, 10).describe("Dose number in the course (1 for single-dose vaccines)."),
    course_complete: z
      .boolean()
      .describe("Whether this dose completes the primary course (e.g. Hep B dose 3)."),
    administered_at: dateTime().describe("When the vaccine was given."),
    season: z
      .string()
      .regex(/^20\d\d\/\d\d$/, { message: "Season must look like 2024/25" })
      .nullable()
      .describe("Flu/COVID season as YYYY/YY (e.g. 2024/25); null for non-seasonal vaccines."),
    frontline_hcw: z
      .boolean()
      .describe("Whether the staff member is a frontline healthcare worker (flu uptake KPI)."),
  }),
);

export const serologyResulted = envelope(
  "ohwb.serology.resulted",
  1,
  withRules(
    z.strictObject({
      result_id: sourceId().describe("Laboratory result id."),
      staff_id: staffId(),
      employer_ods: employerOds(),
      antigen: oneOf(serologyAntigens).describe("What was tested."),
      result: oneOf(serologyResults).describe("Interpreted result."),
      titre_miu_ml: boundedNumber(0, 1_000_000)
        .nullable()
        .describe("Quantitative titre in mIU/mL where reported (e.g. anti-HBs), else null."),
      sampled_at: dateTime().nullable().describe("When the sample was taken, null if unknown."),
      resulted_at: dateTime().describe("When the result was reported."),
    }),
    [{ kind: "not-before", field: "resulted_at", reference: "sampled_at" }],
  ),
);

export const exposureIncident = envelope(
  "ohwb.exposure.incident",
  1,
  withRules(
    z.strictObject({
      incident_id: sourceId().describe("Incident id in the OH system."),
      staff_id: staffId(),
      employer_ods: employerOds(),
      exposure_type: oneOf(exposureTypes).describe("Kind of exposure."),
      exposed_at: dateTime().describe("When the exposure happened (PEP KPI clock start)."),
      reported_to_oh_at: dateTime().describe(
        "When the exposure was reported to OH or the out-of-hours service.",
      ),
      source_status: oneOf(exposureSourceStatuses).describe(
        "Blood-borne virus status of the source patient.",
      ),
      risk_level: oneOf(exposureRiskLevels).describe("Clinical risk assessment (high = PEP indicated)."),
      pep_indicated: z.boolean().describe("Whether HIV post-exposure prophylaxis was indicated."),
      pep_first_dose_at: dateTime()
        .nullable()
        .describe(
          "When the first PEP dose was taken; null if none given. KPI: ≤ 60 minutes after exposed_at.",
        ),
      riddor_reportable: z
        .boolean()
        .describe("Whether the incident is RIDDOR-reportable (e.g. BBV-positive sharp)."),
      followup_complete: z.boolean().describe("Whether serological follow-up is complete."),
    }),
    [
      { kind: "not-before", field: "reported_to_oh_at", reference: "exposed_at" },
      { kind: "not-before", field: "pep_first_dose_at", reference: "exposed_at" },
    ],
  ),
);

export const surveillanceCompleted = envelope(
  "ohwb.surveillance.completed",
  1,
  z.strictObject({
    surveillance_id: sourceId().describe("Surveillance check id in the OH system."),
    staff_id: staffId(),
    employer_ods: employerOds(),
    programme: oneOf(surveillanceProgrammes).describe("Health surveillance programme."),
    outcome: oneOf(surveillanceOutcomes).describe("Outcome of the check."),
    completed_at: dateTime().describe("When the check was completed."),
  }),
);

export const interventionEpisode = envelope(
  "ohwb.intervention.episode",
  1,
  withRules(
    z.strictObject({
      episode_id: sourceId().describe("Treatment episode id."),
      staff_id: staffId(),
      employer_ods: employerOds(),
      referral_id: sourceId()
        .nullable()
        .describe("OH referral that led to the episode, null for direct access."),
      service: oneOf(interventionServices).describe("Intervention service."),
      started_at: dateTime().describe("First session."),
      ended_at: dateTime()
        .nullable()
        .describe("Discharge; null while the episode is open (the event is re-sent on change)."),
      sessions: boundedInt(0, 200).describe("Sessions attended so far."),
      absent_at_start: z
        .boolean()
        .describe("Whether the staff member was off sick when the episode started."),
      outcome_measure: oneOf(interventionOutcomeMeasures).describe("Validated outcome measure used."),
      score_pre: boundedNumber(0, 1000).nullable().describe("Outcome score at start, null if not measured."),
      score_post: boundedNumber(0, 1000)
        .nullable()
        .describe("Outcome score at discharge, null if not measured."),
      rtw_during_episode: z
        .boolean()
        .nullable()
        .describe(
          "Whether an absent staff member returned to work during the episode; null when not absent at start.",
        ),
    }),
    [{ kind: "not-before", field: "ended_at", reference: "started_at" }],
  ),
);
