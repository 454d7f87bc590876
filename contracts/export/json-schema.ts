/**
 * JSON Schema (draft 2020-12) for one contract version, straight from the Zod
 * schema via z.toJSONSchema, so other-language producers check the same rules.
 */
import { z } from "zod";
import type { ContractDefinition, ContractVersion } from "../envelope.js";

export type JsonSchema = Record<string, unknown>;

export function jsonSchemaFileName(eventType: string, version: number): string {
  return `${eventType}.v${version}.json`;
}

export function contractJsonSchema(definition: ContractDefinition, version: ContractVersion): JsonSchema {
  const generated = z.toJSONSchema(version.schema, { target: "draft-2020-12", unrepresentable: "throw" });
  const { $schema, ...rest } = generated as JsonSchema;
  return {
    $schema,
    $id: `urn:ohwb:contract:${definition.eventType}:v${version.version}`,
    title: `${definition.eventType} v${version.version}`,
    description: definition.description,
    ...rest,
  };
}
