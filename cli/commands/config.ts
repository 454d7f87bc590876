/**
 * `ohwb config`: shows the effective configuration (defaults → file →
 * environment) or writes/checks the JSON Schema generated from core/config.ts.
 */
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { environmentOverrides, loadConfig } from "../../core/config.js";
import {
  configJsonSchemaIsFresh,
  configJsonSchemaPath,
  configJsonSchemaText,
} from "../../core/config-json-schema.js";
import { ConfigError } from "../../core/errors.js";
import { configMessages as message } from "../../core/messages.js";
import type { Command } from "../command.js";
import { configOption, configUsage } from "../command-config.js";

const usage = `Usage: ohwb config show [--config FILE]
       ohwb config schema [--write | --check]

show     validates the configuration and prints the effective settings as JSON
         (schema defaults, then the file, then environment overrides:
         ${Object.keys(environmentOverrides).join(", ")})
schema   prints the JSON Schema generated from core/config.ts; --write saves it to
         config/ohwb.config.schema.json, --check exits 1 when that file is stale

Options:
${configUsage(13)}
  --write      (schema) write config/ohwb.config.schema.json
  --check      (schema) exit 1 if config/ohwb.config.schema.json is stale
  -h, --help   show this help`;

export const configCommand: Command = {
  name: "config",
  usage,
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        ...configOption,
        write: { type: "boolean", default: false },
        check: { type: "boolean", default: false },
      },
    });
    const [sub] = positionals;
    if (sub === "show") {
      const { config, path } = loadConfig(values.config);
      process.stderr.write(`${message.configSource(path)}\n`);
      process.stdout.write(`${JSON.stringify(config, null, 2)}\n`);
      return 0;
    }
    if (sub === "schema") {
      const text = configJsonSchemaText();
      const target = configJsonSchemaPath();
      if (values.check) {
        const fresh = configJsonSchemaIsFresh(target);
        process.stderr.write(
          `${fresh ? message.configSchemaFresh(target) : message.configSchemaStale(target)}\n`,
        );
        return fresh ? 0 : 1;
      }
      if (values.write) {
        writeFileSync(target, text);
        process.stderr.write(`${message.configSchemaWritten(target)}\n`);
        return 0;
      }
      process.stdout.write(text);
      return 0;
    }
    throw new ConfigError(`expected "show" or "schema"\n\n${usage}`, { positionals });
  },
};
