/**
 * `ohwb schedule`: the refresh and pack jobs on their node-cron schedules (jobs/schedule/), with
 * a run ledger in the warehouse, no overlapping runs, and catch-up of missing packs on start.
 */

import { resolvePseudonymKey } from "../../ingest/pseudonymise.js";
import { scheduleMessages as message } from "../../jobs/job-messages.js";
import { schedulerFromConfig } from "../../jobs/schedule/schedule-from-config.js";
import { openScheduleWarehouse } from "../../jobs/schedule/schedule-warehouse.js";
import { log } from "../cli-log.js";
import type { Command } from "../command.js";
import { commandConfig, configOption } from "../command-config.js";
import { defineCommand } from "../define-command.js";
import { topicsOption } from "../topics-option.js";
import { createOption, refuseMissingWarehouse } from "../warehouse-create-option.js";

export const scheduleCommand: Command = defineCommand({
  name: "schedule",
  description: `Runs two jobs with node-cron, as the configuration's \`schedule\` section says:
  refresh  (schedule.refresh: cron, default every 15 minutes)
           ingest from Kafka until idle for schedule.refresh.idleSeconds (at most
           10 minutes a run; the next run carries on where it stopped) → incremental
           transform → data tests → publish the analyst snapshot. Failing data tests are
           logged and recorded, not fatal: the pack job's publish gate refuses packs.
  packs    (schedule.packs: cron, default 06:00 on the 3rd of Jan/Apr/Jul/Oct)
           the evidence pack of every scope in schedule.packs.scopes for the last
           complete calendar quarter, into <outputs.packs>/<YYYY-Qn>/<scope>/ (scope with
           ":" as "-", e.g. out/packs/2025-Q1/region-Y60/), unless it is already there.
Cron expressions have 5 fields, or 6 with seconds first; they are read in
schedule.timezone (default Europe/London).

On start, catch-up builds every missing pack from schedule.packs.catchUpFrom (default:
the last complete quarter only) up to the last complete quarter, oldest first. A pack
is missing when its manifest.json is absent or the ledger has no successful run for it.

No overlapping runs: a job still running (or waiting for the warehouse) when its next
tick comes is not started again, and the tick is recorded as skipped. The two jobs
never use the warehouse at the same time: they run one after the other through one
queue. The scheduler keeps the warehouse open while it runs (it is the writer), so do
not run \`ohwb ingest\` or \`ohwb transform\` on the same file alongside it; analysts
read the snapshot the refresh publishes.

Every run is a row of the warehouse table schedule_runs: job, trigger (schedule,
catch-up, once), scheduled_for, started_at, finished_at, status (running, succeeded,
failed, skipped), detail, error, events loaded, dead letters, transform mode, data
tests passed/failed, and for packs the scope, quarter and directory. A run left
'running' by a killed process is marked failed (interrupted) on the next start.`,
  options: {
    warehouse: {
      type: "string",
      value: "FILE",
      help: `the DuckDB warehouse (default: the config's \`warehouse\`, $OHWB_WAREHOUSE)`,
    },
    ...createOption,
    once: {
      type: "boolean",
      help: `run catch-up, then each enabled job once, and exit (for hosts without a long-running process: call it from cron or a timer); exit status 1 when any run failed`,
    },
    "no-catch-up": { type: "boolean", help: `do not build missing packs on start` },
    topics: {
      type: "string",
      value: "a,b",
      help: `topics the refresh consumes (default: every contract topic)`,
    },
    json: { type: "boolean", help: `also print each finished ledger row as one JSON line on stdout` },
    ...configOption,
  },
  after: `Logs go to stderr: one line when a run starts and one when it finishes, with its
duration. Without --once the process runs until SIGINT or SIGTERM, which stops the
ticks, lets the running job finish (ingest stops consuming and commits), and exits 0.

Environment: OHWB_PSEUDONYM_KEY (or the config's pseudonymKeyFile) when the refresh job
is enabled; KAFKA_BROKERS, OHWB_WAREHOUSE and the other overrides of ohwb.config.json.`,
  async run({ values }) {
    const config = commandConfig(values.config);
    const warehousePath = values.warehouse ?? config.warehouse;
    const topics = topicsOption(values.topics);
    const note = (line: string) => log.info(line);
    // Refuse before touching the warehouse: no key, no refresh.
    const pseudonymKey = config.schedule.refresh.enabled
      ? resolvePseudonymKey(false, { keyFile: config.pseudonymKeyFile }).key
      : undefined;

    refuseMissingWarehouse(warehousePath, "ohwb schedule", values.create);
    const warehouse = await openScheduleWarehouse(warehousePath);
    try {
      const scheduler = schedulerFromConfig({
        config,
        warehouse,
        topics,
        pseudonymKey,
        catchUp: !values["no-catch-up"],
        log: note,
        onRecorded: values.json ? (row) => process.stdout.write(`${JSON.stringify(row)}\n`) : undefined,
      });
      if (values.once) {
        await scheduler.runOnce();
        if (scheduler.counts.failed > 0) {
          note(message.scheduleOnceFailed(scheduler.counts.failed));
          return 1;
        }
        return 0;
      }

      let stopping: Promise<void> | undefined;
      const stopRequested = new Promise<void>((resolve) => {
        const onSignal = (signal: string) => {
          if (stopping) return;
          note(message.scheduleStopping(signal));
          stopping = scheduler.stop();
          process.off("SIGINT", onSignal);
          process.off("SIGTERM", onSignal);
          resolve();
        };
        process.on("SIGINT", onSignal);
        process.on("SIGTERM", onSignal);
      });
      await scheduler.start();
      if (!stopping)
        note(message.scheduleStarted(warehousePath, config.schedule.timezone, scheduler.nextRuns()));
      await stopRequested;
      await stopping;
      note(
        message.scheduleStopped(
          scheduler.counts.succeeded + scheduler.counts.failed,
          scheduler.counts.failed,
        ),
      );
      return 0;
    } finally {
      warehouse.close();
    }
  },
});
