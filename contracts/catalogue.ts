/**
 * The event catalogue: every event type, its versions, topic, partition key and
 * identifier fields. validateEvent, the exports and ingest all read this list.
 */
import type { z } from "zod";
import type { ContractDefinition } from "./envelope.js";
import { absenceCancelled, absenceEnded, absenceStarted, absenceUpdated } from "./events/absence-events.js";
import {
  exposureIncident,
  immunisationAdministered,
  interventionEpisode,
  preplacementCleared,
  serologyResulted,
  surveillanceCompleted,
} from "./events/clinical-events.js";
import { serviceCost } from "./events/finance-events.js";
import {
  appointmentAttended,
  appointmentBooked,
  appointmentCancelled,
  appointmentDidNotAttend,
  feedbackSubmitted,
  outcomeRecorded,
  referralClosed,
  referralReceivedV1,
  referralReceivedV2,
  referralTriaged,
  reportIssued,
} from "./events/referral-events.js";
import { absenceMonthly, fteMonthly } from "./events/workforce-reference-events.js";
import type { TopicName } from "./topics.js";
import { upcastReferralReceivedV1ToV2 } from "./upcasters/referral-received-v1-to-v2.js";

interface Entry {
  eventType: string;
  description: string;
  topic: TopicName;
  partitionKey: string;
  identifierFields: string[];
}

const STAFF = ["payload.staff_id"];

function single(entry: Entry, schema: z.ZodType): ContractDefinition {
  return { ...entry, versions: [{ version: 1, schema }] };
}

export const contractDefinitions: readonly ContractDefinition[] = [
  {
    eventType: "ohwb.referral.received",
    description: "An OH service received a referral for a staff member.",
    topic: "ohwb.referral",
    partitionKey: "payload.referral_id",
    identifierFields: STAFF,
    versions: [
      {
        version: 1,
        schema: referralReceivedV1,
        upcastToNext: (event) => upcastReferralReceivedV1ToV2(event as z.infer<typeof referralReceivedV1>),
      },
      { version: 2, schema: referralReceivedV2 },
    ],
  },
  single(
    {
      eventType: "ohwb.referral.triaged",
      description: "A referral was triaged to a priority and pathway.",
      topic: "ohwb.referral",
      partitionKey: "payload.referral_id",
      identifierFields: [],
    },
    referralTriaged,
  ),
  single(
    {
      eventType: "ohwb.referral.closed",
      description: "A referral was closed.",
      topic: "ohwb.referral",
      partitionKey: "payload.referral_id",
      identifierFields: [],
    },
    referralClosed,
  ),
  single(
    {
      eventType: "ohwb.appointment.booked",
      description: "An appointment was offered and booked for a referral.",
      topic: "ohwb.referral",
      partitionKey: "payload.referral_id",
      identifierFields: [],
    },
    appointmentBooked,
  ),
  single(
    {
      eventType: "ohwb.appointment.attended",
      description: "The staff member attended an appointment.",
      topic: "ohwb.referral",
      partitionKey: "payload.referral_id",
      identifierFields: [],
    },
    appointmentAttended,
  ),
  single(
    {
      eventType: "ohwb.appointment.did_not_attend",
      description: "The staff member did not attend an appointment (DNA).",
      topic: "ohwb.referral",
      partitionKey: "payload.referral_id",
      identifierFields: [],
    },
    appointmentDidNotAttend,
  ),
  single(
    {
      eventType: "ohwb.appointment.cancelled",
      description: "An appointment was cancelled.",
      topic: "ohwb.referral",
      partitionKey: "payload.referral_id",
      identifierFields: [],
    },
    appointmentCancelled,
  ),
  single(
    {
      eventType: "ohwb.report.issued",
      description: "Written OH advice was issued after an appointment.",
      topic: "ohwb.referral",
      partitionKey: "payload.referral_id",
      identifierFields: [],
    },
    reportIssued,
  ),
  single(
    {
      eventType: "ohwb.outcome.recorded",
      description: "A fitness-for-work outcome with adjustments and predicted return to work was recorded.",
      topic: "ohwb.referral",
      partitionKey: "payload.referral_id",
      identifierFields: [],
    },
    outcomeRecorded,
  ),
  single(
    {
      eventType: "ohwb.feedback.submitted",
      description: "An employee or manager submitted feedback on a referral.",
      topic: "ohwb.referral",
      partitionKey: "payload.referral_id",
      identifierFields: [],
    },
    feedbackSubmitted,
  ),
  single(
    {
      eventType: "ohwb.preplacement.cleared",
      description: "A pre-placement health assessment reached an outcome.",
      topic: "ohwb.clinical",
      partitionKey: "payload.staff_id",
      identifierFields: STAFF,
    },
    preplacementCleared,
  ),
  single(
    {
      eventType: "ohwb.immunisation.administered",
      description: "A vaccine dose was given to a staff member.",
      topic: "ohwb.clinical",
      partitionKey: "payload.staff_id",
      identifierFields: STAFF,
    },
    immunisationAdministered,
  ),
  single(
    {
      eventType: "ohwb.serology.resulted",
      description: "A serology (immunity) result was reported for a staff member.",
      topic: "ohwb.clinical",
      partitionKey: "payload.staff_id",
      identifierFields: STAFF,
    },
    serologyResulted,
  ),
  single(
    {
      eventType: "ohwb.exposure.incident",
      description: "A sharps, splash or bite exposure incident, with the timings for the PEP KPI.",
      topic: "ohwb.clinical",
      partitionKey: "payload.staff_id",
      identifierFields: STAFF,
    },
    exposureIncident,
  ),
  single(
    {
      eventType: "ohwb.surveillance.completed",
      description: "A statutory health surveillance check was completed.",
      topic: "ohwb.clinical",
      partitionKey: "payload.staff_id",
      identifierFields: STAFF,
    },
    surveillanceCompleted,
  ),
  single(
    {
      eventType: "ohwb.intervention.episode",
      description:
        "State of an intervention episode (MSK physiotherapy, psychology, counselling/EAP); re-sent on change.",
      topic: "ohwb.clinical",
      partitionKey: "payload.staff_id",
      identifierFields: STAFF,
    },
    interventionEpisode,
  ),
  single(
    {
      eventType: "workforce.absence.started",
      description: "ESR: a sickness absence episode started (full state).",
      topic: "workforce.absence",
      partitionKey: "payload.absence_id",
      identifierFields: STAFF,
    },
    absenceStarted,
  ),
  single(
    {
      eventType: "workforce.absence.updated",
      description: "ESR: a sickness absence episode changed (full replacement state).",
      topic: "workforce.absence",
      partitionKey: "payload.absence_id",
      identifierFields: STAFF,
    },
    absenceUpdated,
  ),
  single(
    {
      eventType: "workforce.absence.ended",
      description: "ESR: a sickness absence episode ended.",
      topic: "workforce.absence",
      partitionKey: "payload.absence_id",
      identifierFields: STAFF,
    },
    absenceEnded,
  ),
  single(
    {
      eventType: "workforce.absence.cancelled",
      description: "ESR: a sickness absence episode was withdrawn (not sickness; drop its days).",
      topic: "workforce.absence",
      partitionKey: "payload.absence_id",
      identifierFields: STAFF,
    },
    absenceCancelled,
  ),
  single(
    {
      eventType: "workforce.fte.monthly",
      description: "FTE days available per organisation × staff group × month.",
      topic: "workforce.reference",
      partitionKey: "payload.reporting_org_code",
      identifierFields: [],
    },
    fteMonthly,
  ),
  single(
    {
      eventType: "workforce.absence.monthly",
      description:
        "One row of NHS England's sickness absence benchmarking CSV (organisation × staff group × month).",
      topic: "workforce.reference",
      partitionKey: "payload.reporting_org_code",
      identifierFields: [],
    },
    absenceMonthly,
  ),
  single(
    {
      eventType: "ohwb.service.cost",
      description: "A cost line of an OH service for a period.",
      topic: "ohwb.finance",
      partitionKey: "payload.service_ods",
      identifierFields: [],
    },
    serviceCost,
  ),
];

/** The current (latest) shape of every event type: what validateEvent returns after upcasting. */
export type OhwbEvent =
  | z.infer<typeof referralReceivedV2>
  | z.infer<typeof referralTriaged>
  | z.infer<typeof referralClosed>
  | z.infer<typeof appointmentBooked>
  | z.infer<typeof appointmentAttended>
  | z.infer<typeof appointmentDidNotAttend>
  | z.infer<typeof appointmentCancelled>
  | z.infer<typeof reportIssued>
  | z.infer<typeof outcomeRecorded>
  | z.infer<typeof feedbackSubmitted>
  | z.infer<typeof preplacementCleared>
  | z.infer<typeof immunisationAdministered>
  | z.infer<typeof serologyResulted>
  | z.infer<typeof exposureIncident>
  | z.infer<typeof surveillanceCompleted>
  | z.infer<typeof interventionEpisode>
  | z.infer<typeof absenceStarted>
  | z.infer<typeof absenceUpdated>
  | z.infer<typeof absenceEnded>
  | z.infer<typeof absenceCancelled>
  | z.infer<typeof fteMonthly>
  | z.infer<typeof absenceMonthly>
  | z.infer<typeof serviceCost>;

/** The current shape of one event type, e.g. `OhwbEventOf<"ohwb.referral.received">`. */
export type OhwbEventOf<T extends OhwbEvent["event_type"]> = Extract<OhwbEvent, { event_type: T }>;
