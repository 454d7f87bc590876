/**
 * An independent JSON Schema validator (ajv, draft 2020-12, with ajv-formats)
 * loaded with the committed generated schemas: what a producer in another
 * language would run instead of our Zod code.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import * as ajvFormats from "ajv-formats";
import { RULES_ANNOTATION } from "../../contracts/cross-field-rules.js";
import { IDENTIFIER_ANNOTATION } from "../../contracts/fields.js";
import { projectRoot } from "../../core/project-root.js";

type FormatsPlugin = (ajv: Ajv2020) => Ajv2020;
const addFormats = (ajvFormats as unknown as { default: FormatsPlugin | { default: FormatsPlugin } }).default;
const plugin: FormatsPlugin = typeof addFormats === "function" ? addFormats : addFormats.default;

export const generatedDir = join(projectRoot(), "contracts", "generated");

export function independentValidator(): (eventType: string, version: number) => ValidateFunction {
  // strict mode: unknown keywords or malformed schemas fail compilation.
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  plugin(ajv);
  // Our custom annotations: declared so strict mode knows they are deliberate. The cross-field
  // rules are text only here (JSON Schema cannot compare fields); Zod enforces them.
  ajv.addKeyword({ keyword: IDENTIFIER_ANNOTATION, schemaType: "boolean" });
  ajv.addKeyword({ keyword: RULES_ANNOTATION, schemaType: "array" });
  const cache = new Map<string, ValidateFunction>();
  return (eventType, version) => {
    const key = `${eventType}.v${version}`;
    let validate = cache.get(key);
    if (!validate) {
      const schema = JSON.parse(
        readFileSync(join(generatedDir, "json-schema", `${key}.json`), "utf8"),
      ) as object;
      validate = ajv.compile(schema);
      cache.set(key, validate);
    }
    return validate;
  };
}
