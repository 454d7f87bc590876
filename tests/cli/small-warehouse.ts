/**
 * A small warehouse made the way a user makes one, through the built CLI:
 * `ohwb generate` to a file, then `ohwb ingest --from-file` (one organisation,
 * a few months). Built once per test run for each (start, months) and copied for each caller
 * (tests/support/run-fixture-cache.ts), so each file still has its own to write to.
 */
import { join } from "node:path";
import { type CliResult, runCli } from "../config/cli-run.js";
import { copyFixture, runFixture } from "../support/run-fixture-cache.js";

export const testKeyEnv = { OHWB_PSEUDONYM_KEY: "cli-test-key-0123456789abcdef0123456789abcdef" };

export interface SmallWarehouse {
  dir: string;
  warehouse: string;
  events: string;
}

function ok(result: CliResult, what: string): void {
  if (result.code !== 0) throw new Error(`${what} exited ${result.code}: ${result.stderr}`);
}

/** Loaded landing tables, not yet transformed. Months run from `start` (YYYY-MM). */
export async function smallWarehouse(start = "2024-04", months = 4): Promise<SmallWarehouse> {
  const built = await runFixture(`small-cli-warehouse-${start}-${months}`, async (dir) => {
    ok(
      runCli([
        "generate",
        "--to",
        join(dir, "events.ndjson"),
        "--orgs",
        "1",
        "--months",
        String(months),
        "--start",
        start,
        "--quiet",
      ]),
      "ohwb generate",
    );
    ok(
      runCli(
        [
          "ingest",
          "--create",
          "--from-file",
          join(dir, "events.ndjson"),
          "--warehouse",
          join(dir, "w.duckdb"),
        ],
        { env: testKeyEnv },
      ),
      "ohwb ingest",
    );
  });
  const dir = copyFixture(built, "ohwb-cli-");
  return { dir, warehouse: join(dir, "w.duckdb"), events: join(dir, "events.ndjson") };
}
