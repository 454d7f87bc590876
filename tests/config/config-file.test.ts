/**
 * The one configuration file: the documented example is valid and complete, the
 * committed JSON Schema is what core/config.ts generates, environment overrides
 * beat the file and flags beat both, and a bad or missing file stops the CLI
 * with exit 1 and a message naming the problem.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { afterAll, describe, expect, it } from "vitest";
import { commandIndex } from "../../cli/command-index.js";
import { configSchema, environmentOverrides, loadConfig } from "../../core/config.js";
import {
  configJsonSchemaIsFresh,
  configJsonSchemaPath,
  configJsonSchemaText,
} from "../../core/config-json-schema.js";
import { ConfigError } from "../../core/errors.js";
import { projectRoot } from "../../core/project-root.js";
import { runCli } from "./cli-run.js";

const examplePath = join(projectRoot(), "ohwb.config.example.json");
const directory = mkdtempSync(join(tmpdir(), "ohwb-config-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function writeConfig(name: string, content: unknown): string {
  const path = join(directory, name);
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content, null, 2));
  return path;
}

/** Every dotted key path of a JSON object (arrays are leaves). */
function keyPaths(value: unknown, prefix = ""): string[] {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return [prefix];
  return Object.entries(value).flatMap(([key, inner]) => keyPaths(inner, prefix ? `${prefix}.${key}` : key));
}

describe("ohwb.config.example.json", () => {
  const example = JSON.parse(readFileSync(examplePath, "utf8")) as Record<string, unknown>;

  it("validates, and loading it changes nothing it sets", () => {
    const { config, path } = loadConfig(examplePath, {});
    expect(path).toBe(examplePath);
    expect(config).toEqual(example);
  });

  it("sets every setting the schema knows (so it documents them all)", () => {
    // the schema filled with defaults, plus the optional settings, is the full list of settings
    const defaults = configSchema.parse({});
    const optional = [
      "$schema",
      "pseudonymKeyFile",
      "referenceData",
      "kafka.sasl.mechanism",
      "kafka.sasl.username",
      "localBroker.kafkaVersion",
      "ingest.decodeWorkers",
      // no sickness absence target unless one is set; the example sets one, with a scope's own
      "targets.sicknessAbsenceRatePct.value",
      "targets.sicknessAbsenceRatePct.scopes.ics:QHL",
      "targets.sicknessAbsenceRatePct.source",
    ];
    const all = [...keyPaths(defaults), ...optional, "schedule.packs.catchUpFrom"].sort();
    expect(keyPaths(example).sort()).toEqual([...new Set(all)].sort());
  });

  it("passes an independent JSON Schema validator against the committed schema its $schema names", () => {
    expect(example.$schema).toBe("./config/ohwb.config.schema.json");
    const schema = JSON.parse(readFileSync(join(projectRoot(), "config", "ohwb.config.schema.json"), "utf8"));
    const validate = new Ajv2020({ strict: false, allErrors: true }).compile(schema);
    expect(validate(example), JSON.stringify(validate.errors)).toBe(true);
    // and the JSON Schema rejects what Zod rejects
    expect(validate({ ...example, wharehouse: "typo.duckdb" })).toBe(false);
    expect(validate({ ...example, kafka: { brokers: ["no-port"] } })).toBe(false);
  });
});

describe("config/ohwb.config.schema.json", () => {
  it("is what configSchema generates now (run `ohwb config schema --write` if this fails)", () => {
    // compared parsed: Biome formats the committed file
    expect(JSON.parse(readFileSync(configJsonSchemaPath(), "utf8"))).toEqual(
      JSON.parse(configJsonSchemaText()),
    );
    expect(configJsonSchemaIsFresh()).toBe(true);
  });

  it("the freshness check notices a changed or missing schema file", () => {
    const schema = JSON.parse(configJsonSchemaText());
    schema.properties.warehouse.default = "elsewhere.duckdb";
    expect(configJsonSchemaIsFresh(writeConfig("stale-schema.json", schema))).toBe(false);
    expect(configJsonSchemaIsFresh(join(directory, "no-schema.json"))).toBe(false);
    expect(configJsonSchemaIsFresh(writeConfig("same-schema.json", configJsonSchemaText()))).toBe(true);
  });

  it("`ohwb config schema --check` agrees, and `ohwb config schema` prints the same text", () => {
    expect(runCli(["config", "schema", "--check"]).code).toBe(0);
    const generated = runCli(["config", "schema"]);
    expect(generated.code).toBe(0);
    expect(JSON.parse(generated.stdout)).toEqual(JSON.parse(readFileSync(configJsonSchemaPath(), "utf8")));
  });
});

describe("precedence: defaults → file → environment → flags", () => {
  const file = writeConfig("precedence.json", {
    warehouse: join(directory, "from-file.duckdb"),
    kafka: { brokers: ["file-broker:9092"], groupId: "file-group" },
    valueModel: "file-value-model.json",
  });

  it("uses the schema defaults when there is no file", () => {
    const { config, path } = loadConfig(undefined, {});
    expect(path).toBeNull();
    expect(config.warehouse).toBe("ohwb.duckdb");
    expect(config.kafka.brokers).toEqual(["127.0.0.1:9092"]);
    expect(config.schedule.refresh.cron).toBe("*/15 * * * *");
  });

  it("takes the file over the defaults, and every environment override over the file", () => {
    expect(loadConfig(file, {}).config).toMatchObject({
      warehouse: join(directory, "from-file.duckdb"),
      kafka: { brokers: ["file-broker:9092"], groupId: "file-group", clientId: "ohwb" },
      valueModel: "file-value-model.json",
    });
    const env = {
      OHWB_WAREHOUSE: "/data/from-env.duckdb",
      KAFKA_BROKERS: "env-a:9092, env-b:9093",
      KAFKA_CLIENT_ID: "env-client",
      KAFKA_GROUP_ID: "env-group",
      OHWB_PSEUDONYM_KEY_FILE: "/keys/from-env",
      OHWB_VALUE_MODEL: "/models/from-env.json",
      OHWB_REFERENCE_DIR: "/data/reference",
      OHWB_KAFKA_VERSION: "4.1.1",
      OHWB_KAFKA_JVM_OPTS: "-Xmx256m  -XX:+UseSerialGC",
      OHWB_TRANSFORM_PROFILE: "1",
      OHWB_LOG_LEVEL: "warn",
      OHWB_KAFKA_SESSION_TIMEOUT_MS: "6000",
      OHWB_KAFKA_REBALANCE_TIMEOUT_MS: "3000",
      OHWB_KAFKA_HEARTBEAT_MS: "500",
      OHWB_DECODE_WORKERS: "0",
      OHWB_INGEST_FLUSH_MESSAGES: "200",
      OHWB_CHROMIUM: "/opt/chromium/chrome",
      OHWB_FONT_DIR: "/opt/fonts",
    };
    // the test covers every documented override
    expect(Object.keys(env).sort()).toEqual(Object.keys(environmentOverrides).sort());
    const { config } = loadConfig(file, env);
    expect(config.warehouse).toBe("/data/from-env.duckdb");
    expect(config.kafka).toMatchObject({
      brokers: ["env-a:9092", "env-b:9093"],
      clientId: "env-client",
      groupId: "env-group",
    });
    expect(config.pseudonymKeyFile).toBe("/keys/from-env");
    expect(config.valueModel).toBe("/models/from-env.json");
    expect(config.referenceData).toBe("/data/reference");
    expect(config.localBroker).toEqual({
      kafkaVersion: "4.1.1",
      jvmOptions: ["-Xmx256m", "-XX:+UseSerialGC"],
    });
    expect(config.transform.profile).toBe(true);
    expect(config.log.level).toBe("warn");
    expect(config.kafka.consumer).toEqual({
      sessionTimeoutMs: 6000,
      rebalanceTimeoutMs: 3000,
      heartbeatMs: 500,
    });
    expect(config.ingest).toEqual({ decodeWorkers: 0, flushMessages: 200 });
    expect(config.render).toEqual({ chromium: "/opt/chromium/chrome", fontDir: "/opt/fonts" });
    // a value that is not a number is refused with the setting it overrides, not read as the default
    expect(() => loadConfig(file, { OHWB_DECODE_WORKERS: "many" })).toThrow(
      /ingest\.decodeWorkers|OHWB_DECODE_WORKERS/,
    );
  });

  it("finds the file through OHWB_CONFIG, and ./ohwb.config.json in the working directory", () => {
    expect(loadConfig(undefined, { OHWB_CONFIG: file }).config.kafka.groupId).toBe("file-group");
    const cwd = mkdtempSync(join(directory, "cwd-"));
    writeFileSync(join(cwd, "ohwb.config.json"), JSON.stringify({ warehouse: "implicit.duckdb" }));
    const shown = runCli(["config", "show"], { cwd });
    expect(shown.code).toBe(0);
    expect(JSON.parse(shown.stdout).warehouse).toBe("implicit.duckdb");
    expect(shown.stderr).toContain(join(cwd, "ohwb.config.json"));
  });

  it("the CLI takes the warehouse from the file, then OHWB_WAREHOUSE, then --warehouse", () => {
    // ohwb status names the warehouse it looked for when it is missing
    const fromFile = runCli(["status", "--config", file]);
    expect(fromFile.code).toBe(1);
    expect(fromFile.stderr).toContain("from-file.duckdb");
    const fromEnv = runCli(["status", "--config", file], {
      env: { OHWB_WAREHOUSE: join(directory, "from-env.duckdb") },
    });
    expect(fromEnv.stderr).toContain("from-env.duckdb");
    expect(fromEnv.stderr).not.toContain("from-file.duckdb");
    const fromFlag = runCli(
      ["status", "--config", file, "--warehouse", join(directory, "from-flag.duckdb")],
      { env: { OHWB_WAREHOUSE: join(directory, "from-env.duckdb") } },
    );
    expect(fromFlag.stderr).toContain("from-flag.duckdb");
    expect(fromFlag.stderr).not.toMatch(/from-(env|file)\.duckdb/);
  });

  it("ohwb transform reads the value model named by the file", () => {
    const model = writeConfig("broken-value-model.json", { annual_cost_per_fte_gbp: "lots" });
    const config = writeConfig("value-model-config.json", {
      warehouse: join(directory, "transform.duckdb"),
      valueModel: model,
    });
    const run = runCli(["transform", "--config", config, "--as-of", "2024-01-31"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(model);
  });
});

describe("a bad configuration stops the CLI with exit 1 and says what is wrong", () => {
  it.each([
    ["an unknown key", { kafka: { brokerz: ["a:1"] } }, /kafka: Unrecognized key: "brokerz"/],
    ["a misspelt top-level key", { wharehouse: "x.duckdb" }, /Unrecognized key: "wharehouse"/],
    ["a wrong type", { warehouse: 42 }, /warehouse: Invalid input: expected string/],
    ["a broker without a port", { kafka: { brokers: ["localhost"] } }, /kafka\.brokers\.0: host:port/],
    [
      "a negative idle time",
      { schedule: { refresh: { idleSeconds: -5 } } },
      /schedule\.refresh\.idleSeconds/,
    ],
    ["a bad pack scope", { schedule: { packs: { scopes: ["wales"] } } }, /schedule\.packs\.scopes\.0/],
  ])("%s", (_label, content, expected) => {
    const path = writeConfig("invalid.json", content);
    expect(() => loadConfig(path, {})).toThrow(ConfigError);
    const run = runCli(["config", "show", "--config", path]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(expected);
    expect(run.stderr).toContain(`Invalid configuration (${path})`);
    // every command reads the file the same way
    const query = runCli(["query", "SELECT 1", "--config", path]);
    expect(query.code).toBe(1);
    expect(query.stderr).toMatch(expected);
  });

  it("a file that is not JSON", () => {
    const path = writeConfig("not-json.json", "{ warehouse: 'x' ");
    const run = runCli(["status", "--config", path]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`Cannot read the configuration file ${path}`);
  });

  it("a bad environment override names the setting it overrides", () => {
    const run = runCli(["config", "show"], { env: { KAFKA_BROKERS: "no-port-here" } });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/Invalid configuration \(environment\)[\s\S]*kafka\.brokers\.0: host:port/);
  });

  it("--config naming a missing file is an error, not the defaults", () => {
    const missing = join(directory, "does-not-exist.json");
    for (const command of ["status", "query", "ingest", "transform", "config"]) {
      const args =
        command === "config" ? ["config", "show"] : command === "query" ? ["query", "SELECT 1"] : [command];
      const run = runCli([...args, "--config", missing]);
      expect(run.code, `${command}: ${run.stderr}`).toBe(1);
      expect(run.stderr).toContain(`Configuration file ${missing} does not exist`);
    }
    const viaEnv = runCli(["config", "show"], { env: { OHWB_CONFIG: missing } });
    expect(viaEnv.code).toBe(1);
    expect(viaEnv.stderr).toContain(`Configuration file ${missing} does not exist`);
  });

  it("every command accepts --config", async () => {
    // the commands the overview lists are the index's, whose help is each command's usage
    const overview = runCli(["--help"]).stdout;
    const names = [...overview.matchAll(/^ {2}([a-z-]+) {2,}/gm)].map((m) => m[1] as string);
    expect(names.sort()).toEqual(commandIndex.map((entry) => entry.name).sort());
    for (const entry of commandIndex)
      expect((await entry.load()).usage, entry.name).toContain("--config <FILE>");
  });
});
