/** The shape every `ohwb` subcommand implements (one file per command in cli/commands/, listed in cli/command-index.ts). */
export interface Command {
  name: string;
  /** Full text for `ohwb <name> --help` and `ohwb help <name>`. */
  usage: string;
  /** Returns the process exit code. Progress goes to stderr, results to stdout. */
  run(argv: string[]): Promise<number>;
}
