/** The shape every `ohwb` subcommand implements (one file per command in cli/commands/). */
export interface Command {
  name: string;
  /** One line for `ohwb --help`. */
  summary: string;
  /** Full text for `ohwb <name> --help`. */
  usage: string;
  /** Returns the process exit code. Logs go to stderr, results to stdout. */
  run(argv: string[]): Promise<number>;
}
