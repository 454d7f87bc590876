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
  it("dead-letters lone surrogates and NUL, loads the rest, and a full transform still runs", async () => {
    const { path, cleanup } = tempWarehousePath("unreadable-text");
    try {
      const hostile = ["Leeds \\udfff", "\\ud800 trust", "pay \\u0000 March", "pay \\u001b[31m"];
      const lines = [
        costLine(1, description),
        costLine(2, "Leeds \\ud83d\\ude00 Trust"),
        ...hostile.map((text, i) => costLine(10 + i, text)),
      ];
      const file = join(dirname(path), "costs.ndjson");
      writeFileSync(file, `${lines.join("\n")}\n`);
      const ingest = ohwb(["ingest", "--warehouse", path, "--from-file", file]);
      expect(ingest.code, ingest.stderr).toBe(0);

      const dead = await queryWarehouse(path, 'SELECT reason, issues FROM dead_letter ORDER BY "offset"');
      expect(dead).toHaveLength(hostile.length);
      for (const [reason, issues] of dead) {
        expect(reason).toBe("VALIDATION_FAILED");
        expect(String(issues)).toContain("payload.description");
      }

      const transform = ohwb(["transform", "--warehouse", path, "--full"]);
      expect(transform.code, transform.stderr).toBe(0);
      const loaded = await queryWarehouse(
        path,
        "SELECT count(*) FROM raw_ohwb_service_cost WHERE payload->>'description' IS NOT NULL",
      );
      expect(Number(loaded[0]?.[0])).toBe(2);
    } finally {
      cleanup();
    }
  }, 60_000);
});
