import { defineConfig } from "vitest/config";
import { SlowestFirstSequencer } from "./tests/support/slowest-first-sequencer.js";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    globalSetup: ["tests/support/global-setup.ts"],
    // Safety nets, not speed checks: a loaded 2-core machine runs the heavy suites several times slower.
    testTimeout: 300_000,
    hookTimeout: 300_000,
    // Broker tests share one local cluster; forks keep native DuckDB handles isolated.
    pool: "forks",
    // Two files at a time: most suites wait on a broker, a JVM or a child CLI, so two share the
    // 2-core machine well (one at a time took 684 s; the budget is 600 s).
    maxWorkers: 2,
    // Each worker keeps its loaded modules from one file to the next (DuckDB, vega, kafkajs load once
    // per worker, not per file): 9.5 min instead of 10 for the suite on an idle 2-core machine. Tests
    // restore what they change in process.env and on process.stdout.
    isolate: false,
    // the longest files first, so both workers end together (tests/support/file-seconds.json)
    sequence: { sequencer: SlowestFirstSequencer },
  },
});
