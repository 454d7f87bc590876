#!/usr/bin/env node
/**
 * The `ohwb` command line: one entry point for every job, on commander (help,
 * `--version`, `help <command>`, "did you mean" for typos). Subcommands are
 * listed in cli/command-index.ts and each lives in cli/commands/<name>.ts,
 * imported only when it runs, so `ohwb --help` answers without loading DuckDB.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Command as Program } from "commander";
import { projectRoot } from "../core/project-root.js";
import { log } from "./cli-log.js";
import { cliMessages as message } from "./cli-messages.js";
import { type CommandEntry, commandIndex } from "./command-index.js";
import { exitCodes, exitStatus } from "./exit-status.js";

function packageVersion(): string {
  return (JSON.parse(readFileSync(join(projectRoot(), "package.json"), "utf8")) as { version: string })
    .version;
}

async function runEntry(entry: CommandEntry, argv: string[]): Promise<number> {
  try {
    // The command parses its own options with commander (cli/define-command.ts), --help included.
    return await (await entry.load()).run(argv);
  } catch (error) {
    const status = exitStatus(error);
    const hint = status.code === exitCodes.usage ? `\n${message.usageHint(entry.name)}` : "";
    log.error(`ohwb ${entry.name}: ${status.message}${hint}`);
    // log.level debug (OHWB_LOG_LEVEL=debug, or OHWB_DEBUG=1) adds where it came from, for bug reports
    if (error instanceof Error && error.stack) log.debug(error.stack);
    return status.code;
  }
}

function program(done: (code: number) => void): Program {
  const root = new Program("ohwb")
    .description(message.rootDescription())
    .usage("<command> [options]")
    .version(packageVersion(), "-V, --version", "print the version")
    .helpOption("-h, --help", "show this help")
    .helpCommand("help [command]", "show the help of a command")
    .addHelpText("after", `\n${message.rootFooter()}`)
    .enablePositionalOptions()
    .showSuggestionAfterError(true)
    .exitOverride();
  for (const entry of commandIndex) {
    root
      .command(entry.name)
      .description(entry.summary)
      // The command parses its own options (and prints its own --help): cli/define-command.ts.
      .helpOption(false)
      .passThroughOptions()
      .allowUnknownOption()
      .allowExcessArguments()
      .action(async (_options: unknown, command: Program) => done(await runEntry(entry, command.args)));
  }
  return root;
}

/** Runs `ohwb` with these arguments (without node and the script); resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  let code: number = exitCodes.ok;
  const root = program((exit) => {
    code = exit;
  });
  const [first, second] = argv;
  // `ohwb help <command>`: that command's own usage text, not the root's.
  const helpFor = first === "help" && commandIndex.find((entry) => entry.name === second);
  if (helpFor) return runEntry(helpFor, ["--help"]);
  // `ohwb help expor`: parsed as the command itself, so commander says it is unknown and suggests one.
  const asked = first === "help" && second !== undefined && !second.startsWith("-") ? [second] : argv;
  try {
    await root.parseAsync(asked, { from: "user" });
  } catch (error) {
    const exitCode = (error as { exitCode?: number }).exitCode;
    // commander has already printed its help, version or error (with a suggestion).
    if (exitCode === undefined) throw error;
    return exitCode === 0 ? exitCodes.ok : exitCodes.usage;
  }
  return code;
}

// Output piped into `head` or a pager that quits: stop quietly, as other tools do.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(exitCodes.ok);
  throw error;
});

const exitCode = await main(process.argv.slice(2));
process.exitCode = exitCode;
// A finished job exits even if a library left a handle open (kafkajs reconnect timers
// after a broker outage were seen to). Unref'd: a clean process exits before it fires.
setTimeout(() => process.exit(exitCode), 2_000).unref();
