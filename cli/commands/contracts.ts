/**
 * `ohwb contracts export [--out DIR] [--check]`: writes the JSON Schemas,
 * AsyncAPI document and catalogue generated from contracts/, or with --check
 * exits 1 when the committed files are stale (for CI).
 */
import { join, resolve } from "node:path";
import { contractMessages } from "../../contracts/contract-messages.js";
import {
  generatedContractFiles,
  staleContractFiles,
  writeContractFiles,
} from "../../contracts/export/generated-files.js";
import { UsageError } from "../../core/errors.js";
import { projectRoot } from "../../core/project-root.js";
import { log } from "../cli-log.js";
import type { Command } from "../command.js";
import { commandConfig, configOption } from "../command-config.js";
import { defineCommand } from "../define-command.js";

export const contractsCommand: Command = defineCommand({
  name: "contracts",
  operands: "<export>",
  description: `Generates from the Zod contracts in contracts/:
  json-schema/<event_type>.v<N>.json   JSON Schema (draft 2020-12) per event type and version
  asyncapi.json                        AsyncAPI 3 document (topics, messages, payload schemas)
  CONTRACTS.md                         event catalogue`,
  options: {
    out: { type: "string", value: "DIR", help: "output directory (default contracts/generated)" },
    check: { type: "boolean", help: "write nothing; exit 1 if the files in DIR are stale" },
    json: {
      type: "boolean",
      help: "print the files written (or, with --check, the stale ones) as JSON on stdout",
    },
    ...configOption,
  },
  after: "The configuration file is validated; contracts take no settings from it.",
  async run({ values, positionals }) {
    commandConfig(values.config);
    if (positionals[0] !== "export") {
      throw new UsageError(contractMessages.contractsSubcommand(String(positionals[0])), { positionals });
    }
    const dir = values.out ? resolve(values.out) : join(projectRoot(), "contracts", "generated");
    const report = (result: object, text: string) =>
      process.stdout.write(values.json ? `${JSON.stringify({ dir, ...result }, null, 2)}\n` : `${text}\n`);
    if (values.check) {
      const stale = staleContractFiles(dir);
      if (stale.length > 0) {
        log.info(contractMessages.contractsExportStale(stale));
        if (values.json) report({ fresh: false, stale }, "");
        return 1;
      }
      const count = generatedContractFiles().size;
      report({ fresh: true, files: count }, contractMessages.contractsExportFresh(count, dir));
      return 0;
    }
    const written = writeContractFiles(dir);
    report({ written }, contractMessages.contractsExportWritten(written, dir));
    return 0;
  },
});
