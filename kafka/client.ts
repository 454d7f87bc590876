/**
 * Kafka connection settings. Everything reads KAFKA_BROKERS, so the same code
 * runs against the local broker (kafka/local-broker/) and any other cluster.
 */
import { connect } from "node:net";
import { Kafka, type KafkaConfig, logLevel } from "kafkajs";
import { ConfigError } from "../core/errors.js";
import { BrokerUnreachableError } from "./kafka-errors.js";
import { kafkaMessages } from "./kafka-messages.js";

/** Parses a comma-separated host:port list. */
export function parseBrokerList(value: string): string[] {
  const brokers = value
    .split(",")
    .map((b) => b.trim())
    .filter((b) => b.length > 0);
  if (brokers.length === 0 || brokers.some((b) => !/^[^\s:]+:\d{1,5}$/.test(b))) {
    throw new ConfigError(kafkaMessages.kafkaBrokersMalformed(value), { value });
  }
  return brokers;
}

export function createKafka(
  brokers: string[],
  clientId: string,
  overrides: Partial<KafkaConfig> = {},
): Kafka {
  return new Kafka({
    clientId,
    brokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 3_000,
    requestTimeout: 30_000,
    retry: { initialRetryTime: 200, retries: 8, maxRetryTime: 5_000 },
    ...overrides,
  });
}

/**
 * Fails fast, with a message that says what to do, when no broker accepts a TCP
 * connection: kafkajs alone retries for a long time and then reports a generic error.
 */
export async function assertBrokerReachable(brokers: string[], timeoutMs = 3_000): Promise<void> {
  const attempts = brokers.map(
    (broker) =>
      new Promise<void>((resolve, reject) => {
        const at = broker.lastIndexOf(":");
        const socket = connect({ host: broker.slice(0, at), port: Number(broker.slice(at + 1)) });
        const timer = setTimeout(() => {
          socket.destroy();
          reject(new Error(`${broker}: timeout after ${timeoutMs} ms`));
        }, timeoutMs);
        socket.on("connect", () => {
          clearTimeout(timer);
          socket.end();
          resolve();
        });
        socket.on("error", (error) => {
          clearTimeout(timer);
          reject(new Error(`${broker}: ${error.message}`));
        });
      }),
  );
  try {
    await Promise.any(attempts);
  } catch (error) {
    const reasons =
      (error as AggregateError).errors?.map((e: Error) => e.message).join("; ") ?? String(error);
    throw new BrokerUnreachableError(kafkaMessages.brokerUnreachable(brokers.join(","), reasons), {
      context: { brokers },
    });
  }
}
