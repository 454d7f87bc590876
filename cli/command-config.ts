/**
 * What every subcommand shares about the configuration file: the `--config FILE`
 * option, its help line, and Kafka clients built from the `kafka` section.
 * Precedence: schema defaults → file → environment → the command's own flags.
 */
import type { Kafka, KafkaConfig } from "kafkajs";
import { loadConfig, type OhwbConfig } from "../core/config.js";
import { createKafka } from "../kafka/client.js";
import { kafkaSecurity } from "../kafka/security.js";
import { log } from "./cli-log.js";
import type { OptionSpec } from "./define-command.js";

export { kafkaSecurity };

/** Spread into a command's options (cli/define-command.ts). */
export const configOption = {
  config: {
    type: "string",
    value: "FILE",
    help: "configuration file (default $OHWB_CONFIG, else ./ohwb.config.json when present); see ohwb.config.example.json",
  },
} as const satisfies Record<string, OptionSpec>;

/** The validated configuration for one command run (`--config` wins over $OHWB_CONFIG). */
export function commandConfig(explicitPath: string | undefined): OhwbConfig {
  const { config } = loadConfig(explicitPath);
  // the command's messages follow the file's log.level from here on (OHWB_LOG_LEVEL already applied)
  log.level = config.log.level;
  return config;
}

/** A Kafka client for `config.kafka`, its client id suffixed with the job (e.g. `ohwb-generate`). */
export function kafkaFromConfig(
  config: OhwbConfig,
  job: string,
  overrides: Partial<KafkaConfig> = {},
): Kafka {
  return createKafka(config.kafka.brokers, `${config.kafka.clientId}-${job}`, {
    ...kafkaSecurity(config.kafka),
    ...overrides,
  });
}
