/**
 * Issue 17: the `<topic>.dlq` mirror used to swallow its send errors. A mirror topic the broker
 * refuses every batch on (max.message.bytes 1, so Kafka answers MESSAGE_TOO_LARGE) must not stop or
 * fail the ingest, and must not lose a dead letter: every refused message is still in dead_letter,
 * and the run says how many it could not mirror, on stderr and in `--json`.
 */
import type { Message } from "kafkajs";
import { describe, expect, it } from "vitest";
import { runCli } from "../config/cli-run.js";
import { createTestTopic, testBrokers, testKafka } from "../support/kafka.js";
import { immunisationEvent } from "./event-factory.js";
import { topicIngestArgs } from "./ingest-process.js";
import { produceAll } from "./produce.js";
import { queryWarehouse, TEST_KEY, tempWarehousePath } from "./warehouse-fixture.js";

describe("the .dlq mirror when the broker refuses it", () => {
  it("keeps every dead letter, exits 0, and counts and reports what it could not mirror", async () => {
    const kafka = await testKafka("ingest-dlq-refused");
    const topic = await createTestTopic(kafka, 1, "ingest-dlq-refused");
    // Created before the ingest, so its own creation of the mirror topic leaves this one as it is.
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      topics: [
        {
          topic: `${topic}.dlq`,
          numPartitions: 1,
          configEntries: [{ name: "max.message.bytes", value: "1" }],
        },
      ],
      waitForLeaders: true,
    });
    const messages: Message[] = [];
    for (let n = 0; n < 6; n++) {
      const e = immunisationEvent(topic, n);
      messages.push({ key: e.key, value: JSON.stringify(e.event) });
      if (n % 2 === 0) messages.push({ key: `bad-${n}`, value: `{"not": "an event" ${n}` });
    }
    await produceAll(kafka, topic, messages, 3);

    const { path, cleanup } = tempWarehousePath("dlq-refused");
    try {
      const run = runCli(
        ["ingest", "--create", ...topicIngestArgs(path, topic, 2), "--dlq-topic", "--json"],
        {
          env: { KAFKA_BROKERS: testBrokers().join(","), OHWB_PSEUDONYM_KEY: TEST_KEY },
        },
      );
      expect(run.code, run.stderr).toBe(0);
      const totals = JSON.parse(run.stdout) as {
        loaded: number;
        deadLetters: number;
        dlqMirrorFailures: number;
      };
      expect(totals).toMatchObject({ loaded: 6, deadLetters: 3, dlqMirrorFailures: 3 });
      expect(run.stderr).toMatch(/could not mirror \d+ dead letter\(s\) to <topic>\.dlq/);
      expect(run.stderr).toContain("not mirrored to .dlq 3");

      const kept = await queryWarehouse(path, "SELECT count(*)::INTEGER FROM dead_letter");
      expect(kept[0]?.[0]).toBe(3);
      const mirrored = await admin.fetchTopicOffsets(`${topic}.dlq`);
      expect(mirrored.reduce((sum, o) => sum + Number(o.high), 0)).toBe(0);
    } finally {
      await admin.disconnect();
      cleanup();
    }
  }, 90_000);
});
