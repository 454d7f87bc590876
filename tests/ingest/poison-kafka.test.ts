/**
 * Issue 4 poison suite through Kafka: every reason code (including a payload
 * over 1 MiB) and the hostile set are dead-lettered while the valid events
 * around them load, and the `<topic>.dlq` mirror carries them for producers.
 */

import type { Message } from "kafkajs";
import { describe, expect, it } from "vitest";
import { DeadLetterQuarantine } from "../../ingest/dead-letter-quarantine.js";
import { createTestTopic, testBrokers, testKafka } from "../support/kafka.js";
import { hostileBytes, immunisationEvent, poisonBytes, poisonKinds } from "./event-factory.js";
import { spawnIngest, topicIngestArgs } from "./ingest-process.js";
import { produceAll } from "./produce.js";
import { queryWarehouse, TEST_KEY, tempWarehousePath } from "./warehouse-fixture.js";

describe("poison messages on Kafka", () => {
  it("dead-letters each poison kind and hostile input with its reason; neighbours load; .dlq mirrors", async () => {
    const kafka = await testKafka("ingest-poison");
    // a cluster that accepts the over-1-MiB poison message (Kafka's default limit is 1 MB)
    const topic = await createTestTopic(kafka, 2, "ingest-poison", {
      config: { "max.message.bytes": String(4 * 1024 * 1024) },
    });
    const messages: Message[] = [];
    const valid = new Set<string>();
    let n = 0;
    const addValid = () => {
      const e = immunisationEvent(topic, n++);
      valid.add(e.eventId);
      messages.push({ key: e.key, value: JSON.stringify(e.event) });
    };
    for (const kind of poisonKinds) {
      addValid();
      messages.push({ key: `poison-${kind}`, value: poisonBytes(kind, topic, n), headers: { kind } });
    }
    const hostile = hostileBytes(topic);
    for (const h of hostile) {
      addValid();
      messages.push({ key: "hostile", value: h.value, headers: { kind: h.name } });
    }
    addValid();
    await produceAll(kafka, topic, messages, 5);

    const { path, cleanup } = tempWarehousePath("poison");
    try {
      const proc = spawnIngest(testBrokers().join(","), [...topicIngestArgs(path, topic, 1), "--dlq-topic"]);
      expect(await proc.exitWithin(60_000), proc.stderr()).toBe(0);

      const ids = (await queryWarehouse(path, "SELECT event_id FROM ingested_events")).map((r) =>
        String(r[0]),
      );
      expect(ids.sort()).toEqual([...valid].sort());
      // Headers are sealed in the warehouse; the ingest's key opens them.
      const quarantine = DeadLetterQuarantine.fromPseudonymKey(TEST_KEY);
      const rows = (
        await queryWarehouse(
          path,
          `SELECT reason, headers_sealed, raw_size FROM dead_letter ORDER BY "partition", "offset"`,
        )
      ).map(([reason, headers, size]) => [
        reason,
        JSON.parse(quarantine.open("headers", headers as Uint8Array).toString("utf8")).kind,
        size,
      ]);
      expect(rows).toHaveLength(poisonKinds.length + hostile.length);
      const reasonOf = new Map(rows.map((r) => [String(r[1]), String(r[0])]));
      for (const kind of poisonKinds) expect(reasonOf.get(kind), kind).toBe(kind);
      for (const h of hostile)
        expect(reasonOf.get(h.name), h.name).toMatch(/VALIDATION_FAILED|NESTING_TOO_DEEP|NOT_JSON/);
      expect(rows.find((r) => r[0] === "PAYLOAD_TOO_LARGE")?.[2]).toBeGreaterThan(1024 * 1024);

      // The mirror topic carries one message per dead letter, with the reason in a header.
      const admin = kafka.admin();
      await admin.connect();
      const offsets = await admin.fetchTopicOffsets(`${topic}.dlq`);
      await admin.disconnect();
      const mirrored = offsets.reduce((s, o) => s + Number(o.high), 0);
      expect(mirrored).toBe(rows.length);
    } finally {
      cleanup();
    }
  }, 90_000);
});
