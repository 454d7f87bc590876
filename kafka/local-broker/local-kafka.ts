/**
 * The local Apache Kafka broker for development, tests and the demo: one or
 * three KRaft nodes (broker and controller in one JVM each) on loopback ports,
 * each its own process so it outlives any client we kill. Production points
 * KAFKA_BROKERS at a real cluster instead.
 *
 * Each JVM runs under run-node.sh, which stops it when our stdin closes, so a
 * test run or demo that dies (even by kill -9) leaves no broker behind.
 */

import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import type { OhwbConfig } from "../../core/config.js";
import { projectRoot } from "../../core/project-root.js";
import { createKafka } from "../client.js";
import { LocalBrokerError } from "../kafka-errors.js";
import { kafkaMessages } from "../kafka-messages.js";
import { kafkaClasspath, kafkaVersion } from "./kafka-jars.js";
import {
  type LocalNodeAddress,
  log4j2Properties,
  log4jProperties,
  nodeProperties,
} from "./node-properties.js";

export interface LocalKafkaOptions {
  /** Number of nodes, ids 1..n (default 1). Three give replication factor 3 and min.insync.replicas 2. */
  brokers?: number;
  /** Keep the logs here across restarts; default a temporary folder removed by stop(). */
  dataDir?: string;
  /** Kafka version whose jars to run (config `localBroker.kafkaVersion`; default kafka/pom.xml's). */
  version?: string;
  /** Extra JVM options for every node (config `localBroker.jvmOptions`). */
  jvmOptions?: readonly string[];
  /** How long start and restart may take before failing (default 60 s: loaded machines are slow). */
  readyTimeoutMs?: number;
}

export interface LocalKafkaNode extends LocalNodeAddress {
  /** The JVM's process id, 0 while the node is down. */
  pid: number;
}

export interface LocalKafka {
  /** Comma-separated bootstrap list, the value for KAFKA_BROKERS. */
  bootstrap: string;
  brokers: string[];
  nodes: readonly LocalKafkaNode[];
  version: string;
  dataDir: string;
  /** Milliseconds from start() to every node serving metadata. */
  startMs: number;
  /** kill -9 one node's JVM and wait until it is gone. */
  kill(node: number): Promise<void>;
  /** Start a killed or stopped node again on its old ports and log; resolves once it serves metadata. */
  restart(node: number): Promise<void>;
  /** SIGTERM every node (a clean shutdown), SIGKILL after a grace period; removes a temporary data folder. */
  stop(): Promise<void>;
}

/** Remembered in the data folder, so a kept log restarts as the same cluster on the same ports. */
interface ClusterFile {
  clusterId: string;
  nodes: LocalNodeAddress[];
}
const CLUSTER_FILE = "ohwb-local-kafka.json";
const HEAP = "-Xmx512m";
// Two cores: a serial collector and the quick (C1) compiler start the JVM in about 2 s.
const JVM_FLAGS = [
  HEAP,
  "-Xms64m",
  "-XX:+UseSerialGC",
  "-XX:TieredStopAtLevel=1",
  "-Djava.awt.headless=true",
];
const STOP_GRACE_MS = 20_000;

interface RunningNode {
  /** run-node.sh, whose exit follows the JVM's. */
  child: ChildProcess;
  exited: Promise<number | null>;
  node: LocalKafkaNode;
}

/** The `localBroker` settings of the configuration as start options. */
export function localBrokerSettings(
  settings: OhwbConfig["localBroker"],
): Pick<LocalKafkaOptions, "version" | "jvmOptions"> {
  return { version: kafkaVersion(settings.kafkaVersion), jvmOptions: settings.jvmOptions };
}

/**
 * Kafka's cluster id: 16 random bytes, base64url without padding, and never starting with "-", which
 * kafka-storage's argument parser would read as an option (one start in 64 failed that way; Kafka's
 * own Uuid.randomUuid() draws again for the same reason).
 */
export function newClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString("base64url");
    if (!id.startsWith("-")) return id;
  }
}

export async function startLocalKafka(options: LocalKafkaOptions = {}): Promise<LocalKafka> {
  const started = performance.now();
  const count = options.brokers ?? 1;
  if (!Number.isInteger(count) || count < 1 || count > 5)
    throw new LocalBrokerError("LOCAL_BROKER_NODES", kafkaMessages.localBrokerNodeCount(String(count)));
  const version = options.version ?? kafkaVersion();
  const classpath = kafkaClasspath(version);
  const readyTimeoutMs = options.readyTimeoutMs ?? 60_000;
  const temporary = options.dataDir === undefined;
  const dataDir = temporary ? mkdtempSync(join(tmpdir(), "ohwb-kafka-")) : resolve(options.dataDir as string);
  mkdirSync(dataDir, { recursive: true });
  const cluster = await clusterFor(dataDir, count);
  const nodes: LocalKafkaNode[] = cluster.nodes.map((n) => ({ ...n, pid: 0 }));
  const running = new Map<number, RunningNode>();

  const nodeDir = (id: number) => join(dataDir, `node-${id}`);
  const propertiesFile = (id: number) => join(nodeDir(id), "server.properties");
  for (const node of nodes) {
    mkdirSync(nodeDir(node.id), { recursive: true });
    writeFileSync(propertiesFile(node.id), nodeProperties(node, nodes, join(nodeDir(node.id), "log")));
    writeFileSync(join(nodeDir(node.id), "log4j.properties"), log4jProperties);
    writeFileSync(join(nodeDir(node.id), "log4j2.properties"), log4j2Properties);
  }
  const jvm = (id: number, mainClass: string, args: string[]) => [
    ...JVM_FLAGS,
    ...(options.jvmOptions ?? []),
    `-Dlog4j.configuration=file:${join(nodeDir(id), "log4j.properties")}`,
    `-Dlog4j2.configurationFile=${join(nodeDir(id), "log4j2.properties")}`,
    "-cp",
    classpath,
    mainClass,
    ...args,
  ];
  const logFile = (id: number) => join(nodeDir(id), "broker.log");

  const launch = async (node: LocalKafkaNode): Promise<void> => {
    const script = join(projectRoot(), "kafka", "local-broker", "run-node.sh");
    const child = spawn(
      "bash",
      [script, logFile(node.id), "java", ...jvm(node.id, "kafka.Kafka", [propertiesFile(node.id)])],
      {
        stdio: ["pipe", "pipe", "inherit"],
      },
    );
    const exited = new Promise<number | null>((done) => child.once("exit", (code) => done(code)));
    running.set(node.id, { child, exited, node });
    node.pid = await firstLinePid(child, exited, logFile(node.id));
    void exited.then(() => {
      if (running.get(node.id)?.child === child) {
        running.delete(node.id);
        node.pid = 0;
      }
    });
  };

  try {
    await Promise.all(
      nodes.map((node) =>
        formatStorage(jvm(node.id, "kafka.tools.StorageTool", formatArgs(node.id)), node.id),
      ),
    );
    await Promise.all(nodes.map(launch));
    await waitUntilServing(nodes, nodes, readyTimeoutMs, running, logFile);
  } catch (error) {
    await stopNodes(running);
    if (temporary) rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }

  function formatArgs(id: number): string[] {
    return ["format", "-t", cluster.clusterId, "-c", propertiesFile(id), "--ignore-formatted"];
  }
  async function formatStorage(args: string[], id: number): Promise<void> {
    // an existing log keeps its format; skipping the tool saves a JVM start on every restart
    if (existsSync(join(nodeDir(id), "log", "meta.properties"))) return;
    const output = await runToEnd("java", args);
    if (output.code !== 0)
      throw new LocalBrokerError(
        "LOCAL_BROKER_FORMAT",
        kafkaMessages.localBrokerStartFailed(`formatting node ${id}'s log failed: ${output.text.trim()}`),
      );
  }

  const bootstrapList = nodes.map((n) => `127.0.0.1:${n.port}`);
  const nodeById = (id: number): LocalKafkaNode => {
    const node = nodes.find((n) => n.id === id);
    if (!node)
      throw new LocalBrokerError("LOCAL_BROKER_NODES", kafkaMessages.localBrokerNoSuchNode(id, nodes.length));
    return node;
  };
  let stopped = false;
  return {
    bootstrap: bootstrapList.join(","),
    brokers: bootstrapList,
    nodes,
    version,
    dataDir,
    startMs: Math.round(performance.now() - started),
    async kill(id) {
      const node = nodeById(id);
      const run = running.get(id);
      if (!run || node.pid === 0) return;
      process.kill(node.pid, "SIGKILL");
      await run.exited;
    },
    async restart(id) {
      const node = nodeById(id);
      if (running.has(id)) return;
      await launch(node);
      await waitUntilServing(
        [node],
        nodes.filter((n) => n.id === id || running.has(n.id)),
        readyTimeoutMs,
        running,
        logFile,
      );
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await stopNodes(running);
      if (temporary) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function clusterFor(dataDir: string, count: number): Promise<ClusterFile> {
  const file = join(dataDir, CLUSTER_FILE);
  if (existsSync(file)) {
    const kept = JSON.parse(readFileSync(file, "utf8")) as ClusterFile;
    if (kept.nodes.length !== count)
      throw new LocalBrokerError(
        "LOCAL_BROKER_DATA",
        kafkaMessages.localBrokerDataMismatch(dataDir, kept.nodes.length, count),
      );
    // the same ports when they are free, so clients holding the old address reconnect
    const free = await Promise.all(kept.nodes.flatMap((n) => [n.port, n.controllerPort]).map(portIsFree));
    if (free.every(Boolean)) return kept;
    const ports = await freePorts(count * 2);
    const moved = { ...kept, nodes: kept.nodes.map((n, i) => withPorts(n.id, ports, i)) };
    writeFileSync(file, JSON.stringify(moved, null, 2));
    return moved;
  }
  const ports = await freePorts(count * 2);
  const cluster: ClusterFile = {
    clusterId: newClusterId(),
    nodes: Array.from({ length: count }, (_, i) => withPorts(i + 1, ports, i)),
  };
  writeFileSync(file, JSON.stringify(cluster, null, 2));
  return cluster;
}

function withPorts(id: number, ports: number[], index: number): LocalNodeAddress {
  return { id, port: ports[index * 2] as number, controllerPort: ports[index * 2 + 1] as number };
}

/** Ports the OS hands out for port 0, all held open together so none repeats. */
async function freePorts(count: number): Promise<number[]> {
  const servers: Server[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const server = createServer();
      await new Promise<void>((done, fail) => {
        server.once("error", fail);
        server.listen(0, "127.0.0.1", () => done());
      });
      servers.push(server);
    }
    return servers.map((s) => (s.address() as { port: number }).port);
  } finally {
    await Promise.all(servers.map((s) => new Promise<void>((done) => s.close(() => done()))));
  }
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const server = createServer();
    server.once("error", () => done(false));
    server.listen(port, "127.0.0.1", () => server.close(() => done(true)));
  });
}

/** run-node.sh prints the JVM's pid first; a launcher that exits before that failed. */
function firstLinePid(child: ChildProcess, exited: Promise<number | null>, log: string): Promise<number> {
  return new Promise((done, fail) => {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.once("line", (line) => {
      const pid = Number(/^pid (\d+)$/.exec(line)?.[1] ?? 0);
      if (pid > 0) done(pid);
      else fail(new LocalBrokerError("LOCAL_BROKER_START", kafkaMessages.localBrokerStartFailed(line)));
    });
    void exited.then((code) =>
      fail(
        new LocalBrokerError(
          "LOCAL_BROKER_START",
          kafkaMessages.localBrokerStartFailed(exitDetail(code, log)),
        ),
      ),
    );
  });
}

/**
 * Ready means serving metadata: a client that bootstraps from the given nodes
 * sees every expected node registered. Fails early, with the node's log, when a JVM exits.
 */
async function waitUntilServing(
  via: LocalKafkaNode[],
  expected: LocalKafkaNode[],
  timeoutMs: number,
  running: Map<number, RunningNode>,
  logFile: (id: number) => string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const kafka = createKafka(
    via.map((n) => `127.0.0.1:${n.port}`),
    "ohwb-local-broker",
    { connectionTimeout: 1_000, requestTimeout: 3_000, retry: { retries: 0 } },
  );
  let lastError = "no answer yet";
  while (Date.now() < deadline) {
    for (const node of via) {
      if (!running.has(node.id))
        throw new LocalBrokerError(
          "LOCAL_BROKER_START",
          kafkaMessages.localBrokerStartFailed(exitDetail(null, logFile(node.id))),
        );
    }
    const admin = kafka.admin({ retry: { retries: 0 } });
    try {
      await admin.connect();
      const { brokers } = await admin.describeCluster();
      const seen = new Set(brokers.map((b) => b.nodeId));
      if (expected.every((n) => seen.has(n.id))) {
        // Finding a group coordinator creates __consumer_offsets; done here, the first consumer
        // group does not meet the coordinator moving (and a rebalance) while the topic appears.
        await admin.describeGroups(["ohwb-local-broker-ready"]);
        return;
      }
      lastError = `${seen.size} of ${expected.length} nodes registered`;
    } catch (error) {
      lastError = String(error);
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
    await new Promise((done) => setTimeout(done, 250));
  }
  throw new LocalBrokerError(
    "LOCAL_BROKER_START",
    kafkaMessages.localBrokerStartFailed(`not serving metadata after ${timeoutMs} ms (${lastError})`),
    { retriable: true },
  );
}

async function stopNodes(running: Map<number, RunningNode>): Promise<void> {
  const runs = [...running.values()];
  for (const run of runs) run.child.stdin?.end();
  const timer = setTimeout(() => {
    for (const run of runs) if (run.node.pid > 0) killQuietly(run.node.pid);
  }, STOP_GRACE_MS);
  await Promise.all(runs.map((r) => r.exited));
  clearTimeout(timer);
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, "SIGKILL");
  } catch {
    // already gone
  }
}

function exitDetail(code: number | null, log: string): string {
  const tail = existsSync(log) ? readFileSync(log, "utf8").split("\n").slice(-15).join("\n") : "";
  return `the node exited${code === null ? "" : ` with status ${code}`}; last lines of ${log}:\n${tail}`;
}

function runToEnd(command: string, args: string[]): Promise<{ code: number | null; text: string }> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
    let text = "";
    child.stdout.on("data", (chunk: Buffer) => {
      text += chunk.toString("utf8");
    });
    child.stderr.on("data", (chunk: Buffer) => {
      text += chunk.toString("utf8");
    });
    child.once("error", (error) =>
      fail(new LocalBrokerError("LOCAL_BROKER_NO_JAVA", kafkaMessages.localBrokerNoJava(String(error)))),
    );
    child.once("exit", (code) => done({ code, text }));
  });
}
