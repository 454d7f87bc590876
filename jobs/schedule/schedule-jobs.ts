/**
 * The two scheduled jobs, and the pack catch-up run on start.
 * - refresh: jobs/refresh.ts (ingest until idle → seal old plaintext dead letters → transform →
 *   data tests → analyst snapshot only when they pass). Failing tests do not fail the run; they are
 *   recorded in the ledger and the log, and the pack job's publish gate refuses packs.
 * - packs: the quarterly pack of every configured scope for the last complete quarter, built when
 *   missing (pack-catch-up.ts). A published pack is never rebuilt by the scheduler; delete its
 *   directory (or run `ohwb pack`) to redo it.
 * - catch-up: the packs job over every quarter from `schedule.packs.catchUpFrom`.
 * A pack is built by jobs/publish-pack.ts, as `ohwb pack` and `ohwb demo` build theirs: staged and
 * renamed into place, so a half-written pack never has a manifest.json at its final path.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import {
  type PackBuildOptions,
  type PackInputs,
  preparePackInputs,
} from "../../dashboards/pack/build-pack.js";
import type { PackPublicationSettings } from "../../dashboards/pack/pack-content.js";
import { PackPrinter } from "../../dashboards/pack/pack-pdf.js";
import { type Quarter, quarterKey } from "../../dashboards/pack/pack-quarter.js";
import type { PackScope } from "../../dashboards/pack/pack-scope.js";
import { dataAsOf } from "../../transforms/data-as-of.js";
import { scheduleMessages as message } from "../job-messages.js";
import { publishPack } from "../publish-pack.js";
import { type RefreshJobOptions, refreshWarehouse } from "../refresh.js";
import { catchUpQuarters, missingPacks, type PackTarget } from "./pack-catch-up.js";
import type { RunLedger } from "./run-ledger.js";
import { describeQuarters, lastCompleteQuarter } from "./schedule-quarters.js";
import type { Job, JobPlan, ScheduledJob, WorkUnit } from "./scheduled-job.js";

export function refreshJob(options: RefreshJobOptions): ScheduledJob {
  return {
    name: "refresh",
    cron: options.cron,
    async plan() {
      return {
        units: [{ label: "run", run: (context) => refreshWarehouse(options, context) }],
        nothingToDo: "",
      };
    },
  };
}

export type { RefreshJobOptions };

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
  /** Publisher and protective marking of the packs (configuration `publication`). */
  publication?: PackPublicationSettings;
  /** The Chromium and fonts the packs are drawn with (configuration `render`). */
  render?: { chromium?: string; fontDir?: string };
  /** Coverage threshold, SPC limits and targets (configuration, as `ohwb pack` passes them). */
  evidence?: PackBuildOptions["evidence"];
}

/** One unit per missing pack; the data tests and shared inputs are read once per plan, on first use. */
function packPlan(
  connection: DuckDBConnection,
  options: PacksJobOptions,
  targets: PackTarget[],
  quarters: Quarter[],
): JobPlan {
  let inputs: Promise<PackInputs> | undefined;
  // One Chromium page prints every pack of the run (a launch and a new page per pack cost ~0.5 s each).
  let printer: Promise<PackPrinter> | undefined;
  const units: WorkUnit[] = targets.map((target) => ({
    label: `${target.scope.key} ${quarterKey(target.quarter)}`,
    scope: target.scope.key,
    quarter: quarterKey(target.quarter),
    async run() {
      inputs ??= preparePackInputs(connection, options.warehouseLabel);
      printer ??= PackPrinter.launch(options.render?.chromium);
      // Awaited together: a rejection of either must be handled while the other is still pending,
      // or Node ends the process on an unhandled rejection (a warehouse failing its data tests did).
      const [shared, sharedPrinter] = await Promise.all([inputs, printer]);
      const result = await publishPack(connection, {
        scope: target.scope,
        quarter: target.quarter,
        dir: target.dir,
        warehouseLabel: options.warehouseLabel,
        inputs: shared,
        printer: sharedPrinter,
        ...(options.publication ? { publication: options.publication } : {}),
        render: options.render,
        evidence: options.evidence,
      });
      return {
        packDir: target.dir,
        detail: message.packDetail(
          target.dir,
          result.content.sections.length,
          result.content.charts.length,
          result.content.tables.length,
        ),
      };
    },
  }));
  return {
    units,
    nothingToDo: message.packsAllPresent(describeQuarters(quarters), options.scopes.length),
    async finish() {
      // A launch that failed has already failed its units; there is nothing to close.
      await (await printer?.catch(() => undefined))?.close();
    },
  };
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
        (await dataAsOf(context.connection)) ?? null,
      );
      const targets = await missingPacks(options.ledger, options.root, quarters, options.scopes);
      return packPlan(context.connection, options, targets, quarters);
    },
  };
}
