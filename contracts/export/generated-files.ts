/**
 * The full set of generated contract files (JSON Schemas, AsyncAPI, catalogue)
 * as path → content, and writing/staleness checks against a directory.
 * Output is deterministic so staleness is a byte comparison.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { contractDefinitions } from "../catalogue.js";
import * as enumerations from "../enumerations.js";
import { topicDefinitions } from "../topics.js";
import { asyncApiDocument } from "./asyncapi.js";
import { catalogueMarkdown } from "./catalogue-markdown.js";
import { contractJsonSchema, jsonSchemaFileName } from "./json-schema.js";

const JSON_SCHEMA_DIR = "json-schema";

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

function isEnumeration(value: unknown): value is enumerations.Enumeration<string> {
  return typeof value === "object" && value !== null && "values" in value && "labels" in value;
}

/** Relative path (posix) → file content. */
export function generatedContractFiles(): Map<string, string> {
  const files = new Map<string, string>();
  for (const definition of contractDefinitions) {
    for (const version of definition.versions) {
      files.set(
        `${JSON_SCHEMA_DIR}/${jsonSchemaFileName(definition.eventType, version.version)}`,
        json(contractJsonSchema(definition, version)),
      );
    }
  }
  files.set("asyncapi.json", json(asyncApiDocument(contractDefinitions, topicDefinitions)));
  const enumerationList = Object.entries(enumerations as Record<string, unknown>)
    .flatMap(([name, value]): [string, enumerations.Enumeration<string>][] =>
      isEnumeration(value) ? [[name, value]] : [],
    )
    .sort(([a], [b]) => a.localeCompare(b));
  files.set("CONTRACTS.md", catalogueMarkdown(contractDefinitions, topicDefinitions, enumerationList));
  return files;
}

function readOrUndefined(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

function existingJsonSchemaFiles(dir: string): string[] {
  try {
    return readdirSync(join(dir, JSON_SCHEMA_DIR)).map((name) => `${JSON_SCHEMA_DIR}/${name}`);
  } catch {
    return [];
  }
}

/** Files that are missing, different, or left over (a schema no longer generated). */
export function staleContractFiles(dir: string): string[] {
  const expected = generatedContractFiles();
  const stale = [...expected]
    .filter(([path, content]) => readOrUndefined(join(dir, path)) !== content)
    .map(([p]) => p);
  const leftovers = existingJsonSchemaFiles(dir).filter((path) => !expected.has(path));
  return [...stale, ...leftovers].sort();
}

/** Writes every generated file into dir (removing leftover schemas); returns the number written. */
export function writeContractFiles(dir: string): number {
  const files = generatedContractFiles();
  for (const path of existingJsonSchemaFiles(dir)) if (!files.has(path)) rmSync(join(dir, path));
  for (const [path, content] of files) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return files.size;
}
