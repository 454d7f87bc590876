/**
 * AsyncAPI 3.0 document: one channel per topic, one message per event type and
 * version (payload = the exported JSON Schema), Kafka key bindings.
 */
import type { ContractDefinition } from "../envelope.js";
import type { TopicDefinition } from "../topics.js";
import { contractJsonSchema, type JsonSchema } from "./json-schema.js";

function messageId(eventType: string, version: number): string {
  return `${eventType}.v${version}`;
}

export function asyncApiDocument(
  definitions: readonly ContractDefinition[],
  topicList: readonly TopicDefinition[],
): JsonSchema {
  const channels: JsonSchema = {};
  const operations: JsonSchema = {};
  const messages: JsonSchema = {};
  for (const topic of topicList) {
    const channelMessages: JsonSchema = {};
    for (const definition of definitions.filter((d) => d.topic === topic.name)) {
      for (const version of definition.versions) {
        const id = messageId(definition.eventType, version.version);
        channelMessages[id] = { $ref: `#/components/messages/${id}` };
        messages[id] = {
          name: definition.eventType,
          title: `${definition.eventType} v${version.version}`,
          summary: definition.description,
          contentType: "application/json",
          payload: {
            schemaFormat: "application/schema+json;version=draft-2020-12",
            schema: contractJsonSchema(definition, version),
          },
          bindings: {
            kafka: {
              key: { type: "string", description: `Value of ${definition.partitionKey}` },
              bindingVersion: "0.5.0",
            },
          },
          "x-ohwb-partition-key": definition.partitionKey,
          "x-ohwb-identifier-fields": [...definition.identifierFields],
          "x-ohwb-current-version": version === definition.versions[definition.versions.length - 1],
        };
      }
    }
    channels[topic.name] = {
      address: topic.name,
      title: topic.name,
      description: `${topic.description} Key: ${topic.partitionKeyDescription}.`,
      messages: channelMessages,
      bindings: {
        kafka: { topic: topic.name, partitions: topic.defaultPartitions, bindingVersion: "0.5.0" },
      },
    };
    operations[`receive.${topic.name}`] = {
      action: "receive",
      title: `Ingest ${topic.name}`,
      summary: "The warehouse ingest consumes, validates, pseudonymises and lands these events.",
      channel: { $ref: `#/channels/${topic.name}` },
      messages: Object.keys(channelMessages).map((id) => ({
        $ref: `#/channels/${topic.name}/messages/${id}`,
      })),
    };
  }
  return {
    asyncapi: "3.0.0",
    info: {
      title: "OHWB evidence warehouse events",
      version: "1.0.0",
      description:
        "Event contracts of the NHS occupational health and wellbeing evidence warehouse. Generated from contracts/ by `ohwb contracts export`; do not edit.",
    },
    defaultContentType: "application/json",
    channels,
    operations,
    components: { messages },
  };
}
