/**
 * `ohwb generate`: deterministic synthetic OHWB events for real NHS
 * organisations, to Kafka or to an NDJSON file, optionally mixed with
 * deliberately bad events so the dead-letter path shows.
 */
import { resolve } from "node:path";
import { UsageError } from "../../core/errors.js";
import { referenceOrganisationsFile } from "../../core/reference-data.js";
import { writeRecordsToFile } from "../../generator/file-sink.js";
import {
  type GenerateOptions,
  generateBatches,
  generateDefaults,
  resolveGenerateOptions,
} from "../../generator/generate-events.js";
import type { GenerationSummary } from "../../generator/generation-summary.js";
import { generatorMessages as message } from "../../generator/generator-messages.js";
import { produceRecordsToKafka } from "../../generator/kafka-sink.js";
import { stderrProgress } from "../../generator/progress-reporter.js";
import { assertBrokerReachable } from "../../kafka/client.js";
import { log } from "../cli-log.js";
import type { Command } from "../command.js";
import { commandConfig, configOption, kafkaFromConfig } from "../command-config.js";
import { defineCommand } from "../define-command.js";
import { numberOption } from "../number-option.js";

const d = generateDefaults;

export const generateCommand: Command = defineCommand({
  name: "generate",
  description: `Synthetic events with an NHS-like shape for real provider trusts (codes, ICS
and region from NHS England's benchmarking CSV, sizes from their FTE): ESR
absence episodes (rate ~4-6%, S10 ~a quarter of days lost, winter S13 peak),
monthly FTE, OH referrals with triage, appointments (~10% DNA), reports,
outcomes and feedback, pre-placement, flu (Sep-Feb) and Hep B, exposures with
PEP timings, surveillance, intervention episodes and service costs.
The same seed gives the same events byte for byte.`,
  options: {
    to: {
      type: "string",
      value: "kafka|FILE",
      help: `kafka: produce to the contract topics at the config's kafka.brokers (KAFKA_BROKERS overrides it) with an idempotent producer; FILE: write NDJSON (gzip when it ends .gz)`,
    },
    orgs: { type: "string", value: "N", help: `organisations (default ${d.orgs})` },
    months: { type: "string", value: "M", help: `months (default ${d.months})` },
    seed: { type: "string", value: "S", help: `PRNG seed (default ${d.seed})` },
    start: { type: "string", value: "YYYY-MM", help: `first month (default ${d.start})` },
    "bad-rate": {
      type: "string",
      value: "R",
      help: `fraction of invalid records mixed in, 0 to <0.5 (default ${d.badRate}): invalid JSON, unknown event type, unknown schema version, failed validation, conflicting duplicate event_id`,
    },
    scale: { type: "string", value: "F", help: `multiply each org's staff, 0 < F <= 2 (default ${d.scale})` },
    reference: {
      type: "string",
      value: "DIR|FILE",
      help: `NHS England benchmarking CSV to take organisations from, or a folder of them (the latest month is used); default: the data shipped in reference/nhs-sickness-absence/ (OHWB_REFERENCE_DIR overrides it)`,
    },
    transactional: {
      type: "boolean",
      help: `with --to kafka: one Kafka transaction per batch of about 1,000 events (consumers reading committed data see each batch whole or not at all)`,
    },
    json: { type: "boolean", help: `print a JSON summary (counts per event type, bad by kind) on stdout` },
    quiet: { type: "boolean", help: `no progress lines on stderr` },
    ...configOption,
  },
  after: `About 40,000 events per organisation-year on average at --scale 1 (trusts
differ in size): --orgs 84 --months 36 --seed 1 gives 10.4 million, in about
2 minutes to a .gz file. Memory holds about one month of events, so it grows
with --orgs, not with --months.`,
  async run({ values }) {
    const config = commandConfig(values.config);
    if (!values.to) throw new UsageError(message.generatorNoTarget());
    if (values.transactional && values.to !== "kafka")
      throw new UsageError(message.generatorTransactionalNeedsKafka());
    const options: GenerateOptions = {
      orgs: numberOption("orgs", values.orgs, true),
      months: numberOption("months", values.months, true),
      seed: numberOption("seed", values.seed, true),
      start: values.start,
      badRate: numberOption("bad-rate", values["bad-rate"], false),
      scale: numberOption("scale", values.scale, false),
      referenceFile: referenceOrganisationsFile({ flag: values.reference, configured: config.referenceData }),
    };
    const defined = Object.fromEntries(
      Object.entries(options).filter(([, v]) => v !== undefined),
    ) as GenerateOptions;
    // Refuse a bad option before touching Kafka or the output file.
    resolveGenerateOptions(defined);
    const onProgress = values.quiet ? undefined : stderrProgress(2_000, log);
    const started = performance.now();
    let summary: GenerationSummary;
    let target: string;
    if (values.to === "kafka") {
      const brokers = config.kafka.brokers;
      await assertBrokerReachable(brokers);
      target = `Kafka at ${brokers.join(",")}`;
      summary = await produceRecordsToKafka(kafkaFromConfig(config, "generate"), generateBatches(defined), {
        onProgress,
        transactional: values.transactional,
      });
    } else {
      target = resolve(values.to);
      summary = await writeRecordsToFile(target, generateBatches(defined), onProgress);
    }
    if (!values.quiet) {
      log.info(
        message.generatorDone(summary.total, summary.bad, (performance.now() - started) / 1000, target),
      );
    }
    if (values.json) process.stdout.write(`${JSON.stringify(summary.toJSON(), null, 2)}\n`);
    return 0;
  },
});
