/**
 * What every subcommand shares about the configuration file: the `--config FILE`
 * option, its help line, and Kafka clients built from the `kafka` section.
 * Precedence: schema defaults → file → environment → the command's own flags.
 */
import type { Kafka, KafkaConfig } from "kafkajs";
import { loadConfig, type OhwbConfig } from "../core/config.js";
import { createKafka } from "../kafka/client.js";
import { kafkaSecurity } from "../kafka/security.js";

export { kafkaSecurity };

/** Spread into a command's parseArgs options. */
export const configOption = { config: { type: "string" } } as const;

/** The help lines for `--config`; `width` is the option column of the command's help (description starts after it). */
export function configUsage(width = 19): string {
  const option = "--config FILE";
  const indent = " ".repeat(width);
  const text = [
    "configuration file (default $OHWB_CONFIG, else ./ohwb.config.json",
    "when present); see ohwb.config.example.json",
  ];
  if (width < option.length + 2)
    return [`  ${option}`, ...text.map((line) => `  ${indent}${line}`)].join("\n");
  return [`  ${option.padEnd(width)}${text[0]}`, `  ${indent}${text[1]}`].join("\n");
}

/** The validated configuration for one command run (`--config` wins over $OHWB_CONFIG). */
export function commandConfig(explicitPath: string | undefined): OhwbConfig {
  return loadConfig(explicitPath).config;
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
