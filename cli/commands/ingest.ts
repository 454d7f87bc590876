/**
 * `ohwb ingest`: Kafka (or an NDJSON file) → contracts → pseudonymise → DuckDB
 * landing tables, exactly once. See ingest/kafka-ingest.ts for the guarantees.
 */
import { UsageError } from "../../core/errors.js";
import { checkIngestFile, runFileIngest } from "../../ingest/file-ingest.js";
import { ingestMessages } from "../../ingest/ingest-messages.js";
import { openIngestSession } from "../../ingest/ingest-session.js";
import { runKafkaIngest } from "../../ingest/kafka-ingest.js";
import { recordGap } from "../../ingest/offset-gaps.js";
import { type IngestProgress, ProgressPrinter } from "../../ingest/progress.js";
import { assertBrokerReachable } from "../../kafka/client.js";
import { log } from "../cli-log.js";
import type { Command } from "../command.js";
import { commandConfig, configOption, kafkaSecurity } from "../command-config.js";
import { defineCommand } from "../define-command.js";
import { topicsOption } from "../topics-option.js";
import { createOption, refuseMissingWarehouse } from "../warehouse-create-option.js";

/** Options that only a Kafka run reads; with --from-file they are refused rather than ignored. */
const KAFKA_ONLY_OPTIONS = ["group", "topics", "until-idle", "dlq-topic", "accept-gaps"] as const;

export const ingestCommand: Command = defineCommand({
  name: "ingest",
  description: `Consumes the contract topics with a Kafka consumer group, validates each event
against the contracts, pseudonymises staff identifiers (HMAC-SHA256 keyed by
OHWB_PSEUDONYM_KEY), and loads each batch into DuckDB in one transaction: valid
events into raw_<event type> tables, invalid ones into dead_letter, and the next
offset per partition into ingest_offsets. Offsets are committed to Kafka only
after that commit; the warehouse's offsets are the source of truth.`,
  options: {
    warehouse: {
      type: "string",
      value: "FILE",
      help: `DuckDB file (default: config \`warehouse\`, $OHWB_WAREHOUSE, ./ohwb.duckdb)`,
    },
    ...createOption,
    group: {
      type: "string",
      value: "ID",
      help: `consumer group id (default: config \`kafka.groupId\`, ohwb-ingest)`,
    },
    topics: {
      type: "string",
      value: "a,b",
      help: `topics to consume (default: every contract topic)`,
    },
    "from-file": {
      type: "string",
      value: "FILE",
      help: `load an .ndjson or .ndjson.gz file instead of Kafka (idempotent: a rerun loads nothing twice)`,
    },
    demo: {
      type: "boolean",
      help: `without OHWB_PSEUDONYM_KEY, generate a demo key and keep it outside the warehouse ($OHWB_PSEUDONYM_KEY_FILE, default ~/.config/ohwb/pseudonym-key, mode 0600)`,
    },
    "until-idle": { type: "string", value: "SECONDS", help: `exit 0 once caught up and idle that long` },
    "dlq-topic": { type: "boolean", help: `also mirror dead letters to <topic>.dlq` },
    "accept-gaps": {
      type: "boolean",
      help: `carry on when Kafka deleted messages (retention) before they were loaded; the lost ranges are recorded either way (ohwb status), and without this flag ingest stops with exit code 1`,
    },
    "on-invalid": {
      type: "string",
      value: "MODE",
      help: `dead-letter (default): set invalid messages aside in dead_letter and go on; fail: stop at the first one, loading nothing from its batch (as Kafka Connect's errors.tolerance all|none)`,
      default: "dead-letter",
    },
    "progress-interval": {
      type: "string",
      value: "S",
      help: `seconds between progress lines on stderr`,
      default: "5",
    },
    json: {
      type: "boolean",
      help: "print the run's totals (loaded, duplicates, dead letters by reason, .dlq mirror failures) as JSON on stdout",
    },
    ...configOption,
  },
  after: `Brokers come from the config's kafka.brokers (KAFKA_BROKERS overrides it).
Environment: KAFKA_BROKERS (host:port,...), OHWB_PSEUDONYM_KEY (≥ 32 chars; else
the config's pseudonymKeyFile / OHWB_PSEUDONYM_KEY_FILE).
SIGINT/SIGTERM finish the batch in flight, commit and exit 0.`,
  async run({ values }) {
    const config = commandConfig(values.config);
    const warehousePath = values.warehouse ?? config.warehouse;
    let untilIdleMs: number | undefined;
    if (values["from-file"] !== undefined) {
      // Kafka's options would be silently ignored by a file load: a mistake worth saying
      const kafkaOnly = KAFKA_ONLY_OPTIONS.filter(
        (name) => values[name] !== undefined && values[name] !== false,
      );
      if (kafkaOnly.length > 0) throw new UsageError(ingestMessages.ingestKafkaOnlyOptions(kafkaOnly));
    }
    if (values["until-idle"] !== undefined) {
      const seconds = Number(values["until-idle"]);
      if (values["until-idle"].trim() === "" || !Number.isFinite(seconds) || seconds < 0)
        throw new UsageError(ingestMessages.ingestUntilIdleInvalid(values["until-idle"]));
      untilIdleMs = seconds * 1000;
    }
    const onInvalid = values["on-invalid"];
    if (onInvalid !== "dead-letter" && onInvalid !== "fail")
      throw new UsageError(ingestMessages.ingestOnInvalidBad(String(onInvalid)));
    const progressSeconds = Number(values["progress-interval"]);
    if (!Number.isFinite(progressSeconds) || progressSeconds <= 0)
      throw new UsageError(ingestMessages.ingestProgressIntervalInvalid(String(values["progress-interval"])));
    const progressIntervalMs = Math.max(progressSeconds, 0.1) * 1000; // at most ten lines a second
    const printer = new ProgressPrinter(log);
    const controller = new AbortController();
    const onSignal = (signal: string) => {
      if (controller.signal.aborted) return;
      printer.message(ingestMessages.ingestStopping(signal));
      controller.abort();
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);

    // before the warehouse is made or opened: a mistyped input must not leave a new, empty warehouse behind
    if (values["from-file"]) checkIngestFile(values["from-file"]);
    refuseMissingWarehouse(warehousePath, "ohwb ingest", values.create);
    const session = await openIngestSession(warehousePath, values.demo, config.pseudonymKeyFile, {
      decodeWorkers: config.ingest.decodeWorkers,
    });
    if (session.key.created) printer.message(ingestMessages.ingestDemoKeyCreated(session.key.source));
    session.loader.onInvalid = onInvalid;
    const report = (progress: IngestProgress) => {
      if (values.json) process.stdout.write(`${JSON.stringify(progress, null, 2)}\n`);
      return 0;
    };
    try {
      if (values["from-file"]) {
        return report(
          await runFileIngest({
            path: values["from-file"],
            loader: session.loader,
            signal: controller.signal,
            printer,
            progressIntervalMs,
          }),
        );
      }
      const topics = topicsOption(values.topics);
      if (topics.length === 0) throw new UsageError(ingestMessages.ingestNoTopics());
      const brokers = config.kafka.brokers;
      await assertBrokerReachable(brokers);
      // its own connection: a gap found mid-batch must not join the loader's open transaction
      const gapConnection = await session.warehouse.instance.connect();
      try {
        return report(
          await runKafkaIngest({
            brokers,
            topics,
            groupId: values.group ?? config.kafka.groupId,
            clientId: `${config.kafka.clientId}-ingest`,
            security: kafkaSecurity(config.kafka),
            loader: session.loader,
            untilIdleMs,
            dlq: values["dlq-topic"],
            consumer: config.kafka.consumer,
            flushMessages: config.ingest.flushMessages,
            progressIntervalMs,
            signal: controller.signal,
            printer,
            gaps: {
              accept: values["accept-gaps"],
              record: (gap, accepted) => recordGap(gapConnection, gap, accepted),
            },
          }),
        );
      } finally {
        gapConnection.closeSync();
      }
    } finally {
      session.close();
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    }
  },
});
