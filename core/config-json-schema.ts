/**
 * The JSON Schema of the configuration file, generated from `configSchema` so
 * editors can complete and check ohwb.config.json (the example's `$schema`
 * points at it). Committed as config/ohwb.config.schema.json; a test fails when
 * it is stale, and `ohwb config schema --write` regenerates it. Staleness is
 * judged on the parsed JSON, not the bytes, because Biome formats the committed file.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { z } from "zod";
import { configSchema } from "./config.js";
import { projectRoot } from "./project-root.js";

export function configJsonSchemaPath(): string {
  return join(projectRoot(), "config", "ohwb.config.schema.json");
}

/** The schema text (input side: settings with defaults are optional), stable byte for byte. */
export function configJsonSchemaText(): string {
  const schema = z.toJSONSchema(configSchema, { io: "input", target: "draft-2020-12" });
  return `${JSON.stringify({ ...schema, $id: "ohwb.config.schema.json", title: "ohwb configuration file" }, null, 2)}\n`;
}

/** True when the committed file holds the schema configSchema generates now. */
export function configJsonSchemaIsFresh(path = configJsonSchemaPath()): boolean {
  if (!existsSync(path)) return false;
  try {
    return isDeepStrictEqual(JSON.parse(readFileSync(path, "utf8")), JSON.parse(configJsonSchemaText()));
  } catch {
    return false;
  }
}
