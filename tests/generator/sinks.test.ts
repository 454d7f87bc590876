import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, describe, expect, test, vi } from "vitest";
import { generateCommand } from "../../cli/commands/generate.js";
import { topics } from "../../contracts/index.js";
import { writeRecordsToFile } from "../../generator/file-sink.js";
import { generateBatches } from "../../generator/generate-events.js";
import { produceRecordsToKafka } from "../../generator/kafka-sink.js";
import { testKafka } from "../support/kafka.js";
import { collect } from "./collect.js";

const dir = mkdtempSync(join(tmpdir(), "ohwb-generate-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const options = { orgs: 1, months: 2, seed: 5, scale: 0.2, badRate: 0.03 } as const;

describe("file output", () => {
  test("NDJSON lines are exactly the generated values, plain and gzip", async () => {
    const expected = (await collect(options)).map((r) => r.value);
    const plain = join(dir, "events.ndjson");
    const gz = join(dir, "events.ndjson.gz");
    const summary = await writeRecordsToFile(plain, generateBatches(options));
    await writeRecordsToFile(gz, generateBatches(options));
    const plainText = readFileSync(plain, "utf8");
    expect(plainText.split("\n").slice(0, -1)).toEqual(expected);
    expect(gunzipSync(readFileSync(gz)).toString("utf8")).toBe(plainText);
    expect(summary.total).toBe(expected.length);
    expect(summary.good + summary.bad).toBe(summary.total);
  });

  test("`ohwb generate --to FILE --json` prints counts per event type and bad kind", async () => {
    const out: string[] = [];
    const stdout = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
      out.push(String(chunk));
      return true;
    });
    const file = join(dir, "cli.ndjson");
    let code: number;
    try {
      code = await generateCommand.run([
        "--to",
        file,
        "--orgs",
        "1",
        "--months",
        "2",
        "--seed",
        "5",
        "--scale",
        "0.2",
        "--bad-rate",
        "0.03",
        "--json",
        "--quiet",
      ]);
    } finally {
      stdout.mockRestore();
    }
    expect(code).toBe(0);
    const summary = JSON.parse(out.join("")) as {
      total: number;
      bad: number;
      by_event_type: Record<string, number>;
      bad_by_kind: Record<string, number>;
    };
    const lines = readFileSync(file, "utf8").split("\n").slice(0, -1);
    expect(summary.total).toBe(lines.length);
    expect(Object.values(summary.bad_by_kind).reduce((s, n) => s + n, 0)).toBe(summary.bad);
    expect(summary.by_event_type["workforce.absence.started"]).toBeGreaterThan(0);
    expect(lines).toEqual((await collect(options)).map((r) => r.value));
  });

  test("bad options are refused with a message naming the option", async () => {
    await expect(generateCommand.run(["--to", join(dir, "x.ndjson"), "--bad-rate", "0.7"])).rejects.toThrow(
      /--bad-rate/,
    );
    await expect(generateCommand.run(["--to", join(dir, "x.ndjson"), "--start", "2024-13"])).rejects.toThrow(
      /--start/,
    );
    await expect(generateCommand.run(["--orgs", "2"])).rejects.toThrow(/--to/);
  });
});

describe("Kafka output", () => {
  test("produces every record to its contract topic with the partition key as message key", async () => {
    const kafka = await testKafka("ohwb-generate-test");
    const prefix = `gen-${randomUUID().slice(0, 8)}`;
    const topicName = (t: string) => `${prefix}.${t}`;
    const small = { ...options, months: 1 };
    const summary = await produceRecordsToKafka(kafka, generateBatches(small), {
      topicName,
      batchSize: 500,
    });
    const expected = await collect(small);
    expect(summary.total).toBe(expected.length);

    const received: { topic: string; key: string; value: string }[] = [];
    const consumer = kafka.consumer({ groupId: `${prefix}-check` });
    await consumer.connect();
    try {
      for (const t of topics) await consumer.subscribe({ topic: topicName(t.name), fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ topic, message }) => {
          received.push({ topic, key: String(message.key), value: String(message.value) });
        },
      });
      const deadline = Date.now() + 45_000;
      while (received.length < expected.length && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 200));
    } finally {
      await consumer.disconnect();
    }
    expect(received.length).toBe(expected.length);
    const sortKey = (r: { topic: string; key: string; value: string }) =>
      `${r.topic}\u0000${r.key}\u0000${r.value}`;
    expect(received.map(sortKey).sort()).toEqual(
      expected.map((r) => sortKey({ topic: topicName(r.topic), key: r.key, value: r.value })).sort(),
    );
  });
});
