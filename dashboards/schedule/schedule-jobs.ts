/**
 * The two scheduled jobs, and the pack catch-up run on start.
 * - refresh: ingest from Kafka until idle → incremental transform → data tests → analyst snapshot.
 *   Failing data tests do not fail the refresh (the data is loaded and transformed, analysts see it);
 *   they are recorded in the ledger and the log, and the pack job's publish gate refuses packs.
 * - packs: the quarterly pack of every configured scope for the last complete quarter, built when
 *   missing (pack-catch-up.ts). A published pack is never rebuilt by the scheduler; delete its
 *   directory (or run `ohwb pack`) to redo it.
 * - catch-up: the packs job over every quarter from `schedule.packs.catchUpFrom`.
 * A pack is built into `<dir>.building` and renamed into place, so a half-written pack never has
 * a manifest.json at its final path.
 */
import { mkdirSync, renameSync, rmSync } from "node:fs";
import { dirname } from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import { scheduleMessages as message } from "../../core/messages.js";
import { BatchLoader } from "../../ingest/batch-loader.js";
import { type KafkaIngestOptions, runKafkaIngest } from "../../ingest/kafka-ingest.js";
import { ensureLandingSchema } from "../../ingest/landing-schema.js";
import { ProgressPrinter } from "../../ingest/progress.js";
import { Pseudonymiser } from "../../ingest/pseudonymise.js";
import { assertBrokerReachable } from "../../kafka/client.js";
import { runDataTests } from "../../transforms/data-tests.js";
import { runIncrementalTransforms } from "../../transforms/incremental-transforms.js";
import { todayUtc } from "../../transforms/sql-parameters.js";
import { publishAnalystSnapshot } from "../../warehouse/analyst/analyst-snapshot.js";
import { buildPack, type PackInputs, preparePackInputs } from "../pack/build-pack.js";
import { type Quarter, quarterKey } from "../pack/pack-quarter.js";
import type { PackScope } from "../pack/pack-scope.js";
import { catchUpQuarters, missingPacks, type PackTarget } from "./pack-catch-up.js";
import type { RunLedger } from "./run-ledger.js";
import { describeQuarters, lastCompleteQuarter } from "./schedule-quarters.js";
import type { Job, JobContext, JobPlan, ScheduledJob, WorkUnit } from "./scheduled-job.js";

export interface RefreshJobOptions {
  cron: string;
  warehousePath: string;
  brokers: string[];
  /** Client id and TLS/SASL for a real cluster (config `kafka`). */
  clientId?: string;
  security?: KafkaIngestOptions["security"];
  topics: string[];
  groupId: string;
  idleSeconds: number;
  pseudonymKey: string;
  /** The transform's as-of date (default: today, UTC, as `ohwb transform`). */
  asOf?: () => string;
  /** Data tests' freshness window, as `ohwb check` (default 3). */
  freshnessMonths?: number;
  /**
   * Ingest stops after this long even if not idle (default 600), so a long backlog or a broker that
   * went away mid-run cannot hold the warehouse from the pack job; what it loaded is committed and
   * the next run carries on from the warehouse's offsets.
   */
  maxIngestSeconds?: number;
}

/** Ingest's progress lines stay out of the schedule log; its notices (rejoins, restarts) go in it. */
class RefreshPrinter extends ProgressPrinter {
  constructor(private readonly log: (line: string) => void) {
    super();
  }
  override print(): void {}
  override message(text: string): void {
    this.log(`schedule: refresh: ${text}`);
  }
}

async function refresh(options: RefreshJobOptions, context: JobContext) {
  const { connection, signal } = context;
  await assertBrokerReachable(options.brokers);
  await ensureLandingSchema(connection);
  // Opened per run: it reads the warehouse's offsets and loaded ids as they are now.
  const loader = await BatchLoader.open(connection, new Pseudonymiser(options.pseudonymKey));
  const progress = await runKafkaIngest({
    brokers: options.brokers,
    clientId: options.clientId,
    security: options.security,
    topics: options.topics,
    groupId: options.groupId,
    loader,
    untilIdleMs: options.idleSeconds * 1000,
    signal: AbortSignal.any([signal, AbortSignal.timeout((options.maxIngestSeconds ?? 600) * 1000)]),
    printer: new RefreshPrinter(context.log),
    progressIntervalMs: 60_000,
  });
  const asOf = (options.asOf ?? todayUtc)();
  const transform = await runIncrementalTransforms(connection, { asOf });
  const tests = await runDataTests(connection, { asOf, freshnessMonths: options.freshnessMonths ?? 3 });
  const failing = tests.filter((t) => !t.passed).map((t) => t.name);
  const snapshot = await publishAnalystSnapshot(connection, options.warehousePath);
  return {
    eventsLoaded: progress.loaded,
    deadLetters: progress.deadLetters,
    transformMode: transform.mode,
    modelsBuilt: transform.builds.length,
    dataTestsPassed: tests.length - failing.length,
    dataTestsFailed: failing.length,
    detail: message.refreshDetail({
      loaded: progress.loaded,
      deadLetters: progress.deadLetters,
      mode: transform.mode,
      models: transform.builds.length,
      testsPassed: tests.length - failing.length,
      failingTests: failing,
      snapshot: snapshot.path,
    }),
  };
}

export function refreshJob(options: RefreshJobOptions): ScheduledJob {
  return {
    name: "refresh",
    cron: options.cron,
    async plan() {
      return {
        units: [{ label: "run", run: (context) => refresh(options, context) }],
        nothingToDo: "",
      };
    },
  };
}

export interface PacksJobOptions {
  cron: string;
  /** `outputs.packs`: packs go to `<root>/<quarter>/<scope>/`. */
  root: string;
  scopes: PackScope[];
  timezone: string;
  /** How manifests name the warehouse (its file name). */
  warehouseLabel: string;
  ledger: RunLedger;
  /** The clock (tests set it to a date inside their data). */
  now?: () => Date;
}

/** One unit per missing pack; the data tests and shared inputs are read once per plan, on first use. */
function packPlan(
  connection: DuckDBConnection,
  options: PacksJobOptions,
  targets: PackTarget[],
  quarters: Quarter[],
): JobPlan {
  let inputs: Promise<PackInputs> | undefined;
  const units: WorkUnit[] = targets.map((target) => ({
    label: `${target.scope.key} ${quarterKey(target.quarter)}`,
    scope: target.scope.key,
    quarter: quarterKey(target.quarter),
    async run() {
      inputs ??= preparePackInputs(connection, options.warehouseLabel);
      const shared = await inputs;
      const staging = `${target.dir}.building`;
      rmSync(staging, { recursive: true, force: true });
      mkdirSync(dirname(target.dir), { recursive: true });
      try {
        const result = await buildPack(connection, shared, target.scope, target.quarter, staging);
        rmSync(target.dir, { recursive: true, force: true });
        renameSync(staging, target.dir);
        return {
          packDir: target.dir,
          detail: message.packDetail(
            target.dir,
            result.content.sections.length,
            result.content.charts.length,
            result.content.tables.length,
          ),
        };
      } catch (error) {
        rmSync(staging, { recursive: true, force: true });
        throw error;
      }
    },
  }));
  return { units, nothingToDo: message.packsAllPresent(describeQuarters(quarters), options.scopes.length) };
}

export function packsJob(options: PacksJobOptions): ScheduledJob {
  return {
    name: "packs",
    cron: options.cron,
    async plan(context) {
      const quarters = [lastCompleteQuarter((options.now ?? (() => new Date()))(), options.timezone)];
      const targets = await missingPacks(options.ledger, options.root, quarters, options.scopes);
      return packPlan(context.connection, options, targets, quarters);
    },
  };
}

/** The packs job over every quarter from `catchUpFrom` (default: the last complete quarter) — run on start. */
export function packCatchUpJob(options: PacksJobOptions & { catchUpFrom?: string }): Job {
  return {
    name: "packs",
    async plan(context) {
      const quarters = catchUpQuarters(
        (options.now ?? (() => new Date()))(),
        options.timezone,
        options.catchUpFrom,
      );
      const targets = await missingPacks(options.ledger, options.root, quarters, options.scopes);
      return packPlan(context.connection, options, targets, quarters);
    },
  };
}
