/**
 * A handle on the local Kafka broker: librdkafka's mock cluster run as its own
 * process (mock-broker.c beside this file), so it outlives any client we kill.
 * Tests and the demo use it; production points KAFKA_BROKERS at a real cluster.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, statSync } from "node:fs";
import { connect } from "node:net";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { LocalBrokerError } from "../../core/errors.js";
import { message } from "../../core/messages.js";
import { projectRoot } from "../../core/project-root.js";

export interface TopicSpec {
  name: string;
  partitions: number;
}

export interface LocalKafkaOptions {
  topics?: TopicSpec[];
  /** Number of mock brokers, ids 1..n. */
  brokers?: number;
  /** Stop the broker when this process exits (its stdin pipe closes). Default true. */
  exitWithParent?: boolean;
}

export interface LocalKafka {
  /** Comma-separated bootstrap list, the value for KAFKA_BROKERS. */
  bootstrap: string;
  brokers: string[];
  controlPort: number;
  pid: number;
  createTopic(name: string, partitions: number): Promise<void>;
  /** Disconnect a broker (or all with -1) and refuse new connections. */
  brokerDown(id: number): Promise<void>;
  brokerUp(id: number): Promise<void>;
  stop(): Promise<void>;
}

/** Compiles mock-broker.c into .cache/ when the binary is missing or older than its source. */
export function ensureMockBrokerBinary(): string {
  const root = projectRoot();
  const source = join(root, "ingest", "local-broker", "mock-broker.c");
  const outDir = join(root, ".cache");
  const binary = join(outDir, "mock-broker");
  if (existsSync(binary) && statSync(binary).mtimeMs >= statSync(source).mtimeMs) return binary;
  mkdirSync(outDir, { recursive: true });
  let flags: string[];
  try {
    flags = execFileSync("pkg-config", ["--cflags", "--libs", "rdkafka"], { encoding: "utf8" })
      .trim()
      .split(/\s+/);
  } catch (error) {
    throw new LocalBrokerError(
      "LOCAL_BROKER_NO_LIBRDKAFKA",
      message.localBrokerNeedsLibrdkafka(String(error)),
      {
        cause: error,
      },
    );
  }
  try {
    execFileSync("gcc", ["-O2", "-o", binary, source, ...flags], { encoding: "utf8", stdio: "pipe" });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? String(error);
    const code = stderr.includes("rdkafka") ? "LOCAL_BROKER_NO_LIBRDKAFKA" : "LOCAL_BROKER_BUILD_FAILED";
    const text =
      code === "LOCAL_BROKER_NO_LIBRDKAFKA"
        ? message.localBrokerNeedsLibrdkafka(stderr)
        : message.localBrokerBuildFailed(stderr);
    throw new LocalBrokerError(code, text, { cause: error });
  }
  return binary;
}

/** Sends one control command to a running mock broker and returns its answer. */
export function sendControlCommand(controlPort: number, command: string, timeoutMs = 5_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: "127.0.0.1", port: controlPort });
    let answer = "";
    const timer = setTimeout(() => {
      socket.destroy();
      reject(
        new LocalBrokerError(
          "LOCAL_BROKER_CONTROL",
          message.localBrokerControlUnreachable(controlPort, "timeout"),
          {
            retriable: true,
          },
        ),
      );
    }, timeoutMs);
    socket.on("connect", () => socket.write(`${command}\n`));
    socket.on("data", (chunk) => {
      answer += chunk.toString("utf8");
      if (!answer.includes("\n")) return;
      clearTimeout(timer);
      socket.end();
      const line = answer.split("\n")[0] ?? "";
      if (line.startsWith("OK")) resolve(line.slice(2).trim());
      else
        reject(
          new LocalBrokerError("LOCAL_BROKER_COMMAND", message.localBrokerCommandFailed(command, line), {
            context: { command },
          }),
        );
    });
    socket.on("error", (error) => {
      clearTimeout(timer);
      reject(
        new LocalBrokerError(
          "LOCAL_BROKER_CONTROL",
          message.localBrokerControlUnreachable(controlPort, error.message),
          { retriable: true, cause: error },
        ),
      );
    });
  });
}

/** A handle on a broker someone else started, e.g. by vitest's global setup. */
export function connectLocalKafka(bootstrap: string, controlPort: number, pid = 0): LocalKafka {
  return {
    bootstrap,
    brokers: bootstrap.split(","),
    controlPort,
    pid,
    async createTopic(name, partitions) {
      await sendControlCommand(controlPort, `topic ${name} ${partitions}`);
    },
    async brokerDown(id) {
      await sendControlCommand(controlPort, `down ${id}`);
    },
    async brokerUp(id) {
      await sendControlCommand(controlPort, `up ${id}`);
    },
    async stop() {
      await sendControlCommand(controlPort, "quit").catch(() => undefined);
    },
  };
}

/** Builds (if needed) and starts a local mock Kafka cluster on 127.0.0.1. */
export async function startLocalKafka(options: LocalKafkaOptions = {}): Promise<LocalKafka> {
  const binary = ensureMockBrokerBinary();
  const args = ["--brokers", String(options.brokers ?? 3)];
  if (options.exitWithParent ?? true) args.push("--exit-on-stdin-eof");
  const child = spawn(binary, args, { stdio: ["pipe", "pipe", "pipe"] });
  const ready = await waitForReady(child);
  const handle = connectLocalKafka(ready.bootstrap, ready.controlPort, child.pid ?? 0);
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    await handle.stop();
    const timer = setTimeout(() => child.kill("SIGKILL"), 2_000);
    await exited;
    clearTimeout(timer);
  };
  for (const topic of options.topics ?? []) await handle.createTopic(topic.name, topic.partitions);
  return { ...handle, stop };
}

function waitForReady(child: ChildProcess): Promise<{ bootstrap: string; controlPort: number }> {
  return new Promise((resolve, reject) => {
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
    });
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(
        new LocalBrokerError(
          "LOCAL_BROKER_START",
          message.localBrokerStartFailed(`no READY line; ${stderr}`),
        ),
      );
    }, 10_000);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(
        new LocalBrokerError("LOCAL_BROKER_START", message.localBrokerStartFailed(`exit ${code}; ${stderr}`)),
      );
    });
    lines.on("line", (line) => {
      const match = /^READY bootstrap=(\S+) control=(\d+)/.exec(line);
      if (!match?.[1] || !match[2]) return;
      clearTimeout(timer);
      child.removeAllListeners("exit");
      resolve({ bootstrap: match[1], controlPort: Number(match[2]) });
    });
  });
}
