/**
 * How long `ohwb --help` and `ohwb <command> --help` take from process start to exit (issue 17
 * asks for `ohwb --help` within 0.3 s). The root help loads no command module (cli/command-index.ts
 * imports each lazily); a command's help loads that command and what it imports. The ceiling in the
 * same run is `node -e ""`: a Node process that does nothing.
 */
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const cli = join(dirname(fileURLToPath(import.meta.url)), "..", "cli", "ohwb.js");
const runs = 15;

function medianMs(args: string[]): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const began = performance.now();
    const result = spawnSync(process.execPath, args, { stdio: "ignore" });
    if (result.status !== 0) throw new Error(`${args.join(" ")} exited ${result.status}`);
    times.push(performance.now() - began);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? Number.NaN;
}

const floor = medianMs(["-e", ""]);
const rows: [string, number][] = [
  ["node -e '' (ceiling)", floor],
  ["ohwb --help", medianMs([cli, "--help"])],
  ["ohwb --version", medianMs([cli, "--version"])],
  ["ohwb query --help", medianMs([cli, "query", "--help"])],
  ["ohwb transform --help", medianMs([cli, "transform", "--help"])],
  ["ohwb pack --help", medianMs([cli, "pack", "--help"])],
];
process.stdout.write(`CLI start-up, median of ${runs} runs each (ms):\n`);
for (const [name, ms] of rows)
  process.stdout.write(
    `  ${name.padEnd(24)} ${ms.toFixed(0).padStart(5)} ms  (${(ms / floor).toFixed(1)}× bare node)\n`,
  );
