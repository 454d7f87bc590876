/** The reliability tests' verdict: the warehouse holds every valid event of a mixed stream once, and every invalid one in dead_letter. */
import { expect } from "vitest";
import type { MixedStream } from "./mixed-stream.js";
import { queryWarehouse } from "./warehouse-fixture.js";

export async function expectExactlyOnce(warehouse: string, stream: MixedStream): Promise<void> {
  const ids = (await queryWarehouse(warehouse, "SELECT event_id FROM ingested_events")).map((r) =>
    String(r[0]),
  );
  expect(ids.length).toBe(stream.validIds.size);
  expect(new Set(ids).size).toBe(ids.length);
  expect(ids.every((id) => stream.validIds.has(id))).toBe(true);
  const [[dead, distinctDead]] = (await queryWarehouse(
    warehouse,
    `SELECT count(*), count(DISTINCT ("partition", "offset")) FROM dead_letter`,
  )) as [[bigint, bigint]];
  expect(Number(dead)).toBe(stream.deadLetters);
  expect(Number(distinctDead)).toBe(stream.deadLetters);
}

/** An ingest's stderr without its progress lines: what it said about reconnecting, and its summary. */
export function ingestNotes(stderr: string): string {
  return stderr
    .split("\n")
    .filter((l) => !l.includes("loaded") || l.includes("done"))
    .join("\n");
}
