/** kafka/'s errors: the local broker, reaching a cluster, creating topics. Each carries a stable code and whether a retry can help. */
import { OhwbError, type OhwbErrorOptions } from "../core/errors.js";

export type LocalBrokerErrorCode =
  | "LOCAL_BROKER_NODES"
  | "LOCAL_BROKER_NO_JARS"
  | "LOCAL_BROKER_NO_JAVA"
  | "LOCAL_BROKER_START"
  | "LOCAL_BROKER_DATA"
  | "LOCAL_BROKER_FORMAT";

/** The local Kafka broker could not be found, started or run (jars, Java, a node that exits). */
export class LocalBrokerError extends OhwbError {
  declare readonly code: LocalBrokerErrorCode;
  constructor(code: LocalBrokerErrorCode, message: string, options: OhwbErrorOptions = {}) {
    super(code, message, options);
  }
}

/** A Kafka cluster could not be reached. Retriable: brokers come back. */
export class BrokerUnreachableError extends OhwbError {
  constructor(message: string, options: OhwbErrorOptions = {}) {
    super("BROKER_UNREACHABLE", message, { retriable: true, ...options });
  }
}

/** Topics could not be created, or had no leaders in time; retriable when Kafka says so. */
export class TopicError extends OhwbError {
  declare readonly code: "TOPIC_CREATE";
  constructor(message: string, options: OhwbErrorOptions = {}) {
    super("TOPIC_CREATE", message, options);
  }
}
