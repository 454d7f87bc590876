/**
 * Issues 4 and 13 reliability: kill -9 the real `ohwb ingest` process 20 times
 * at random moments (while it joins, mid-load, between batches) while it loads
 * ≥ 100,000 events from the real broker, restart it each time, then let it
 * drain. The warehouse must hold exactly the valid events (same ids, none
 * twice) and exactly the invalid ones in dead_letter.
 */
import { describe, expect, it } from "vitest";
import { createTestTopic, testBrokers, testKafka } from "../support/kafka.js";
import { expectExactlyOnce } from "./exactly-once.js";
import { spawnIngest } from "./ingest-process.js";
import { mixedStream } from "./mixed-stream.js";
import { produceAll } from "./produce.js";
import { queryWarehouse, tempWarehousePath } from "./warehouse-fixture.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("ingest survives kill -9", () => {
  it("ends with every valid event exactly once and every invalid one dead-lettered once", async () => {
    const kafka = await testKafka("ingest-kill");
    const topic = await createTestTopic(kafka, 8, "ingest-kill");
    const stream = mixedStream(topic, 100_000);
    const { path, cleanup } = tempWarehousePath("kill");
    const brokers = testBrokers().join(",");
    // A fresh group per process: a killed member would hold its partitions until its session
    // times out (6 s × 20 kills); the warehouse's offsets, not the group's, say where to resume.
    // The final run reuses the last killed process's group, so that path is covered once.
    const args = (run: number) => ["--warehouse", path, "--topics", topic, "--group", `g-${topic}-${run}`];
    const kills = 20;
    try {
      // Everything is produced first; each process is killed after a random amount of progress
      // (one in five before it loads anything), small enough that the stream outlasts all twenty
      // processes (the final run must still load).
      await produceAll(kafka, topic, stream.messages);
      const killLog: string[] = [];
      for (let k = 0; k < kills; k++) {
        const proc = spawnIngest(brokers, args(k), { OHWB_INGEST_FLUSH_MESSAGES: "1000" });
        const early = Math.random() < 0.2;
        const target = early ? 0 : 300 + Math.floor(Math.random() * 3_700);
        // "early": killed while it starts up or joins the group; ingest is fast enough now to load
        // thousands of events within a couple of seconds of starting.
        if (early) await Promise.race([sleep(100 + Math.random() * 500), proc.exited]);
        else await Promise.race([proc.loadedAtLeast(target), proc.exited, sleep(30_000)]);
        await sleep(Math.floor(Math.random() * 100));
        proc.child.kill("SIGKILL");
        const code = await proc.exited;
        killLog.push(
          `kill ${k + 1}: ${(proc.stderr().match(/loaded \d+/g) ?? []).at(-1) ?? "loaded 0"} (target ${target})`,
        );
        expect(code, proc.stderr()).toBeNull(); // killed, not exited on its own
      }
      const last = spawnIngest(brokers, [...args(kills - 1), "--until-idle", "2"]);
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

      await expectExactlyOnce(path, stream);
      const [[offsetSum]] = (await queryWarehouse(
        path,
        `SELECT sum(next_offset) FROM ingest_offsets WHERE topic = '${topic}'`,
      )) as [[bigint]];
      expect(Number(offsetSum)).toBe(stream.messages.length);
    } finally {
      cleanup();
    }
  }, 400_000);
});
