/**
 * Issue 13 item 3: `ohwb broker` starts a KRaft node, prints the bootstrap
 * address, stops cleanly on SIGTERM, keeps its log across restarts with
 * --data, and leaves no JVM behind when it is killed with kill -9.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { afterAll, describe, expect, it } from "vitest";
import { createKafka } from "../../kafka/client.js";
import { newClusterId } from "../../kafka/local-broker/local-kafka.js";
import { cliPath } from "../ingest/ingest-process.js";

const work = mkdtempSync(join(tmpdir(), "ohwb-broker-command-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface RunningBroker {
  child: ChildProcess;
  bootstrap: string;
  exited: Promise<number | null>;
}

/** `ohwb broker --data DIR`, resolved once it printed its address on stdout. */
function startBroker(dataDir: string): Promise<RunningBroker> {
  const child = spawn(process.execPath, [cliPath(), "broker", "--data", dataDir], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).once("line", (bootstrap) =>
      resolve({ child, bootstrap, exited }),
    );
    void exited.then((code) => reject(new Error(`ohwb broker exited ${code}: ${stderr}`)));
  });
}

/** Process ids below `pid` (children, grandchildren …), from /proc. */
function descendants(pid: number): number[] {
  let children: number[] = [];
  try {
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8")
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
  return children.flatMap((c) => [c, ...descendants(c)]);
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe("ohwb broker", () => {
  it("serves, stops on SIGTERM, keeps its log with --data, and dies with its parent", async () => {
    const dataDir = join(work, "kafka-data");
    const topic = "broker-command.kept";
    const first = await startBroker(dataDir);
    expect(first.bootstrap).toMatch(/^127\.0\.0\.1:\d+$/);
    const kafka = createKafka([first.bootstrap], "broker-command");
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: [{ key: "k", value: "kept across a restart" }] });
    await producer.disconnect();
    const firstJvms = descendants(first.child.pid as number);
    first.child.kill("SIGTERM");
    expect(await first.exited).toBe(0);
    expect(firstJvms.filter(alive)).toEqual([]);

    const second = await startBroker(dataDir);
    expect(second.bootstrap).toBe(first.bootstrap); // the same port, so clients reconnect
    const consumer = createKafka([second.bootstrap], "broker-command").consumer({
      groupId: "broker-command",
    });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const value = await new Promise<string>((resolve) => {
      void consumer.run({ eachMessage: async ({ message }) => resolve(String(message.value)) });
    });
    await consumer.disconnect();
    expect(value).toBe("kept across a restart");

    const jvms = descendants(second.child.pid as number);
    expect(jvms.length).toBeGreaterThan(0);
    second.child.kill("SIGKILL");
    await second.exited;
    const deadline = Date.now() + 30_000;
    while (jvms.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(jvms.filter(alive)).toEqual([]);
  }, 120_000);

  it("a fresh broker takes `ohwb generate --to kafka` the moment it prints its address", async () => {
    // Topic creation used to fail here with KafkaJSBrokerNotFound while the new broker was still
    // publishing its metadata; kafka/topics.ts now waits for it.
    const broker = await startBroker(join(work, "fresh-data"));
    try {
      const generate = spawn(
        process.execPath,
        [cliPath(), "generate", "--to", "kafka", "--orgs", "1", "--months", "1", "--quiet", "--json"],
        { env: { ...process.env, KAFKA_BROKERS: broker.bootstrap, OHWB_CONFIG: "" }, stdio: "pipe" },
      );
      let stdout = "";
      let stderr = "";
      generate.stdout.on("data", (chunk: Buffer) => {
        stdout += chunk.toString("utf8");
      });
      generate.stderr.on("data", (chunk: Buffer) => {
        stderr += chunk.toString("utf8");
      });
      const code = await new Promise<number | null>((resolve) => generate.once("exit", resolve));
      expect(code, stderr).toBe(0);
      expect(stderr).not.toMatch(/\n\s+at /);
      expect((JSON.parse(stdout) as { total: number }).total).toBeGreaterThan(0);
    } finally {
      broker.child.kill("SIGTERM");
      await broker.exited;
    }
  }, 120_000);
});

describe("the local broker's cluster id", () => {
  it("never starts with '-', which kafka-storage format would take for an option", () => {
    // one random id in 64 used to start with '-' and failed the broker's start
    const ids = Array.from({ length: 5_000 }, () => newClusterId());
    expect(ids.filter((id) => id.startsWith("-"))).toEqual([]);
    expect(ids.every((id) => /^[A-Za-z0-9_-]{22}$/.test(id))).toBe(true);
  });
});
