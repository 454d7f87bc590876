/**
 * Kafka topics: one per event family. The partition key keeps one referral's,
 * one staff member's or one absence episode's events in order.
 */
export interface TopicDefinition {
  readonly name: string;
  readonly partitionKeyDescription: string;
  readonly defaultPartitions: number;
  readonly description: string;
}

export const topicDefinitions = [
  {
    name: "ohwb.referral",
    partitionKeyDescription: "payload.referral_id: one referral's journey (received → closed) stays in order",
    defaultPartitions: 6,
    description: "OH referral journey: referral, appointment, report, outcome and feedback events.",
  },
  {
    name: "ohwb.clinical",
    partitionKeyDescription:
      "payload.staff_id: one staff member's clinical OH events stay in order (a producer may send a keyed hash of it as the Kafka key; ordering needs only a stable key)",
    defaultPartitions: 6,
    description: "Pre-placement, immunisation, serology, exposure, surveillance and intervention events.",
  },
  {
    name: "workforce.absence",
    partitionKeyDescription:
      "payload.absence_id: one absence episode's start/updates/end/cancellation stay in order",
    defaultPartitions: 6,
    description: "ESR sickness absence episodes.",
  },
  {
    name: "workforce.reference",
    partitionKeyDescription: "payload.reporting_org_code: one organisation's monthly rows stay in order",
    defaultPartitions: 3,
    description:
      "Monthly workforce reference feeds: FTE days available and the published absence benchmarking rows.",
  },
  {
    name: "ohwb.finance",
    partitionKeyDescription: "payload.service_ods: one OH service's cost lines stay in order",
    defaultPartitions: 1,
    description: "OH service costs.",
  },
] as const satisfies readonly TopicDefinition[];

export type TopicName = (typeof topicDefinitions)[number]["name"];
