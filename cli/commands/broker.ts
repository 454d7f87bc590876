/**
 * `ohwb broker`: runs the local mock Kafka broker in the foreground, prints its
 * address, and with --roundtrip proves a produce/consume cycle through it.
 */
import { parseArgs } from "node:util";
import { createKafka } from "../../ingest/kafka-client.js";
import { startLocalKafka } from "../../ingest/local-broker/local-kafka.js";
import type { Command } from "../command.js";
import { commandConfig, configOption, configUsage } from "../command-config.js";

export const brokerCommand: Command = {
  name: "broker",
  usage: `Usage: ohwb broker [--brokers N] [--roundtrip] [--config FILE]

Starts librdkafka's mock Kafka cluster on 127.0.0.1 and prints the address to
use as KAFKA_BROKERS. It runs until Ctrl-C.

Options:
  --brokers N    number of mock brokers (default 3)
  --roundtrip    produce and consume 1,000 messages through it, report, and exit
${configUsage(15)}
                 (validated; the local broker takes no settings from it)
  -h, --help     show this help`,
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      options: {
        brokers: { type: "string", default: "3" },
        roundtrip: { type: "boolean", default: false },
        ...configOption,
      },
    });
    commandConfig(values.config);
    const broker = await startLocalKafka({ brokers: Number(values.brokers) });
    process.stderr.write(
      `local Kafka broker up: KAFKA_BROKERS=${broker.bootstrap} (control port ${broker.controlPort})\n`,
    );
    if (!values.roundtrip) {
      await new Promise<void>((resolve) => {
        process.once("SIGINT", resolve);
        process.once("SIGTERM", resolve);
      });
      await broker.stop();
      return 0;
    }
    try {
      const topic = "ohwb.roundtrip";
      await broker.createTopic(topic, 3);
      const kafka = createKafka(broker.brokers, "ohwb-roundtrip");
      const count = 1_000;
      const started = performance.now();
      const producer = kafka.producer();
      await producer.connect();
      await producer.send({
        topic,
        messages: Array.from({ length: count }, (_, i) => ({
          key: String(i),
          value: JSON.stringify({ seq: i }),
        })),
      });
      await producer.disconnect();
      const consumer = kafka.consumer({
        groupId: "ohwb-roundtrip",
        sessionTimeout: 6_000,
        heartbeatInterval: 500,
      });
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      const seen = new Set<number>();
      await new Promise<void>((resolve) => {
        void consumer.run({
          eachMessage: async ({ message }) => {
            seen.add((JSON.parse(message.value?.toString("utf8") ?? "{}") as { seq: number }).seq);
            if (seen.size === count) resolve();
          },
        });
      });
      await consumer.disconnect();
      const ms = Math.round(performance.now() - started);
      process.stdout.write(
        `round trip ok: ${seen.size} of ${count} messages produced and consumed in ${ms} ms\n`,
      );
      return 0;
    } finally {
      await broker.stop();
    }
  },
};
