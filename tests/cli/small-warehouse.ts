/**
 * A small warehouse made the way a user makes one, through the built CLI:
 * `ohwb generate` to a file, then `ohwb ingest --from-file` (one organisation,
 * a few months, so each test file builds its own in seconds).
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type CliResult, runCli } from "../config/cli-run.js";

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
export function smallWarehouse(start = "2024-04", months = 4): SmallWarehouse {
  const dir = mkdtempSync(join(tmpdir(), "ohwb-cli-"));
  const events = join(dir, "events.ndjson");
  const warehouse = join(dir, "w.duckdb");
  ok(
    runCli([
      "generate",
      "--to",
      events,
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
    runCli(["ingest", "--create", "--from-file", events, "--warehouse", warehouse], { env: testKeyEnv }),
    "ohwb ingest",
  );
  return { dir, warehouse, events };
}
