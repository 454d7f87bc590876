#!/usr/bin/env node
/**
 * The `ohwb` command line: one entry point for every job. Each subcommand lives
 * in cli/commands/<name>.ts and is registered below.
 */
import { OhwbError } from "../core/errors.js";
import type { Command } from "./command.js";
import { brokerCommand } from "./commands/broker.js";
import { checkCommand } from "./commands/check.js";
import { configCommand } from "./commands/config.js";
import { contractsCommand } from "./commands/contracts.js";
import { dashboardsCommand } from "./commands/dashboards.js";
import { deadLettersCommand } from "./commands/dead-letters.js";
import { demoCommand } from "./commands/demo.js";
import { exportCommand } from "./commands/export.js";
import { generateCommand } from "./commands/generate.js";
import { importCommand } from "./commands/import.js";
import { ingestCommand } from "./commands/ingest.js";
import { packCommand } from "./commands/pack.js";
import { queryCommand } from "./commands/query.js";
import { scheduleCommand } from "./commands/schedule.js";
import { statusCommand } from "./commands/status.js";
import { transformCommand } from "./commands/transform.js";

const commands: Command[] = [
  brokerCommand,
  contractsCommand,
  ingestCommand,
  statusCommand,
  deadLettersCommand,
  importCommand,
  transformCommand,
  checkCommand,
  generateCommand,
  dashboardsCommand,
  queryCommand,
  exportCommand,
  packCommand,
  scheduleCommand,
  demoCommand,
  configCommand,
];

function overview(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return `Usage: ohwb <command> [options]

Occupational health and wellbeing evidence warehouse.

Commands:
${lines.join("\n")}

Run \`ohwb <command> --help\` for a command's options.`;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(`${overview()}\n`);
    return name ? 0 : 2;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    process.stderr.write(`ohwb: unknown command "${name}"\n\n${overview()}\n`);
    return 2;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    process.stdout.write(`${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    if (error instanceof OhwbError) {
      process.stderr.write(`ohwb ${name}: ${error.message}\n`);
      return error.retriable ? 75 : 1; // 75 = EX_TEMPFAIL: try again later
    }
    if (error instanceof TypeError && (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      process.stderr.write(`ohwb ${name}: ${error.message}\n\n${command.usage}\n`);
      return 2;
    }
    throw error;
  }
}

const exitCode = await main(process.argv.slice(2));
process.exitCode = exitCode;
// A finished job exits even if a library left a handle open (kafkajs reconnect timers
// after a broker outage were seen to). Unref'd: a clean process exits before it fires.
setTimeout(() => process.exit(exitCode), 2_000).unref();
