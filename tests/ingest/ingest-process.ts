/** Runs the real `ohwb ingest` CLI (dist/, built by `npm test` before vitest) as a child process. */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { projectRoot } from "../../core/project-root.js";
import { TEST_KEY } from "./warehouse-fixture.js";

export interface IngestProcess {
  child: ChildProcess;
  /** The exit code, or a failure carrying stderr if the process is still running after `ms`. */
  exitWithin(ms: number): Promise<number | null>;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  stderr(): string;
  /** Resolves once a progress line reports at least `n` events loaded by this process. */
  loadedAtLeast(n: number): Promise<void>;
}

export function cliPath(): string {
  const cli = join(projectRoot(), "dist", "cli", "ohwb.js");
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` first (npm test does).`);
  return cli;
}

/** `ohwb ingest` arguments for one topic into one warehouse, as the group `g-<topic>`, exiting once idle. */
export function topicIngestArgs(warehouse: string, topic: string, untilIdleSeconds: number): string[] {
  return [
    "--warehouse",
    warehouse,
    "--topics",
    topic,
    "--group",
    `g-${topic}`,
    "--until-idle",
    String(untilIdleSeconds),
  ];
}

export function spawnIngest(brokers: string, args: string[], env: NodeJS.ProcessEnv = {}): IngestProcess {
  const child = spawn(
    process.execPath,
    [cliPath(), "ingest", "--create", "--progress-interval", "0.05", ...args],
    {
      env: {
        ...process.env,
        KAFKA_BROKERS: brokers,
        OHWB_PSEUDONYM_KEY: TEST_KEY,
        // A killed ingest's group member is only replaced after its session timeout; short ones keep restarts quick.
        OHWB_KAFKA_SESSION_TIMEOUT_MS: "6000",
        OHWB_KAFKA_REBALANCE_TIMEOUT_MS: "3000",
        OHWB_KAFKA_HEARTBEAT_MS: "500",
        ...env,
      },
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
  let stderr = "";
  const waiters: { n: number; resolve: () => void }[] = [];
  let loaded = 0;
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
    for (const m of chunk.toString("utf8").matchAll(/loaded (\d+)/g)) loaded = Math.max(loaded, Number(m[1]));
    for (const w of waiters.splice(0)) {
      if (loaded >= w.n) w.resolve();
      else waiters.push(w);
    }
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return {
    child,
    exited,
    exitWithin: (ms) =>
      Promise.race([
        exited,
        new Promise<never>((_, reject) =>
          setTimeout(() => {
            child.kill("SIGKILL");
            reject(new Error(`ingest still running after ${ms} ms; stderr:\n${stderr.slice(-4000)}`));
          }, ms).unref(),
        ),
      ]),
    stderr: () => stderr,
    loadedAtLeast: (n) =>
      new Promise<void>((resolve) => {
        if (loaded >= n) resolve();
        else waiters.push({ n, resolve });
      }),
  };
}
