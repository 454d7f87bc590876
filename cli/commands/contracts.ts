/**
 * `ohwb contracts export [--out DIR] [--check]`: writes the JSON Schemas,
 * AsyncAPI document and catalogue generated from contracts/, or with --check
 * exits 1 when the committed files are stale (for CI).
 */
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import {
  generatedContractFiles,
  staleContractFiles,
  writeContractFiles,
} from "../../contracts/export/generated-files.js";
import { ConfigError } from "../../core/errors.js";
import { contractMessages } from "../../core/messages.js";
import { projectRoot } from "../../core/project-root.js";
import type { Command } from "../command.js";
import { commandConfig, configOption, configUsage } from "../command-config.js";

const usage = `Usage: ohwb contracts export [--out DIR] [--check] [--config FILE]

Generates from the Zod contracts in contracts/:
  json-schema/<event_type>.v<N>.json   JSON Schema (draft 2020-12) per event type and version
  asyncapi.json                        AsyncAPI 3 document (topics, messages, payload schemas)
  CONTRACTS.md                         event catalogue

Options:
  --out DIR   output directory (default contracts/generated)
  --check     write nothing; exit 1 if the files in DIR are stale
${configUsage(12)}
              (validated; contracts take no settings from it)
  -h, --help  show this help`;

export const contractsCommand: Command = {
  name: "contracts",
  usage,
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { out: { type: "string" }, check: { type: "boolean", default: false }, ...configOption },
    });
    commandConfig(values.config);
    if (positionals.length !== 1 || positionals[0] !== "export") {
      throw new ConfigError(`expected the subcommand "export"\n\n${usage}`, { positionals });
    }
    const dir = values.out ? resolve(values.out) : join(projectRoot(), "contracts", "generated");
    if (values.check) {
      const stale = staleContractFiles(dir);
      if (stale.length > 0) {
        process.stderr.write(`${contractMessages.contractsExportStale(stale)}\n`);
        return 1;
      }
      process.stdout.write(`${contractMessages.contractsExportFresh(generatedContractFiles().size, dir)}\n`);
      return 0;
    }
    process.stdout.write(`${contractMessages.contractsExportWritten(writeContractFiles(dir), dir)}\n`);
    return 0;
  },
};
