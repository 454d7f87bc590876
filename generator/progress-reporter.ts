/** Periodic progress lines (through the one logger, core/logger.ts) while a long run writes events. */

import { createLogger, type Logger } from "../core/logger.js";
import type { GenerationSummary } from "./generation-summary.js";
import { generatorMessages } from "./generator-messages.js";

export type ProgressCallback = (summary: GenerationSummary) => void;

/** A callback that reports at most every `intervalMs` (pass to the sinks' onProgress). */
export function stderrProgress(intervalMs = 2_000, log: Logger = createLogger()): ProgressCallback {
  const started = performance.now();
  let last = started;
  return (summary) => {
    const now = performance.now();
    if (now - last < intervalMs) return;
    last = now;
    log.progress(
      generatorMessages.generatorProgress(
        summary.total,
        summary.bad,
        summary.total / ((now - started) / 1000),
      ),
    );
  };
}
