/**
 * The run ledger of `ohwb schedule`: the `schedule_runs` table (migration 0004). A run is written
 * twice — 'running' when it starts, then 'succeeded' or 'failed' with its outputs — so a run cut
 * short by a crash is visible (and marked 'interrupted' on the next start). Ticks that were not
 * run are 'skipped' rows. The ledger has its own connection (see schedule-warehouse.ts): a tick can
 * be skipped while a job holds a transaction open on the job connection, and the skipped row must
 * not land inside that transaction.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { SerialQueue } from "./serial-queue.js";

export type RunStatus = "running" | "succeeded" | "failed" | "skipped";
export type RunTrigger = "schedule" | "catch-up" | "once";

/** What a unit of work reports; every field optional, columns left NULL when absent. */
export interface RunOutputs {
  detail?: string;
  eventsLoaded?: number;
  deadLetters?: number;
  transformMode?: string;
  modelsBuilt?: number;
  dataTestsPassed?: number;
  dataTestsFailed?: number;
  packDir?: string;
}

/** Identifies a run: the job, why it ran, the tick it belongs to, and for packs the scope × quarter. */
export interface RunKey {
  job: string;
  trigger: RunTrigger;
  scheduledFor: Date;
  scope?: string;
  quarter?: string;
}

/** One ledger row as read back (timestamps as ISO strings, UTC). */
export interface LedgerRow {
  runId: number;
  job: string;
  triggeredBy: RunTrigger;
  scheduledFor: string;
  startedAt: string | null;
  finishedAt: string | null;
  status: RunStatus;
  detail: string | null;
  error: string | null;
  eventsLoaded: number | null;
  deadLetters: number | null;
  transformMode: string | null;
  modelsBuilt: number | null;
  dataTestsPassed: number | null;
  dataTestsFailed: number | null;
  scope: string | null;
  quarter: string | null;
  packDir: string | null;
}

const iso = (date: Date) => date.toISOString();
const isoColumn = (column: string) => `strftime(${column} AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S.%gZ')`;

export class RunLedger {
  /** Skips are recorded from node-cron's callbacks while a run is being recorded: one statement at a time. */
  private readonly turns = new SerialQueue();

  constructor(private readonly connection: DuckDBConnection) {}

  private read(sql: string, values: Record<string, string | number | null> = {}) {
    return this.turns.run(() => this.connection.runAndReadAll(sql, values));
  }

  /** Records a run as started; returns its run_id. */
  async started(key: RunKey, at: Date): Promise<number> {
    const reader = await this.read(
      `INSERT INTO schedule_runs (job, triggered_by, scheduled_for, started_at, status, scope, quarter)
       VALUES ($job, $trigger, $scheduled::TIMESTAMPTZ, $started::TIMESTAMPTZ, 'running', $scope, $quarter)
       RETURNING run_id`,
      {
        job: key.job,
        trigger: key.trigger,
        scheduled: iso(key.scheduledFor),
        started: iso(at),
        scope: key.scope ?? null,
        quarter: key.quarter ?? null,
      },
    );
    return Number(reader.getRowObjectsJson()[0]?.run_id);
  }

  async finished(
    runId: number,
    status: "succeeded" | "failed",
    at: Date,
    outputs: RunOutputs,
    error?: string,
  ): Promise<void> {
    await this.read(
      `UPDATE schedule_runs SET finished_at = $finished::TIMESTAMPTZ, status = $status, detail = $detail,
         error = $error, events_loaded = $events, dead_letters = $dead, transform_mode = $mode,
         models_built = $models, data_tests_passed = $passed, data_tests_failed = $failed, pack_dir = $dir
       WHERE run_id = $run_id`,
      {
        run_id: runId,
        finished: iso(at),
        status,
        detail: outputs.detail ?? null,
        error: error ?? null,
        events: outputs.eventsLoaded ?? null,
        dead: outputs.deadLetters ?? null,
        mode: outputs.transformMode ?? null,
        models: outputs.modelsBuilt ?? null,
        passed: outputs.dataTestsPassed ?? null,
        failed: outputs.dataTestsFailed ?? null,
        dir: outputs.packDir ?? null,
      },
    );
  }

  /** A tick that was not run (previous run still going, missed, or the scheduler stopping). */
  async skipped(key: RunKey, reason: string): Promise<void> {
    await this.read(
      `INSERT INTO schedule_runs (job, triggered_by, scheduled_for, status, detail)
       VALUES ($job, $trigger, $scheduled::TIMESTAMPTZ, 'skipped', $detail)`,
      { job: key.job, trigger: key.trigger, scheduled: iso(key.scheduledFor), detail: reason },
    );
  }

  /** Runs a previous process left 'running' (it was killed mid-run) become 'failed'; returns how many. */
  async closeInterrupted(error: string): Promise<number> {
    const reader = await this.read(
      `UPDATE schedule_runs SET status = 'failed', error = $error WHERE status = 'running' RETURNING run_id`,
      { error },
    );
    return reader.getRows().length;
  }

  /** "quarter|scope" of every pack with a 'succeeded' row. */
  async succeededPacks(): Promise<Set<string>> {
    const reader = await this.read(
      `SELECT DISTINCT quarter, scope FROM schedule_runs
       WHERE status = 'succeeded' AND quarter IS NOT NULL AND scope IS NOT NULL`,
    );
    return new Set(reader.getRowObjectsJson().map((r) => `${String(r.quarter)}|${String(r.scope)}`));
  }

  /** Ledger rows, oldest first; `afterRunId` limits them to rows written after that run. */
  async rows(afterRunId = 0): Promise<LedgerRow[]> {
    const reader = await this.read(
      `SELECT run_id, job, triggered_by, ${isoColumn("scheduled_for")} AS scheduled_for,
         ${isoColumn("started_at")} AS started_at, ${isoColumn("finished_at")} AS finished_at, status, detail,
         error, events_loaded, dead_letters, transform_mode, models_built, data_tests_passed,
         data_tests_failed, scope, quarter, pack_dir
       FROM schedule_runs WHERE run_id > $after ORDER BY run_id`,
      { after: afterRunId },
    );
    const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
    const str = (v: unknown) => (v === null || v === undefined ? null : String(v));
    return reader.getRowObjectsJson().map((r) => ({
      runId: Number(r.run_id),
      job: String(r.job),
      triggeredBy: String(r.triggered_by) as RunTrigger,
      scheduledFor: String(r.scheduled_for),
      startedAt: str(r.started_at),
      finishedAt: str(r.finished_at),
      status: String(r.status) as RunStatus,
      detail: str(r.detail),
      error: str(r.error),
      eventsLoaded: num(r.events_loaded),
      deadLetters: num(r.dead_letters),
      transformMode: str(r.transform_mode),
      modelsBuilt: num(r.models_built),
      dataTestsPassed: num(r.data_tests_passed),
      dataTestsFailed: num(r.data_tests_failed),
      scope: str(r.scope),
      quarter: str(r.quarter),
      packDir: str(r.pack_dir),
    }));
  }

  /** The highest run_id so far (0 for an empty ledger). */
  async lastRunId(): Promise<number> {
    const reader = await this.read("SELECT coalesce(max(run_id), 0)::BIGINT AS id FROM schedule_runs");
    return Number(reader.getRowObjectsJson()[0]?.id ?? 0);
  }
}
