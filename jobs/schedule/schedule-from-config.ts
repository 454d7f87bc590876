/**
 * Builds the scheduler `ohwb schedule` runs from the configuration's `schedule` section (core/config.ts):
 * the refresh job when `schedule.refresh.enabled`, the packs job and its catch-up on start when
 * `schedule.packs.enabled`, all in `schedule.timezone`.
 */
import { basename } from "node:path";
import { evidenceSettings, type OhwbConfig } from "../../core/config.js";
import { ConfigError } from "../../core/errors.js";
import { parseScope } from "../../dashboards/pack/pack-scope.js";
import { kafkaSecurity } from "../../kafka/security.js";
import { scheduleMessages as message } from "../job-messages.js";
import type { LedgerRow } from "./run-ledger.js";
import { Scheduler } from "./run-scheduler.js";
import { packCatchUpJob, packsJob, refreshJob } from "./schedule-jobs.js";
import { lastCompleteQuarter } from "./schedule-quarters.js";
import type { ScheduleWarehouse } from "./schedule-warehouse.js";
import type { Job, ScheduledJob } from "./scheduled-job.js";

export interface ScheduleSetup {
  config: OhwbConfig;
  warehouse: ScheduleWarehouse;
  /** Topics the refresh job consumes. */
  topics: string[];
  /** Required when the refresh job is enabled. */
  pseudonymKey?: string;
  /** Build missing packs on start (default true). */
  catchUp?: boolean;
  /** The clock for which quarter is complete (tests). */
  now?: () => Date;
  log?: (line: string) => void;
  onRecorded?: (row: LedgerRow) => void;
}

export function schedulerFromConfig(setup: ScheduleSetup): Scheduler {
  const { config, warehouse } = setup;
  const { schedule } = config;
  // Fail on a bad time zone at start, not at the first pack tick.
  lastCompleteQuarter(new Date(), schedule.timezone);
  const jobs: ScheduledJob[] = [];
  const startup: Job[] = [];
  if (schedule.refresh.enabled) {
    if (!setup.pseudonymKey) throw new ConfigError(message.scheduleRefreshNeedsKey());
    jobs.push(
      refreshJob({
        cron: schedule.refresh.cron,
        warehousePath: warehouse.path,
        brokers: config.kafka.brokers,
        clientId: `${config.kafka.clientId}-schedule`,
        security: kafkaSecurity(config.kafka),
        topics: setup.topics,
        groupId: config.kafka.groupId,
        idleSeconds: schedule.refresh.idleSeconds,
        pseudonymKey: setup.pseudonymKey,
        ingest: { ...config.ingest, consumer: config.kafka.consumer },
      }),
    );
  }
  if (schedule.packs.enabled) {
    const options = {
      cron: schedule.packs.cron,
      root: config.outputs.packs,
      scopes: schedule.packs.scopes.map(parseScope),
      timezone: schedule.timezone,
      warehouseLabel: basename(warehouse.path),
      ledger: warehouse.ledger,
      now: setup.now,
      publication: config.publication,
      render: config.render,
      evidence: evidenceSettings(config),
    };
    jobs.push(packsJob(options));
    if (setup.catchUp ?? true)
      startup.push(packCatchUpJob({ ...options, catchUpFrom: schedule.packs.catchUpFrom }));
  }
  if (jobs.length === 0) throw new ConfigError(message.scheduleNothingEnabled());
  return new Scheduler({
    connection: warehouse.connection,
    ledger: warehouse.ledger,
    jobs,
    startup,
    timezone: schedule.timezone,
    log: setup.log,
    onRecorded: setup.onRecorded,
  });
}
