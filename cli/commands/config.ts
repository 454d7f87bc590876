/**
 * `ohwb config`: shows the effective configuration (defaults → file →
 * environment) or writes/checks the JSON Schema generated from core/config.ts.
 */
import { writeFileSync } from "node:fs";
import { environmentOverrides, loadConfig } from "../../core/config.js";
import {
  configJsonSchemaIsFresh,
  configJsonSchemaPath,
  configJsonSchemaText,
} from "../../core/config-json-schema.js";
import { configMessages as message } from "../../core/core-messages.js";
import { UsageError } from "../../core/errors.js";
import { replaceFile } from "../../core/replace-file.js";
import { log } from "../cli-log.js";
import type { Command } from "../command.js";
import { configOption } from "../command-config.js";
import { defineCommand } from "../define-command.js";

export const configCommand: Command = defineCommand({
  name: "config",
  operands: "<show|schema>",
  description: `show     validates the configuration and prints the effective settings as JSON
         (schema defaults, then the file, then environment overrides:
         ${Object.keys(environmentOverrides).join(", ")})
schema   prints the JSON Schema generated from core/config.ts; --write saves it to
         config/ohwb.config.schema.json, --check exits 1 when that file is stale`,
  options: {
    ...configOption,
    write: { type: "boolean", help: "(schema) write config/ohwb.config.schema.json" },
    check: { type: "boolean", help: "(schema) exit 1 if config/ohwb.config.schema.json is stale" },
    json: {
      type: "boolean",
      help: "(schema --check) print whether the schema file is fresh as JSON on stdout",
    },
  },
  async run({ values, positionals }) {
    const [sub] = positionals;
    if (sub === "show") {
      const { config, path } = loadConfig(values.config);
      log.info(message.configSource(path));
      process.stdout.write(`${JSON.stringify(config, null, 2)}\n`);
      return 0;
    }
    if (sub === "schema") {
      const text = configJsonSchemaText();
      const target = configJsonSchemaPath();
      if (values.check) {
        const fresh = configJsonSchemaIsFresh(target);
        log.info(fresh ? message.configSchemaFresh(target) : message.configSchemaStale(target));
        if (values.json) process.stdout.write(`${JSON.stringify({ schema: target, fresh }, null, 2)}\n`);
        return fresh ? 0 : 1;
      }
      if (values.write) {
        await replaceFile(target, (temp) => writeFileSync(temp, text));
        log.info(message.configSchemaWritten(target));
        return 0;
      }
      process.stdout.write(text);
      return 0;
    }
    throw new UsageError(message.configSubcommand(String(sub)), { positionals });
  },
});
