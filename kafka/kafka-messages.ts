/**
 * What kafka/ tells users: the local broker, reaching a cluster, creating topics.
 * One catalogue per stage (as vega-lite keeps src/log/message.ts), so wording stays
 * consistent and each message says what to do next.
 */
export const kafkaMessages = {
  localBrokerNoJars: (version: string, dir: string) =>
    `The local Kafka broker's jars (Apache Kafka ${version}) are not in ${dir}. ` +
    "Run `bash scripts/bootstrap.sh` (it fetches them from Maven Central with Maven), " +
    "or set KAFKA_BROKERS to use your own cluster.",
  localBrokerNoJava: (detail: string) =>
    `Cannot run Java for the local Kafka broker (${detail}). Install a JRE 17 or later ` +
    "(`apt-get install openjdk-17-jre-headless`, or run `bash scripts/bootstrap.sh` as root).",
  localBrokerStarting: (version: string, nodes: number) =>
    `starting Apache Kafka ${version} (${nodes} KRaft node${nodes === 1 ? "" : "s"}) on 127.0.0.1 …`,
  localBrokerUp: (bootstrap: string, ms: number, dataDir: string, kept: boolean) =>
    `local Kafka broker up in ${(ms / 1000).toFixed(1)} s: KAFKA_BROKERS=${bootstrap}\n` +
    `log in ${dataDir}${kept ? " (kept)" : " (temporary, deleted on exit)"}; Ctrl-C stops it`,
  localBrokerStopping: () => "stopping the local Kafka broker …",
  localBrokerStartFailed: (detail: string) => `The local Kafka broker did not start: ${detail}`,
  localBrokerNodeCount: (value: string) => `The local Kafka broker runs 1 to 5 nodes, got "${value}".`,
  localBrokerNoSuchNode: (id: number, count: number) =>
    `The local Kafka cluster has nodes 1 to ${count}; there is no node ${id}.`,
  localBrokerDataMismatch: (dir: string, kept: number, asked: number) =>
    `${dir} holds the log of a ${kept}-node local cluster, not ${asked}. Use --brokers ${kept}, or another --data folder.`,
  brokerUnreachable: (brokers: string, detail: string) =>
    `Cannot reach Kafka at ${brokers} (${detail}). Start a broker there (\`ohwb broker\` runs a local one for development, ` +
    "then use the bootstrap address it prints), or point KAFKA_BROKERS or the config's kafka.brokers at your cluster.",
  kafkaBrokersMalformed: (value: string) =>
    `KAFKA_BROKERS must be a comma-separated list of host:port, got "${value}".`,
  ingestTopicsNotReady: (topics: string, seconds: number) =>
    `Kafka did not report leaders for ${topics} within ${seconds} s of creating them. The broker may still be starting: try again shortly.`,
  ingestTopicCreateFailed: (topic: string, detail: string) => `Cannot create topic ${topic}: ${detail}`,
} as const;
