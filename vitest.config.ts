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
    // the longest files first, so both workers end together (tests/support/file-seconds.json)
    sequence: { sequencer: SlowestFirstSequencer },
  },
});
