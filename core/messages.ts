/**
 * Every user-facing message in one place (as vega-lite keeps src/log/message.ts),
 * so wording stays consistent and each says what to do next.
 */
export const message = {
  localBrokerNeedsLibrdkafka: (detail: string) =>
    `Cannot build the local Kafka broker: librdkafka's development files are missing (${detail}). ` +
    "Install them with `apt-get install librdkafka-dev pkg-config`, or set KAFKA_BROKERS to use your own cluster.",
  localBrokerBuildFailed: (detail: string) => `Building the local Kafka broker with gcc failed:\n${detail}`,
  localBrokerStartFailed: (detail: string) => `The local Kafka broker did not start: ${detail}`,
  localBrokerCommandFailed: (command: string, detail: string) =>
    `The local Kafka broker refused "${command}": ${detail}`,
  localBrokerControlUnreachable: (port: number, detail: string) =>
    `Cannot reach the local Kafka broker's control port 127.0.0.1:${port} (${detail}). Has it stopped?`,
  brokerUnreachable: (brokers: string, detail: string) =>
    `Cannot reach Kafka at ${brokers} (${detail}). Check KAFKA_BROKERS, or unset it to use the local broker.`,
  kafkaBrokersMalformed: (value: string) =>
    `KAFKA_BROKERS must be a comma-separated list of host:port, got "${value}".`,
} as const;
