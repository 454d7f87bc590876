/**
 * Runs the demo's steps in order, timing each and reporting it on stderr as
 * `[n/N] step … done in X s`, with throttled progress lines for long steps.
 * A step may skip itself (with a reason); any error stops the run.
 */

import { OhwbError } from "../../core/errors.js";
import { log } from "../cli-log.js";
import { demoMessages as message } from "../cli-messages.js";

/** What a step reports when it finishes: a short result, or why it did nothing. */
export type StepOutcome = { detail?: string } | { skipped: string };

export interface DemoStep<Context> {
  name: string;
  run(context: Context, progress: (detail: string) => void): Promise<StepOutcome>;
}

export interface StepTiming {
  name: string;
  status: "done" | "skipped" | "failed";
  seconds: number;
  detail: string;
}

/** A step failed: names the step, keeps the original error's retriability and cause. */
export class DemoStepError extends OhwbError {
  constructor(
    readonly step: string,
    detail: string,
    readonly timings: StepTiming[],
    cause: unknown,
  ) {
    super("DEMO_STEP_FAILED", message.demoFailed(step, detail), {
      retriable: cause instanceof OhwbError && cause.retriable,
      context: { step },
      cause,
    });
  }
}

export interface StepRunnerOptions {
  write?: (line: string) => void;
  /** Minimum time between two progress lines of one step. */
  progressIntervalMs?: number;
}

export async function runDemoSteps<Context>(
  steps: readonly DemoStep<Context>[],
  context: Context,
  options: StepRunnerOptions = {},
): Promise<StepTiming[]> {
  const write = options.write ?? ((line: string) => log.info(line));
  const interval = options.progressIntervalMs ?? 2_000;
  const total = steps.length;
  const timings: StepTiming[] = [];
  for (const [i, step] of steps.entries()) {
    const n = i + 1;
    write(message.demoStepStart(n, total, step.name));
    const began = performance.now();
    let lastProgress = began;
    const progress = (detail: string) => {
      const now = performance.now();
      if (now - lastProgress < interval) return;
      lastProgress = now;
      write(message.demoStepProgress(n, total, step.name, detail));
    };
    let outcome: StepOutcome;
    try {
      outcome = await step.run(context, progress);
    } catch (error) {
      const seconds = (performance.now() - began) / 1000;
      timings.push({ name: step.name, status: "failed", seconds, detail: "" });
      write(message.demoStepFailed(n, total, step.name, seconds));
      throw new DemoStepError(
        step.name,
        error instanceof Error ? error.message : String(error),
        timings,
        error,
      );
    }
    const seconds = (performance.now() - began) / 1000;
    if ("skipped" in outcome) {
      timings.push({ name: step.name, status: "skipped", seconds, detail: outcome.skipped });
      write(message.demoStepSkipped(n, total, step.name, outcome.skipped));
    } else {
      const detail = outcome.detail ?? "";
      timings.push({ name: step.name, status: "done", seconds, detail });
      write(message.demoStepDone(n, total, step.name, seconds, detail));
    }
  }
  return timings;
}
