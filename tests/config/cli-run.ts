/** Runs the built `ohwb` CLI (dist/, from `npm run build`) as a child process with a controlled environment. */
import { spawnSync } from "node:child_process";
import { cliPath } from "../ingest/ingest-process.js";

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Settings that would leak into a run from the developer's shell and change what is being tested. */
const inherited = [
  "OHWB_CONFIG",
  "OHWB_WAREHOUSE",
  "KAFKA_BROKERS",
  "KAFKA_CLIENT_ID",
  "KAFKA_GROUP_ID",
  "OHWB_PSEUDONYM_KEY",
  "OHWB_PSEUDONYM_KEY_FILE",
  "OHWB_VALUE_MODEL",
  "OHWB_REFERENCE_DIR",
];

export function runCli(args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): CliResult {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of inherited) delete env[name];
  const result = spawnSync(process.execPath, [cliPath(), ...args], {
    env: { ...env, ...options.env },
    cwd: options.cwd,
    encoding: "utf8",
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
