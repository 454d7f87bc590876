/**
 * Runs jobs on their node-cron schedules, with no overlapping runs:
 * - per job: node-cron's `noOverlap` — a job whose previous run is still going (or still waiting for
 *   the warehouse) when its next tick comes is not started again; the tick is recorded 'skipped';
 * - across jobs: every run goes through one SerialQueue, because both jobs write the one warehouse
 *   on the one job connection (DuckDB allows one writer process, and a transaction on a shared
 *   connection would swallow the other job's statements).
 * The warehouse stays open for the scheduler's lifetime (schedule-warehouse.ts), so other writers
 * (`ohwb ingest`, `ohwb transform`) must not run alongside it; readers use the analyst snapshot the
 * refresh job publishes.
 * Start-up jobs (pack catch-up) run once, through the same queue, before the first tick's run.
 * `stop()` stops the ticks, aborts the context signal (ingest stops consuming), lets the unit in
 * flight finish, and drops queued runs (recorded 'skipped').
 */

import type { DuckDBConnection } from "@duckdb/node-api";
import cron, { type ScheduledTask } from "node-cron";
import { ConfigError } from "../../core/errors.js";
import { createLogger } from "../../core/logger.js";
import { scheduleMessages as message } from "../job-messages.js";
import type { LedgerRow, RunKey, RunLedger, RunOutputs, RunTrigger } from "./run-ledger.js";
import type { Job, JobContext, ScheduledJob, WorkUnit } from "./scheduled-job.js";
import { SerialQueue } from "./serial-queue.js";

export interface SchedulerOptions {
  /** The job connection (one unit at a time uses it). */
  connection: DuckDBConnection;
  ledger: RunLedger;
  jobs: ScheduledJob[];
  /** Run once on start (and by runOnce) with trigger 'catch-up'. */
  startup?: Job[];
  timezone: string;
  log?: (line: string) => void;
  /** Called with each ledger row this scheduler finished (runs and skips), e.g. for --json. */
  onRecorded?: (row: LedgerRow) => void;
}

/** Throws ConfigError for a cron expression node-cron would reject. */
const defaultLog = createLogger();

export function assertValidCron(job: string, expression: string): void {
  if (!cron.validate(expression))
    throw new ConfigError(message.scheduleBadCron(job, expression), { job, expression });
}

const clock = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, "Z");

export class Scheduler {
  private readonly queue = new SerialQueue();
  private readonly controller = new AbortController();
  private readonly log: (line: string) => void;
  private tasks: ScheduledTask[] = [];
  private stopping = false;
  /** Ledger rows before this id were written by earlier processes. */
  private firstRunId = 0;
  private readonly reported = new Set<number>();
  /** Finished runs by status, for the exit summary. */
  readonly counts = { succeeded: 0, failed: 0, skipped: 0 };

  constructor(private readonly options: SchedulerOptions) {
    this.log = options.log ?? ((line) => defaultLog.info(line));
    for (const job of options.jobs) assertValidCron(job.name, job.cron);
  }

  /** Closes interrupted runs, starts the ticks, runs the start-up jobs; resolves when those are done. */
  async start(): Promise<void> {
    await this.closeInterrupted();
    // Queued before the first tick can be, so catch-up runs first.
    const startup = (this.options.startup ?? []).map((job) => this.runJob(job, "catch-up", new Date()));
    for (const job of this.options.jobs) this.tasks.push(this.schedule(job));
    await Promise.all(startup);
  }

  /** The start-up jobs, then every job once (trigger 'once'), then returns. No ticks. */
  async runOnce(): Promise<void> {
    await this.closeInterrupted();
    for (const job of this.options.startup ?? []) await this.runJob(job, "catch-up", new Date());
    for (const job of this.options.jobs) await this.runJob(job, "once", new Date());
  }

  /** The next tick of each scheduled job (after start()). */
  nextRuns(): { name: string; cron: string; next: string }[] {
    return this.options.jobs.map((job, i) => {
      const next = this.tasks[i]?.getNextRun();
      return { name: job.name, cron: job.cron, next: next ? clock(next) : "-" };
    });
  }

  /** Stops ticking, lets the unit in flight finish, drops what is queued. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.controller.abort();
    await Promise.all(this.tasks.map((task) => task.destroy()));
    this.tasks = [];
    await this.queue.idle();
  }

  private schedule(job: ScheduledJob): ScheduledTask {
    const task = cron.createTask(job.cron, (context) => this.runJob(job, "schedule", context.date), {
      name: job.name,
      timezone: this.options.timezone,
      noOverlap: true,
      // A tick due while the event loop was busy (a pack's PNG rendering is synchronous) still runs
      // if it is at most a minute late, rather than being counted as missed.
      missedExecutionTolerance: 60_000,
      // Our own ledger rows and log lines say what node-cron's warnings would.
      logger: {
        info: () => undefined,
        warn: () => undefined,
        debug: () => undefined,
        error: (error) =>
          this.log(`schedule: ${job.name}: ${error instanceof Error ? error.message : error}`),
      },
    });
    task.on("execution:overlap", (context) =>
      this.skip(job.name, context.date, message.skippedStillRunning()),
    );
    task.on("execution:missed", (context) => this.skip(job.name, context.date, message.skippedMissed()));
    task.start();
    return task;
  }

  private async skip(job: string, scheduledFor: Date, reason: string, trigger: RunTrigger = "schedule") {
    try {
      await this.options.ledger.skipped({ job, trigger, scheduledFor }, reason);
      this.log(message.runSkipped(job, clock(scheduledFor), reason));
      this.counts.skipped += 1;
      await this.reportRecorded();
    } catch (error) {
      this.log(`schedule: ${job}: could not record a skipped tick: ${String(error)}`);
    }
  }

  /** Plans and runs one run of a job, unit by unit, in the warehouse queue. Never throws. */
  private runJob(job: Job, trigger: RunTrigger, scheduledFor: Date): Promise<void> {
    return this.queue
      .run(async () => {
        if (this.stopping) return this.skip(job.name, scheduledFor, message.skippedStopping(), trigger);
        const context = this.context();
        let plan: Awaited<ReturnType<Job["plan"]>>;
        try {
          plan = await job.plan(context);
        } catch (error) {
          // A plan that cannot be made is a failed run of the whole job.
          await this.runUnit(job.name, trigger, scheduledFor, {
            label: "plan",
            run: () => Promise.reject(error),
          });
          return;
        }
        if (plan.units.length === 0) {
          await this.runUnit(job.name, trigger, scheduledFor, {
            label: "run",
            run: async () => ({ detail: plan.nothingToDo }),
          });
          return;
        }
        try {
          for (const unit of plan.units) {
            if (this.stopping) break; // what is left stays missing; catch-up builds it on the next start
            await this.runUnit(job.name, trigger, scheduledFor, unit);
          }
        } finally {
          await plan.finish?.().catch((error) => this.log(`schedule: ${job.name}: ${String(error)}`));
        }
      })
      .catch((error) => this.log(`schedule: ${job.name}: ${String(error)}`));
  }

  private async runUnit(job: string, trigger: RunTrigger, scheduledFor: Date, unit: WorkUnit): Promise<void> {
    const key: RunKey = { job, trigger, scheduledFor, scope: unit.scope, quarter: unit.quarter };
    const started = new Date();
    const runId = await this.options.ledger.started(key, started);
    this.log(message.runStarted(job, unit.label, trigger));
    let outputs: RunOutputs = {};
    let error: string | undefined;
    try {
      outputs = await unit.run(this.context());
    } catch (failure) {
      error = failure instanceof Error ? failure.message : String(failure);
    }
    const finished = new Date();
    const status = error === undefined ? "succeeded" : "failed";
    await this.options.ledger.finished(runId, status, finished, outputs, error);
    this.counts[status] += 1;
    this.log(
      message.runFinished(
        job,
        unit.label,
        status,
        (finished.getTime() - started.getTime()) / 1000,
        error ?? outputs.detail ?? "",
      ),
    );
    await this.reportRecorded();
  }

  private context(): JobContext {
    return { connection: this.options.connection, signal: this.controller.signal, log: this.log };
  }

  private async closeInterrupted(): Promise<void> {
    const closed = await this.options.ledger.closeInterrupted(message.interruptedError());
    if (closed > 0) this.log(message.scheduleInterrupted(closed));
    this.firstRunId = await this.options.ledger.lastRunId();
  }

  /** Hands each finished row of this scheduler to onRecorded once, in run_id order. */
  private async reportRecorded(): Promise<void> {
    if (!this.options.onRecorded) return;
    for (const row of await this.options.ledger.rows(this.firstRunId)) {
      if (row.status === "running" || this.reported.has(row.runId)) continue;
      this.reported.add(row.runId);
      this.options.onRecorded(row);
    }
  }
}
