/**
 * Issue 4 reliability (a): kill -9 the real `ohwb ingest` process at random
 * moments while it loads ≥ 50,000 events, restart it each time, then let it
 * drain. The warehouse must hold exactly the valid events (same ids, none
 * twice) and exactly the invalid ones in dead_letter.
 */
import { describe, expect, it } from "vitest";
import { createTestTopic, testBrokers, testKafka } from "../support/kafka.js";
import { spawnIngest } from "./ingest-process.js";
import { mixedStream } from "./mixed-stream.js";
import { produceAll } from "./produce.js";
import { queryWarehouse, tempWarehousePath } from "./warehouse-fixture.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("ingest survives kill -9", () => {
  it("ends with every valid event exactly once and every invalid one dead-lettered once", async () => {
    const kafka = await testKafka("ingest-kill");
    // 52k × ~430 B ≈ 22 MB: 8 partitions keep each under the mock broker's ~5 MiB retention.
    const topic = await createTestTopic(kafka, 8, "ingest-kill");
    const stream = mixedStream(topic, 52_000);
    const { path, cleanup } = tempWarehousePath("kill");
    const brokers = testBrokers().join(",");
    const args = ["--warehouse", path, "--topics", topic, "--group", `g-${topic}`];
    const kills = 6;
    try {
      // Everything is produced first; each process is killed after a random amount of progress,
      // small enough that the stream outlasts all six processes (the final run must still load).
      await produceAll(kafka, topic, stream.messages);
      const killLog: string[] = [];
      for (let k = 0; k < kills; k++) {
        const proc = spawnIngest(brokers, args, { OHWB_INGEST_FLUSH_MESSAGES: "1000" });
        const target = 500 + Math.floor(Math.random() * 4_500);
        await Promise.race([proc.loadedAtLeast(target), proc.exited, sleep(30_000)]);
        await sleep(Math.floor(Math.random() * 100));
        proc.child.kill("SIGKILL");
        const code = await proc.exited;
        killLog.push(
          `kill ${k + 1}: ${(proc.stderr().match(/loaded \d+/g) ?? []).at(-1) ?? "loaded 0"} (target ${target})`,
        );
        expect(code, proc.stderr()).toBeNull(); // killed, not exited on its own
      }
      const last = spawnIngest(brokers, [...args, "--until-idle", "2"]);
      const code = await last.exitWithin(120_000);
      expect(code, last.stderr()).toBe(0);
      const finalLine =
        last
          .stderr()
          .split("\n")
          .find((l) => l.includes("done:")) ?? "";
      console.info(`${killLog.join("\n")}\nfinal run: ${finalLine}`);
      // The kills landed mid-stream: the final run still had events to load.
      expect(Number(/loaded (\d+)/.exec(finalLine)?.[1] ?? 0)).toBeGreaterThan(0);

      const ids = (await queryWarehouse(path, "SELECT event_id FROM ingested_events")).map((r) =>
        String(r[0]),
      );
      expect(ids.length).toBe(stream.validIds.size);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.every((id) => stream.validIds.has(id))).toBe(true);
      const [[dead, distinctDead]] = (await queryWarehouse(
        path,
        `SELECT count(*), count(DISTINCT ("partition", "offset")) FROM dead_letter`,
      )) as [[bigint, bigint]];
      expect(Number(dead)).toBe(stream.deadLetters);
      expect(Number(distinctDead)).toBe(stream.deadLetters);
      const [[offsetSum]] = (await queryWarehouse(
        path,
        `SELECT sum(next_offset) FROM ingest_offsets WHERE topic = '${topic}'`,
      )) as [[bigint]];
      expect(Number(offsetSum)).toBe(stream.messages.length);
    } finally {
      cleanup();
    }
  }, 240_000);
});
