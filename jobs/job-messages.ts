/**
 * What jobs/ tells users: the build-and-publish gate, the refresh and the scheduler.
 * One catalogue per stage (as vega-lite keeps src/log/message.ts), so wording stays
 * consistent and each message says what to do next.
 */
export const jobMessages = {
  noDataAsOf: () =>
    "The warehouse has no data yet, so it has no as-of date of its own. " +
    "Load the feeds first (`ohwb ingest`, `ohwb import nhs-absence`), or pass --as-of YYYY-MM-DD.",
  asOfBeyondData: (asOf: string, ofData: string) =>
    `--as-of ${asOf} is after the latest month the data covers (${ofData}): months without FTE would show ` +
    `absence rates above 100%. Leave --as-of out to build as of ${ofData}, or add --force-as-of if you mean it.`,
  asOfChosen: (asOf: string, source: "data" | "given" | "last build") =>
    source === "data"
      ? `${asOf} (the latest month of the data)`
      : source === "last build"
        ? `${asOf} (the last build's)`
        : asOf,
  testFailed: (test: {
    name: string;
    description: string;
    severity: "warn" | "error";
    failingRows: number;
    error?: string;
  }) =>
    test.error
      ? `${test.severity === "error" ? "FAIL" : "WARN"} ${test.name}: could not run (${test.error}). Rebuild with \`ohwb transform --full\`; if it persists, the test's SQL needs fixing.`
      : `${test.severity === "error" ? "FAIL" : "WARN"} ${test.name}: ${test.failingRows} ${test.failingRows === 1 ? "row breaks" : "rows break"} the rule "${test.description}".`,
  testSampleRow: (row: Record<string, unknown>) =>
    `      ${Object.entries(row)
      .map(([column, value]) => `${column} = ${value === null ? "NULL" : String(value)}`)
      .join(", ")}`,
  gateHeld: (errors: number, snapshot: string) =>
    `${errors} data ${errors === 1 ? "test" : "tests"} failed, so the analyst snapshot was NOT republished: ${snapshot} still holds the last build that passed. ` +
    "Fix the source data (or the feed) and run `ohwb transform` again; `ohwb check` re-runs the tests alone.",
  snapshotHeld: (snapshot: string) => `not republished (${snapshot} keeps the last build that passed)`,
  earlierTestFailure: (test: string) =>
    `${test} (at an earlier build; not re-run, as --select leaves its models out)`,
  gateWarnings: (warnings: number) =>
    `${warnings} data ${warnings === 1 ? "test" : "tests"} warned (published anyway)`,
} as const;

// ── Schedule (ohwb schedule) ──────────────────────────────────────────────────
export const scheduleMessages = {
  scheduleBadCron: (job: string, cron: string) =>
    `schedule.${job}.cron "${cron}" is not a cron expression node-cron accepts (5 fields, or 6 with seconds first, e.g. "*/15 * * * *" or "0 6 3 1,4,7,10 *").`,
  scheduleBadTimezone: (timezone: string) =>
    `schedule.timezone "${timezone}" is not a time zone this Node.js knows (use an IANA name such as Europe/London or UTC).`,
  scheduleNothingEnabled: () =>
    "Nothing to schedule: schedule.refresh.enabled and schedule.packs.enabled are both false in the configuration.",
  scheduleRefreshNeedsKey: () =>
    "The refresh job ingests events, which needs the pseudonymisation key: set OHWB_PSEUDONYM_KEY, or pseudonymKeyFile in the configuration (or disable schedule.refresh).",
  scheduleStarted: (
    warehouse: string,
    timezone: string,
    jobs: readonly { name: string; cron: string; next: string }[],
  ) =>
    `schedule: holding ${warehouse}; ${jobs.map((j) => `${j.name} "${j.cron}" (next ${j.next})`).join(", ")}, in ${timezone}. Ctrl-C stops after the running job.`,
  scheduleStopping: (signal: string) =>
    `schedule: ${signal} received, finishing the running job, then stopping.`,
  scheduleStopped: (runs: number, failed: number) =>
    `schedule: stopped after ${runs} run${runs === 1 ? "" : "s"}${failed > 0 ? `, ${failed} failed` : ""}.`,
  scheduleOnceFailed: (failed: number) =>
    `schedule --once: ${failed} run${failed === 1 ? "" : "s"} failed; see the lines above and the schedule_runs table.`,
  scheduleInterrupted: (runs: number) =>
    `schedule: ${runs} run${runs === 1 ? "" : "s"} left 'running' by an earlier process marked failed (interrupted).`,
  interruptedError: () => "interrupted: the scheduler process ended before this run finished",
  runStarted: (job: string, label: string, trigger: string) =>
    `schedule: ${job} ${label} started (${trigger})`,
  runFinished: (job: string, label: string, status: string, seconds: number, detail: string) =>
    `schedule: ${job} ${label} ${status} in ${seconds.toFixed(1)} s${detail ? `: ${detail}` : ""}`,
  runSkipped: (job: string, scheduledFor: string, reason: string) =>
    `schedule: ${job} tick ${scheduledFor} skipped: ${reason}`,
  skippedStillRunning: () => "the previous run of this job was still running or waiting for the warehouse",
  skippedMissed: () => "missed (the process was busy when it was due)",
  skippedStopping: () => "the scheduler was stopping",
  refreshDetail: (r: {
    loaded: number;
    deadLetters: number;
    mode: string;
    models: number;
    testsPassed: number;
    failingTests: readonly string[];
    snapshot: string;
  }) =>
    `loaded ${r.loaded} event${r.loaded === 1 ? "" : "s"} (${r.deadLetters} dead letter${r.deadLetters === 1 ? "" : "s"}); ${r.mode} transform, ${r.models} models; data tests ${r.testsPassed} passed` +
    `${r.failingTests.length > 0 ? `, ${r.failingTests.length} FAILED (${r.failingTests.join(", ")}): packs will refuse to publish` : ""}; analyst snapshot ${r.snapshot}`,
  packDetail: (dir: string, sections: number, charts: number, tables: number) =>
    `${dir}: ${sections} sections, ${charts} charts, ${tables} data tables`,
  packsAllPresent: (quarters: string, scopes: number) =>
    `every pack is present for ${quarters} × ${scopes} scope${scopes === 1 ? "" : "s"}`,
} as const;
