/**
 * What ingest accepts, every model can read (issue 14, item 1). JSON.parse
 * accepts a lone UTF-16 surrogate escape ("\udfff") that DuckDB's JSON reader
 * rejects, so one such event once stopped every later `ohwb transform`. Now
 * such text, NUL and other control characters are dead-lettered at the door,
 * and a full transform over the same warehouse succeeds.
 */
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../../core/project-root.js";
import { cliPath } from "./ingest-process.js";
import { queryWarehouse, TEST_KEY, tempWarehousePath } from "./warehouse-fixture.js";

function ohwb(args: string[]) {
  const result = spawnSync(process.execPath, [cliPath(), ...args], {
    env: { ...process.env, OHWB_PSEUDONYM_KEY: TEST_KEY, KAFKA_BROKERS: "" },
    encoding: "utf8",
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const validCost = readFileSync(
  join(projectRoot(), "contracts/examples/ohwb.service.cost.v1/valid.json"),
  "utf8",
);
const description = "OH clinical staff pay, March 2024";

/** The valid example's line with its description (as raw JSON string content) and event id replaced. */
function costLine(index: number, descriptionJson: string): string {
  const line = JSON.stringify(JSON.parse(validCost)).replace(/"event_id":"[^"]+"/, () => {
    return `"event_id":"00000000-0000-4000-8000-${String(index).padStart(12, "0")}"`;
  });
  return line.replace(JSON.stringify(description), `"${descriptionJson}"`);
}

describe("text the warehouse cannot read stops at the door", () => {
  it("dead-letters lone surrogates, NUL, out-of-range numbers and impossible dates; a full transform still runs", async () => {
    const { path, cleanup } = tempWarehousePath("unreadable-text");
    try {
      const hostile = ["Leeds \\udfff", "\\ud800 trust", "pay \\u0000 March", "pay \\u001b[31m"];
      // Siblings DuckDB could not cast: a number past DOUBLE's range and dates outside DATE's calendar.
      const valid = costLine(30, description);
      const outOfRange = [
        valid.replace(/"cost_gbp":[^,]+/, '"cost_gbp":1e309'),
        valid.replace(/"cost_gbp":[^,]+/, '"cost_gbp":-0.5'),
        valid.replace(/"period_start":"[^"]+"/, '"period_start":"0000-01-01"'),
        valid.replace(/"period_end":"[^"]+"/, '"period_end":"2024-02-30"'),
        valid.replace(/"occurred_at":"[^"]+"/, '"occurred_at":"2024-03-04T25:00:00Z"'),
      ].map((line, i) => line.replace(/8000-0000000000\d\d"/, `8000-${String(40 + i).padStart(12, "0")}"`));
      const lines = [
        costLine(1, description),
        costLine(2, "Leeds \\ud83d\\ude00 Trust"),
        ...hostile.map((text, i) => costLine(10 + i, text)),
        ...outOfRange,
      ];
      const file = join(dirname(path), "costs.ndjson");
      writeFileSync(file, `${lines.join("\n")}\n`);
      const ingest = ohwb(["ingest", "--create", "--warehouse", path, "--from-file", file]);
      expect(ingest.code, ingest.stderr).toBe(0);

      const dead = await queryWarehouse(path, 'SELECT reason, issues FROM dead_letter ORDER BY "offset"');
      expect(dead).toHaveLength(hostile.length + outOfRange.length);
      for (const [reason, issues] of dead.slice(0, hostile.length)) {
        expect(reason).toBe("VALIDATION_FAILED");
        expect(String(issues)).toContain("payload.description");
      }
      for (const [reason] of dead.slice(hostile.length))
        expect(["VALIDATION_FAILED", "NOT_JSON"]).toContain(reason);

      // Every model builds (before the fix, DuckDB's JSON parser stopped the build). With only these
      // events the freshness test fails and holds the snapshot back (exit 1); that is the gate, not this.
      const transform = ohwb(["transform", "--warehouse", path, "--full"]);
      expect(transform.stderr).toMatch(/built \d+ models/);
      expect(transform.stderr).not.toMatch(/Malformed|surrogate|Invalid Input Error/i);
      expect(transform.stderr).toMatch(/1 of \d+ data tests FAILED/);
      const loaded = await queryWarehouse(
        path,
        "SELECT count(*) FROM raw_ohwb_service_cost WHERE payload->>'description' IS NOT NULL",
      );
      expect(Number(loaded[0]?.[0])).toBe(2);
    } finally {
      cleanup();
    }
  }, 180_000); // ingest and a full transform, as separate processes: slow on a loaded machine
});
