/**
 * Every field name any contract version defines, at any depth. Dead-letter
 * redaction names an unknown key only when it is one of these (a field sent
 * to the wrong event type or version); any other key could be a staff id
 * used as a key, so it is not echoed.
 */
import { z } from "zod";
import { contractDefinitions } from "./catalogue.js";

function collect(node: unknown, names: Set<string>): void {
  if (node === null || typeof node !== "object") return;
  if (Array.isArray(node)) {
    for (const item of node) collect(item, names);
    return;
  }
  for (const [key, value] of Object.entries(node)) {
    if (key === "properties" && value !== null && typeof value === "object") {
      for (const name of Object.keys(value)) names.add(name);
    }
    collect(value, names);
  }
}

function fieldNames(): ReadonlySet<string> {
  const names = new Set<string>();
  for (const definition of contractDefinitions) {
    for (const version of definition.versions) collect(z.toJSONSchema(version.schema), names);
  }
  return names;
}

export const contractFieldNames: ReadonlySet<string> = fieldNames();
