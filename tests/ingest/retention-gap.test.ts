/**
 * Issue 13 item 5: retention deletes messages before ingest loads them. The next
 * ingest records the lost range in the warehouse, `ohwb status` shows it, and
 * ingest exits non-zero; with --accept-gaps it records the range as accepted and
 * loads what Kafka still holds. Real retention on the real broker: retention.ms
 * lowered until the broker's retention check (every 2 s on the local broker)
 * deletes the log, then put back.
 */
import { ConfigResourceTypes, type Kafka } from "kafkajs";
import { describe, expect, it } from "vitest";
import { runCli } from "../config/cli-run.js";
import { createTestTopic, testBrokers, testKafka } from "../support/kafka.js";
import { immunisationEvent } from "./event-factory.js";
import { spawnIngest, topicIngestArgs } from "./ingest-process.js";
import { produceAll } from "./produce.js";
import { queryWarehouse, TEST_KEY, tempWarehousePath } from "./warehouse-fixture.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function messages(topic: string, from: number, count: number) {
  return Array.from({ length: count }, (_, i) => {
    const e = immunisationEvent(topic, from + i);
    return { key: e.key, value: JSON.stringify(e.event) };
  });
}

async function setRetention(kafka: Kafka, topic: string, ms: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.alterConfigs({
      validateOnly: false,
      resources: [
        {
          type: ConfigResourceTypes.TOPIC,
          name: topic,
          configEntries: [{ name: "retention.ms", value: ms }],
        },
      ],
    });
  } finally {
    await admin.disconnect();
  }
}

async function offsets(kafka: Kafka, topic: string): Promise<{ low: bigint; high: bigint }> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const [p] = await admin.fetchTopicOffsets(topic);
    return { low: BigInt(p?.low ?? 0), high: BigInt(p?.high ?? 0) };
  } finally {
    await admin.disconnect();
  }
}

describe("retention deletes messages before they are loaded", () => {
  it("records the lost range, reports it in status, exits non-zero, and carries on with --accept-gaps", async () => {
    const kafka = await testKafka("ingest-retention");
    const topic = await createTestTopic(kafka, 1, "ingest-retention");
    const { path, cleanup } = tempWarehousePath("retention");
    try {
      const loadedFirst = 500;
      await produceAll(kafka, topic, messages(topic, 0, loadedFirst), 50);
      const first = spawnIngest(testBrokers().join(","), topicIngestArgs(path, topic, 1));
      expect(await first.exitWithin(90_000), first.stderr()).toBe(0);

      // 2,000 events nobody loads; retention deletes them (Kafka rolls and deletes the active
      // segment too once all of it is older than retention.ms) and is put back once it has
      const unloaded = 2_000;
      await produceAll(kafka, topic, messages(topic, loadedFirst, unloaded), 50);
      await setRetention(kafka, topic, "100");
      const deadline = Date.now() + 90_000;
      while ((await offsets(kafka, topic)).low < loadedFirst + unloaded && Date.now() < deadline)
        await sleep(500);
      await setRetention(kafka, topic, String(7 * 24 * 3_600_000));
      await sleep(2_500); // one more retention check: nothing else goes
      const now = await offsets(kafka, topic);
      expect(now.low, "retention deleted the unloaded events").toBeGreaterThanOrEqual(loadedFirst + unloaded);
      const lost = { from: BigInt(loadedFirst), to: now.low - 1n };
      // and events after the gap, which ingest loads once the gap is accepted
      const after = 100;
      await produceAll(kafka, topic, messages(topic, 10_000, after), 50);

      const refused = spawnIngest(testBrokers().join(","), topicIngestArgs(path, topic, 1));
      expect(await refused.exitWithin(90_000), refused.stderr()).toBe(1);
      expect(refused.stderr()).toContain(`${topic}/0 offsets ${lost.from}–${lost.to}`);
      expect(refused.stderr()).toContain("--accept-gaps");
      const gapRows = () =>
        queryWarehouse(path, `SELECT topic, "partition", from_offset, to_offset, accepted FROM ingest_gaps`);
      expect(await gapRows()).toEqual([[topic, 0, lost.from, lost.to, false]]);
      const [[stillLoaded]] = (await queryWarehouse(path, "SELECT count(*) FROM ingested_events")) as [
        [bigint],
      ];
      expect(Number(stillLoaded)).toBe(loadedFirst);

      const status = runCli(["status", "--warehouse", path, "--json"], {
        env: { KAFKA_BROKERS: testBrokers().join(",") },
      });
      expect(status.code, status.stderr).toBe(0);
      expect(JSON.parse(status.stdout).gaps).toEqual([
        expect.objectContaining({
          topic,
          partition: 0,
          from: String(lost.from),
          to: String(lost.to),
          accepted: false,
        }),
      ]);
      const text = runCli(["status", "--warehouse", path]);
      expect(text.stdout).toMatch(
        new RegExp(`GAP ${topic.replace(/\./g, "\\.")}\\[0\\] offsets ${lost.from}–${lost.to}`),
      );

      const accepted = spawnIngest(
        testBrokers().join(","),
        [...topicIngestArgs(path, topic, 1), "--accept-gaps"],
        {
          OHWB_PSEUDONYM_KEY: TEST_KEY,
        },
      );
      expect(await accepted.exitWithin(90_000), accepted.stderr()).toBe(0);
      expect(accepted.stderr()).toContain("accepted a gap");
      expect(await gapRows()).toEqual([[topic, 0, lost.from, lost.to, true]]);
      const [[total]] = (await queryWarehouse(path, "SELECT count(*) FROM ingested_events")) as [[bigint]];
      expect(BigInt(total)).toBe(BigInt(loadedFirst) + (now.high - now.low) + BigInt(after));
    } finally {
      cleanup();
    }
  }, 300_000);
});
