/**
 * The configuration files of one local KRaft node (broker and controller in one
 * JVM, on loopback ports). Tuned for a development machine with two cores, not
 * for production: few threads, fast group joins, replication matched to the
 * number of nodes.
 */
export interface LocalNodeAddress {
  id: number;
  /** Client (PLAINTEXT) port. */
  port: number;
  controllerPort: number;
}

export function nodeProperties(node: LocalNodeAddress, cluster: LocalNodeAddress[], logDir: string): string {
  const replicas = Math.min(3, cluster.length);
  const voters = cluster.map((n) => `${n.id}@127.0.0.1:${n.controllerPort}`).join(",");
  const settings: Record<string, string | number> = {
    "process.roles": "broker,controller",
    "node.id": node.id,
    "controller.quorum.voters": voters,
    listeners: `PLAINTEXT://127.0.0.1:${node.port},CONTROLLER://127.0.0.1:${node.controllerPort}`,
    "advertised.listeners": `PLAINTEXT://127.0.0.1:${node.port}`,
    "controller.listener.names": "CONTROLLER",
    "inter.broker.listener.name": "PLAINTEXT",
    "listener.security.protocol.map": "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
    "log.dirs": logDir,
    "num.partitions": 1,
    "default.replication.factor": replicas,
    // with three nodes an acknowledged write survives losing any one of them
    "min.insync.replicas": replicas >= 3 ? 2 : 1,
    "offsets.topic.replication.factor": replicas,
    "offsets.topic.num.partitions": 10,
    "transaction.state.log.replication.factor": replicas,
    "transaction.state.log.min.isr": Math.min(2, replicas),
    "transaction.state.log.num.partitions": 10,
    // a consumer group's first join waits 3 s by default for more members; nothing here needs that
    "group.initial.rebalance.delay.ms": 0,
    // a killed node is fenced (and its partitions move) after this long without a heartbeat
    "broker.heartbeat.interval.ms": 1_000,
    "broker.session.timeout.ms": 6_000,
    // retention is checked every 5 minutes by default; topics with short retention should see it act
    "log.retention.check.interval.ms": 2_000,
    "num.network.threads": 2,
    "num.io.threads": 2,
    "num.recovery.threads.per.data.dir": 1,
    "background.threads": 4,
  };
  return `${Object.entries(settings)
    .map(([key, value]) => `${key}=${value}`)
    .join("\n")}\n`;
}

/** Broker logs at WARN, with its start and stop milestones, for reload4j (Kafka 3.x). */
export const log4jProperties = `log4j.rootLogger=WARN, out
log4j.appender.out=org.apache.log4j.ConsoleAppender
log4j.appender.out.layout=org.apache.log4j.PatternLayout
log4j.appender.out.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka.server.BrokerServer=INFO
log4j.logger.kafka.server.ControllerServer=INFO
`;

/** The same for log4j 2 (Kafka 4.x). */
export const log4j2Properties = `rootLogger.level=WARN
rootLogger.appenderRef.out.ref=out
appender.out.type=Console
appender.out.name=out
appender.out.layout.type=PatternLayout
appender.out.layout.pattern=[%d] %p %m (%c)%n
logger.broker.name=kafka.server.BrokerServer
logger.broker.level=INFO
logger.controller.name=kafka.server.ControllerServer
logger.controller.level=INFO
`;
