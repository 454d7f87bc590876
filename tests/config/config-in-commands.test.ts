/**
 * The commands take their settings from the configuration file: Kafka brokers
 * (generate, ingest), the pseudonym key file (ingest), the warehouse and output
 * directories — each checked through the built CLI.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Pseudonymiser } from "../../ingest/pseudonymise.js";
import { immunisationEvent } from "../ingest/event-factory.js";
import { queryWarehouse, TEST_KEY } from "../ingest/warehouse-fixture.js";
import { runCli } from "./cli-run.js";

const directory = mkdtempSync(join(tmpdir(), "ohwb-config-commands-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function writeJson(name: string, content: unknown): string {
  const path = join(directory, name);
  writeFileSync(path, JSON.stringify(content));
  return path;
}

// Nothing listens on these ports, so the error names the brokers the command was given.
const unreachable = ["127.0.0.1:1", "127.0.0.1:2"];

describe("Kafka brokers come from the file, KAFKA_BROKERS overrides them", () => {
  const config = writeJson("brokers.json", { kafka: { brokers: unreachable } });

  it("ohwb generate --to kafka", () => {
    const run = runCli(["generate", "--to", "kafka", "--orgs", "1", "--months", "1", "--config", config]);
    expect(run.code).toBe(75); // broker unreachable: retriable
    expect(run.stderr).toContain("127.0.0.1:1,127.0.0.1:2");
    const overridden = runCli(
      ["generate", "--to", "kafka", "--orgs", "1", "--months", "1", "--config", config],
      {
        env: { KAFKA_BROKERS: "127.0.0.1:3" },
      },
    );
    expect(overridden.code).toBe(75);
    expect(overridden.stderr).toContain("127.0.0.1:3");
    expect(overridden.stderr).not.toContain("127.0.0.1:1");
  });

  it("ohwb ingest", () => {
    const run = runCli(
      ["ingest", "--create", "--warehouse", join(directory, "brokers.duckdb"), "--config", config],
      {
        env: { OHWB_PSEUDONYM_KEY: TEST_KEY },
      },
    );
    expect(run.code).toBe(75);
    expect(run.stderr).toContain("127.0.0.1:1,127.0.0.1:2");
  });
});

describe("ingest's pseudonym key from the file's pseudonymKeyFile", () => {
  const events = Array.from({ length: 20 }, (_, n) => immunisationEvent("config-key", n));
  const ndjson = join(directory, "events.ndjson");
  writeFileSync(ndjson, `${events.map((e) => JSON.stringify(e.event)).join("\n")}\n`);

  it("refuses to ingest when the configured key file is missing", () => {
    const missing = join(directory, "no-such-key");
    const config = writeJson("missing-key.json", { pseudonymKeyFile: missing });
    const run = runCli([
      "ingest",
      "--create",
      "--from-file",
      ndjson,
      "--warehouse",
      join(directory, "k0.duckdb"),
      "--config",
      config,
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`The pseudonym key file ${missing}`);
    expect(existsSync(join(directory, "k0.duckdb"))).toBe(false);
  });

  it("keys the pseudonyms with the file's key", async () => {
    const keyFile = join(directory, "pseudonym-key");
    writeFileSync(keyFile, `${TEST_KEY}\n`, { mode: 0o600 });
    const warehouse = join(directory, "k1.duckdb");
    const config = writeJson("key.json", { pseudonymKeyFile: keyFile, warehouse });
    const run = runCli(["ingest", "--create", "--from-file", ndjson, "--config", config]);
    expect(run.code, run.stderr).toBe(0);
    const rows = (await queryWarehouse(
      warehouse,
      "SELECT payload ->> 'immunisation_id', payload ->> 'staff_id' FROM raw_ohwb_immunisation_administered",
    )) as [string, string][];
    expect(rows).toHaveLength(events.length);
    const pseudonymiser = new Pseudonymiser(TEST_KEY);
    const expected = new Map(
      events.map((e) => {
        const payload = e.event.payload as { immunisation_id: string; staff_id: string };
        return [payload.immunisation_id, pseudonymiser.pseudonym(payload.staff_id)];
      }),
    );
    for (const [id, staff] of rows) expect(staff).toBe(expected.get(id));
  });

  it("with --demo, creates the demo key in the configured file", () => {
    const keyFile = join(directory, "keys", "demo-key");
    const config = writeJson("demo-key.json", { pseudonymKeyFile: keyFile });
    const run = runCli([
      "ingest",
      "--create",
      "--demo",
      "--from-file",
      ndjson,
      "--warehouse",
      join(directory, "k2.duckdb"),
      "--config",
      config,
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(readFileSync(keyFile, "utf8").trim()).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe("warehouse and output directories from the file", () => {
  it("ohwb check, dashboards and pack name the configured warehouse when it is missing", () => {
    const warehouse = join(directory, "absent.duckdb");
    const config = writeJson("absent.json", { warehouse });
    for (const args of [
      ["check"],
      ["dashboards", "build"],
      ["pack", "--quarter", "2023-Q4", "--scope", "england"],
    ]) {
      const run = runCli([...args, "--config", config]);
      expect(run.code, args.join(" ")).toBe(1);
      expect(run.stderr).toContain(`No warehouse at ${warehouse}`);
    }
    // and they did not create it
    expect(existsSync(warehouse)).toBe(false);
  });
});
