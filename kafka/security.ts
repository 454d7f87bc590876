/** kafkajs connection security from the configuration's `kafka` section: TLS, and SASL with its password from the environment. */
import type { KafkaConfig, SASLOptions } from "kafkajs";
import type { OhwbConfig } from "../core/config.js";

export function kafkaSecurity(
  kafka: OhwbConfig["kafka"],
  env: NodeJS.ProcessEnv = process.env,
): Pick<KafkaConfig, "ssl" | "sasl"> {
  const security: Pick<KafkaConfig, "ssl" | "sasl"> = {};
  if (kafka.ssl) security.ssl = true;
  if (kafka.sasl) {
    // the password never sits in the configuration file
    security.sasl = {
      mechanism: kafka.sasl.mechanism,
      username: kafka.sasl.username,
      password: env.KAFKA_SASL_PASSWORD ?? "",
    } as SASLOptions;
  }
  return security;
}
