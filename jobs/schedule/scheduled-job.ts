/**
 * What the scheduler runs. A job plans its units of work when its tick comes — one refresh, or one
 * pack per missing scope × quarter — and the scheduler runs the units one at a time through the
 * warehouse queue, writing one ledger row per unit (run-scheduler.ts). Jobs never write the ledger.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import type { RunOutputs } from "./run-ledger.js";

export interface JobContext {
  /** The job connection to the warehouse, used by one unit at a time. */
  connection: DuckDBConnection;
  /** Aborted when the scheduler stops: a unit in flight should wrap up (ingest stops consuming). */
  signal: AbortSignal;
  log(line: string): void;
}

export interface WorkUnit {
  /** How logs name the unit, e.g. "england 2023-Q4". */
  label: string;
  /** For pack units: recorded in the ledger, which catch-up reads. */
  scope?: string;
  quarter?: string;
  run(context: JobContext): Promise<RunOutputs>;
}

export interface JobPlan {
  units: WorkUnit[];
  /** Recorded (as a 'succeeded' row) when there are no units, e.g. "every pack is present". */
  nothingToDo: string;
  /** Run once the units are done or the run stops early, e.g. closing the Chromium the packs shared. */
  finish?(): Promise<void>;
}

export interface Job {
  name: string;
  plan(context: JobContext): Promise<JobPlan>;
}

/** A job with a cron expression (5 fields, or 6 with seconds), read in the schedule's timezone. */
export interface ScheduledJob extends Job {
  cron: string;
}
