/** `ohwb ingest --on-invalid dead-letter|fail`: set invalid messages aside, or stop before loading their batch. */
import { appendFileSync, copyFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDuckDbFile } from "../../core/duckdb.js";
import { runCli } from "../config/cli-run.js";
import { type SmallWarehouse, smallWarehouse, testKeyEnv } from "./small-warehouse.js";

async function counts(path: string): Promise<{ events: number; deadLetters: number }> {
  const warehouse = await openDuckDbFile(path, { readOnly: true });
  try {
    const reader = await warehouse.connection.runAndReadAll(
      "SELECT (SELECT count(*) FROM event_index)::INTEGER AS events, (SELECT count(*) FROM dead_letter)::INTEGER AS dead",
    );
    const [row] = reader.getRowObjects();
    return { events: Number(row?.events), deadLetters: Number(row?.dead) };
  } finally {
    warehouse.close();
  }
}

describe("ohwb ingest --on-invalid", () => {
  let small: SmallWarehouse;
  afterAll(() => {
    if (small !== undefined) rmSync(small.dir, { recursive: true, force: true });
  });
  let file: string;
  beforeAll(async () => {
    small = await smallWarehouse("2024-04", 1);
    file = join(small.dir, "with-invalid.ndjson");
    copyFileSync(small.events, file);
    appendFileSync(file, "{not json\n");
  });

  it("fail: stops at the invalid message and loads nothing from its batch", async () => {
    const warehouse = join(small.dir, "strict.duckdb");
    const result = runCli(
      ["ingest", "--create", "--from-file", file, "--warehouse", warehouse, "--on-invalid", "fail"],
      {
        env: testKeyEnv,
      },
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("Stopped at an invalid message (NOT_JSON)");
    expect(await counts(warehouse)).toEqual({ events: 0, deadLetters: 0 });
  });

  it("dead-letter (the default): sets it aside and loads the rest", async () => {
    const warehouse = join(small.dir, "tolerant.duckdb");
    const result = runCli(["ingest", "--create", "--from-file", file, "--warehouse", warehouse], {
      env: testKeyEnv,
    });
    expect(result.code, result.stderr).toBe(0);
    const loaded = await counts(small.warehouse);
    expect(await counts(warehouse)).toEqual({ events: loaded.events, deadLetters: 1 });
  });

  it("refuses any other mode as a usage mistake", () => {
    const result = runCli(["ingest", "--create", "--from-file", file, "--on-invalid", "ignore"], {
      env: testKeyEnv,
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--on-invalid takes dead-letter or fail");
  });
});
