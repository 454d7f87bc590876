/**
 * Runs `ohwb ARGS` in this process and returns how it would end: the exit code and the one
 * message the CLI would print. For refusals that end before any work, where a child process
 * per case would only add Node's start-up.
 */
import { commandIndex } from "../../cli/command-index.js";
import { exitStatus } from "../../cli/exit-status.js";
import { TEST_KEY } from "../ingest/warehouse-fixture.js";

export interface InProcessOutcome {
  code: number;
  message: string;
  /** The error itself, for its class and stack (undefined when the command returned). */
  error?: unknown;
}

export async function runInProcess(args: string[]): Promise<InProcessOutcome> {
  const [name, ...rest] = args;
  const entry = commandIndex.find((c) => c.name === name);
  if (!entry) throw new Error(`no command ${name}`);
  const command = await entry.load();
  const saved = process.env.OHWB_PSEUDONYM_KEY;
  process.env.OHWB_PSEUDONYM_KEY = TEST_KEY;
  try {
    const code = await command.run(rest);
    return { code, message: "" };
  } catch (error) {
    return { ...exitStatus(error), error };
  } finally {
    if (saved === undefined) delete process.env.OHWB_PSEUDONYM_KEY;
    else process.env.OHWB_PSEUDONYM_KEY = saved;
  }
}
