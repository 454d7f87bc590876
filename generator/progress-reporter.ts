/** Periodic progress lines on stderr while a long run writes events. */

import type { GenerationSummary } from "./generation-summary.js";
import { generatorMessages } from "./generator-messages.js";

export type ProgressCallback = (summary: GenerationSummary) => void;

/** A callback that prints at most every `intervalMs` (pass to the sinks' onProgress). */
export function stderrProgress(
  intervalMs = 2_000,
  write = (s: string) => process.stderr.write(s),
): ProgressCallback {
  const started = performance.now();
  let last = started;
  return (summary) => {
    const now = performance.now();
    if (now - last < intervalMs) return;
    last = now;
    write(
      `${generatorMessages.generatorProgress(summary.total, summary.bad, summary.total / ((now - started) / 1000))}\n`,
    );
  };
}
