/**
 * `ohwb broker`: runs the local Apache Kafka broker (KRaft, one or three nodes)
 * in the foreground, prints its address, and with --roundtrip proves a
 * produce/consume cycle through it.
 */
import { UsageError } from "../../core/errors.js";
import { createKafka } from "../../kafka/client.js";
import { kafkaMessages } from "../../kafka/kafka-messages.js";
import { localBrokerSettings, startLocalKafka } from "../../kafka/local-broker/local-kafka.js";
import { ensureTopics } from "../../kafka/topics.js";
import { log } from "../cli-log.js";
import type { Command } from "../command.js";
import { commandConfig, configOption } from "../command-config.js";
import { defineCommand } from "../define-command.js";

export const brokerCommand: Command = defineCommand({
  name: "broker",
  description: `Starts Apache Kafka in KRaft mode (each node a broker and controller in one
JVM, heap 512 MB) on free loopback ports, waits until it serves metadata and
prints the bootstrap address (use it as KAFKA_BROKERS) on stdout. Runs until
Ctrl-C or SIGTERM, then shuts down cleanly.`,
  options: {
    brokers: {
      type: "string",
      value: "N",
      help: `nodes, 1 or 3; three replicate every topic 3 times with min.insync.replicas 2`,
      default: "1",
    },
    data: {
      type: "string",
      value: "DIR",
      help: `keep the log in DIR, so topics and messages survive a restart (default: a temporary folder, deleted on exit)`,
    },
    roundtrip: { type: "boolean", help: `produce and consume 1,000 messages through it, report, and exit` },
    json: {
      type: "boolean",
      help: "print the broker (bootstrap, version, nodes, data directory) and, with --roundtrip, its result as JSON on stdout",
    },
    ...configOption,
  },
  after: `Settings (configuration file, or their environment overrides): localBroker.kafkaVersion
(OHWB_KAFKA_VERSION) runs another Kafka version whose jars scripts/bootstrap.sh fetched
(default: kafka/pom.xml's); localBroker.jvmOptions (OHWB_KAFKA_JVM_OPTS) adds JVM flags.`,
  async run({ values }) {
    const settings = localBrokerSettings(commandConfig(values.config).localBroker);
    if (values.brokers !== "1" && values.brokers !== "3")
      throw new UsageError(kafkaMessages.localBrokerNodeCount(values.brokers ?? ""));
    const nodes = Number(values.brokers);
    log.info(kafkaMessages.localBrokerStarting(settings.version ?? "", nodes));
    const broker = await startLocalKafka({ brokers: nodes, dataDir: values.data, ...settings });
    log.info(
      kafkaMessages.localBrokerUp(
        broker.bootstrap,
        broker.startMs,
        broker.dataDir,
        values.data !== undefined,
      ),
    );
    const about = { bootstrap: broker.bootstrap, version: broker.version, nodes, dataDir: broker.dataDir };
    if (!values.json) process.stdout.write(`${broker.bootstrap}\n`);
    else if (!values.roundtrip) process.stdout.write(`${JSON.stringify(about)}\n`);
    if (!values.roundtrip) {
      await new Promise<void>((resolve) => {
        process.once("SIGINT", resolve);
        process.once("SIGTERM", resolve);
      });
      log.info(kafkaMessages.localBrokerStopping());
      await broker.stop();
      return 0;
    }
    try {
      const topic = `ohwb.roundtrip.${Date.now()}`;
      const kafka = createKafka(broker.brokers, "ohwb-roundtrip");
      await ensureTopics(kafka, [{ name: topic, partitions: 3 }]);
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
        values.json
          ? `${JSON.stringify({ ...about, roundtrip: { produced: count, consumed: seen.size, milliseconds: ms } }, null, 2)}\n`
          : `round trip ok: ${seen.size} of ${count} messages produced and consumed in ${ms} ms\n`,
      );
      return 0;
    } finally {
      await broker.stop();
    }
  },
});
