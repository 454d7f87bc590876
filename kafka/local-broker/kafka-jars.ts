/**
 * Where the local broker's jars are: `.cache/kafka/<version>/libs`, filled by
 * scripts/bootstrap.sh from Maven Central (kafka/pom.xml). The version is the
 * pom's `kafka.version` unless the setting `localBroker.kafkaVersion` (or its
 * environment override OHWB_KAFKA_VERSION, which bootstrap reads too) names
 * another, so a reviewer can rerun everything against, say, 4.1.1.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { projectRoot } from "../../core/project-root.js";
import { LocalBrokerError } from "../kafka-errors.js";
import { kafkaMessages } from "../kafka-messages.js";

/** Written by bootstrap after a complete copy, so a half-finished download is fetched again. */
export const JARS_COMPLETE_MARKER = ".complete";

export function pinnedKafkaVersion(): string {
  const pom = readFileSync(join(projectRoot(), "kafka", "pom.xml"), "utf8");
  const match = /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(pom);
  if (!match?.[1]) throw new Error("kafka/pom.xml has no <kafka.version> property");
  return match[1];
}

/** The configured version (config `localBroker.kafkaVersion`), else the pom's. */
export function kafkaVersion(configured?: string): string {
  return configured || pinnedKafkaVersion();
}

export function kafkaJarsDir(version: string): string {
  return join(projectRoot(), ".cache", "kafka", version, "libs");
}

/** The classpath for `java -cp`, or a clear error naming the command that fetches the jars. */
export function kafkaClasspath(version: string): string {
  const dir = kafkaJarsDir(version);
  if (!existsSync(join(dir, JARS_COMPLETE_MARKER))) {
    throw new LocalBrokerError("LOCAL_BROKER_NO_JARS", kafkaMessages.localBrokerNoJars(version, dir), {
      context: { version, dir },
    });
  }
  return join(dir, "*");
}

/** Kafka 4 logs through log4j 2; 3.x through reload4j (log4j 1). */
export function kafkaMajor(version: string): number {
  return Number(version.split(".")[0]);
}
