/**
 * One `ohwb` subcommand declared as data — its operands, its options (with their help lines and
 * defaults) and its prose — and parsed by commander, so every command has the same usage line,
 * generated help, "did you mean" for a mistyped option and usage errors that exit 2.
 *
 * The command's body receives the option values under their flag names (`values["as-of"]`), typed
 * from the declaration as node:util's parseArgs would type them, and the operands as strings.
 */
import { CommanderError, Option, Command as Program } from "commander";
import { UsageError } from "../core/errors.js";
import type { Command } from "./command.js";

export interface OptionSpec {
  type: "string" | "boolean";
  /** The value's placeholder in the help (`--warehouse <FILE>`); string options only. */
  value?: string;
  help: string;
  /** A string option's value when it is not given (shown in the help). */
  default?: string;
  /** Accepted values, checked by commander and listed in the help. */
  choices?: readonly string[];
  /** A string option that may be given several times; the body sees every value, in order. */
  multiple?: boolean;
}

type OptionSpecs = Record<string, OptionSpec>;

/** The values a command's body sees: booleans always set, strings set when given or defaulted. */
export type OptionValues<O extends OptionSpecs> = {
  [K in keyof O]: O[K]["type"] extends "boolean"
    ? boolean
    : O[K] extends { default: string }
      ? string
      : string | undefined;
};

export interface CommandSpec<O extends OptionSpecs> {
  name: string;
  /** Operands as commander spells them, e.g. `[sql]`, `<action>`, `[args...]`. */
  operands?: string;
  /** The paragraphs between the usage line and the options. */
  description: string;
  options: O;
  /** Notes after the options (examples, environment, exit codes). */
  after?: string;
  run(parsed: { values: OptionValues<O>; positionals: string[] }): Promise<number>;
}

/** commander spells `--as-of` as `asOf` and `--no-catch-up` as `catchUp: false`; back to the flag names. */
function camel(flag: string): string {
  return flag.replace(/-([a-z])/g, (_m, letter: string) => letter.toUpperCase());
}

function program<O extends OptionSpecs>(spec: CommandSpec<O>): Program {
  const command = new Program(`ohwb ${spec.name}`)
    .description(spec.description)
    .helpOption("-h, --help", "show this help")
    // The prose is wrapped by hand a little under 90 columns; wrapping it again at 80 breaks lines.
    .configureHelp({ helpWidth: 90 })
    .exitOverride()
    // Errors are thrown as UsageError and printed once by the entry point, with the hint.
    .configureOutput({ writeErr: () => undefined, outputError: () => undefined })
    .showSuggestionAfterError(true)
    .allowExcessArguments(false);
  if (spec.operands) command.arguments(spec.operands);
  for (const [flag, option] of Object.entries(spec.options)) {
    const flags = option.type === "string" ? `--${flag} <${option.value ?? "VALUE"}>` : `--${flag}`;
    const declared = new Option(flags, option.help);
    if (option.default !== undefined) declared.default(option.default);
    if (option.choices) declared.choices(option.choices);
    if (option.multiple)
      declared.argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value]);
    command.addOption(declared);
  }
  if (spec.after) command.addHelpText("after", `\n${spec.after}`);
  return command;
}

function valuesByFlag<O extends OptionSpecs>(spec: CommandSpec<O>, parsed: Record<string, unknown>) {
  const values: Record<string, unknown> = {};
  for (const [flag, option] of Object.entries(spec.options)) {
    if (flag.startsWith("no-")) values[flag] = parsed[camel(flag.slice(3))] === false;
    else if (option.type === "boolean") values[flag] = parsed[camel(flag)] === true;
    else values[flag] = parsed[camel(flag)];
  }
  return values as OptionValues<O>;
}

/** commander's "error: unknown option '--x'\n(Did you mean --y?)" without its prefix. */
function usageText(error: CommanderError): string {
  return error.message.replace(/^error: /, "");
}

export function defineCommand<O extends OptionSpecs>(spec: CommandSpec<O>): Command {
  return {
    name: spec.name,
    get usage() {
      return program(spec).helpInformation().trimEnd();
    },
    async run(argv) {
      const command = program(spec);
      let parsed: { values: OptionValues<O>; positionals: string[] } | undefined;
      command.action(() => {
        parsed = { values: valuesByFlag(spec, command.opts()), positionals: [...command.args] };
      });
      try {
        command.parse(argv, { from: "user" });
      } catch (error) {
        if (!(error instanceof CommanderError)) throw error;
        if (error.exitCode === 0) return 0; // --help: commander has printed it on stdout
        throw new UsageError(usageText(error), { code: error.code });
      }
      if (!parsed) return 0;
      return spec.run(parsed);
    },
  };
}
