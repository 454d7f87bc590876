/**
 * The one configuration file (`ohwb.config.json`), validated by Zod, with
 * environment overrides. Precedence, lowest first: defaults in the schema →
 * the file → environment variables → command-line flags (applied by each
 * command). Secrets never live here: the pseudonymisation key comes from
 * OHWB_PSEUDONYM_KEY or a key file outside the warehouse, Kafka passwords from
 * KAFKA_SASL_PASSWORD.
 *
 * Where the file is found: `--config FILE`, else $OHWB_CONFIG, else
 * ./ohwb.config.json when it exists, else defaults only.
 * The documented example is `ohwb.config.example.json` (checked by a test).
 */
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { z } from "zod";
import { ConfigError } from "./errors.js";
import { configMessages as message } from "./messages.js";

const cronExpression = z
  .string()
  .min(9)
  .describe("cron expression (5 fields, or 6 with seconds), interpreted in schedule.timezone");

const packScope = z
  .string()
  .regex(
    /^(england|region:[A-Z0-9]+|ics:[A-Z0-9]+|org:[A-Z0-9]+)$/,
    "england, region:CODE, ics:CODE or org:CODE",
  );

export const configSchema = z
  .object({
    $schema: z.string().optional().describe("path or URL of this file's JSON Schema (for editors)"),
    warehouse: z.string().min(1).default("ohwb.duckdb").describe("the DuckDB warehouse file"),
    kafka: z
      .object({
        brokers: z
          .array(z.string().regex(/^[^\s:]+:\d+$/, "host:port"))
          .min(1)
          .default(["127.0.0.1:9092"])
          .describe("bootstrap brokers, host:port"),
        clientId: z.string().min(1).default("ohwb").describe("client id prefix; each job appends its name"),
        groupId: z.string().min(1).default("ohwb-ingest").describe("ingest consumer group"),
        ssl: z.boolean().default(false).describe("connect with TLS"),
        sasl: z
          .object({
            mechanism: z.enum(["plain", "scram-sha-256", "scram-sha-512"]),
            username: z.string().min(1),
          })
          .strict()
          .optional()
          .describe("the password comes from KAFKA_SASL_PASSWORD, never from this file"),
      })
      .strict()
      .prefault({}),
    pseudonymKeyFile: z
      .string()
      .min(1)
      .optional()
      .describe("file holding the HMAC key when OHWB_PSEUDONYM_KEY is unset; keep it outside the warehouse"),
    valueModel: z.string().min(1).default("config/value-model.json").describe("value-model assumptions file"),
    referenceData: z
      .string()
      .min(1)
      .optional()
      .describe(
        "folder of NHS England reference data laid out like the shipped reference/nhs-sickness-absence (benchmarking/, reasons/), or a folder of benchmarking CSVs; default: the project's own copy",
      ),
    outputs: z
      .object({
        dashboards: z
          .string()
          .min(1)
          .default("out/dashboards")
          .describe("where ohwb dashboards build writes the site"),
        packs: z
          .string()
          .min(1)
          .default("out/packs")
          .describe("where evidence packs go, one directory per quarter and scope"),
      })
      .strict()
      .prefault({}),
    publication: z
      .object({
        publisher: z
          .string()
          .min(1)
          .default("Publisher not configured (set publication.publisher)")
          .describe("the organisation that publishes the evidence packs, named on every pack's cover"),
        protectiveMarking: z
          .string()
          .min(1)
          .default("OFFICIAL")
          .describe("protective marking printed on every pack page (Government Security Classifications)"),
      })
      .strict()
      .prefault({})
      .describe("how evidence packs name their publisher; the publication date is the data's as-of date"),
    schedule: z
      .object({
        timezone: z
          .string()
          .min(1)
          .default("Europe/London")
          .describe("IANA time zone the cron expressions use"),
        refresh: z
          .object({
            enabled: z.boolean().default(true),
            cron: cronExpression.default("*/15 * * * *"),
            idleSeconds: z
              .number()
              .int()
              .positive()
              .default(10)
              .describe("ingest stops after this long idle"),
          })
          .strict()
          .prefault({})
          .describe("ingest until idle → incremental transform → data tests → analyst snapshot"),
        packs: z
          .object({
            enabled: z.boolean().default(true),
            cron: cronExpression
              .default("0 6 3 1,4,7,10 *")
              .describe("default: 06:00 on the 3rd of the month after each quarter"),
            scopes: z.array(packScope).min(1).default(["england"]),
            catchUpFrom: z
              .string()
              .regex(/^\d{4}-Q[1-4]$/, "YYYY-Qn")
              .optional()
              .describe(
                "on start, build any missing pack from this quarter on (default: the last complete quarter only)",
              ),
          })
          .strict()
          .prefault({}),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export type OhwbConfig = z.infer<typeof configSchema>;

/** Environment variables that override the file, and the setting each one sets. */
export const environmentOverrides = {
  OHWB_WAREHOUSE: "warehouse",
  KAFKA_BROKERS: "kafka.brokers (comma-separated host:port list)",
  KAFKA_CLIENT_ID: "kafka.clientId",
  KAFKA_GROUP_ID: "kafka.groupId",
  OHWB_PSEUDONYM_KEY_FILE: "pseudonymKeyFile",
  OHWB_VALUE_MODEL: "valueModel",
  OHWB_REFERENCE_DIR: "referenceData",
} as const;

function applyEnvironment(raw: Record<string, unknown>, env: NodeJS.ProcessEnv): Record<string, unknown> {
  const out: Record<string, unknown> = { ...raw };
  const kafka: Record<string, unknown> = { ...((raw.kafka as Record<string, unknown> | undefined) ?? {}) };
  if (env.OHWB_WAREHOUSE) out.warehouse = env.OHWB_WAREHOUSE;
  if (env.KAFKA_BROKERS)
    kafka.brokers = env.KAFKA_BROKERS.split(",")
      .map((broker) => broker.trim())
      .filter(Boolean);
  if (env.KAFKA_CLIENT_ID) kafka.clientId = env.KAFKA_CLIENT_ID;
  if (env.KAFKA_GROUP_ID) kafka.groupId = env.KAFKA_GROUP_ID;
  if (Object.keys(kafka).length > 0) out.kafka = kafka;
  if (env.OHWB_PSEUDONYM_KEY_FILE) out.pseudonymKeyFile = env.OHWB_PSEUDONYM_KEY_FILE;
  if (env.OHWB_VALUE_MODEL) out.valueModel = env.OHWB_VALUE_MODEL;
  if (env.OHWB_REFERENCE_DIR) out.referenceData = env.OHWB_REFERENCE_DIR;
  return out;
}

export interface LoadedConfig {
  config: OhwbConfig;
  /** The file read, or null when only defaults and the environment apply. */
  path: string | null;
  /** True when kafka.brokers came from the file or KAFKA_BROKERS rather than the default. */
  brokersConfigured: boolean;
}

/**
 * Reads and validates the configuration. `explicitPath` is `--config`; a
 * named file that does not exist is an error, the implicit ./ohwb.config.json
 * is optional.
 */
export function loadConfig(explicitPath?: string, env: NodeJS.ProcessEnv = process.env): LoadedConfig {
  const named = explicitPath ?? env.OHWB_CONFIG;
  const path = named ? resolve(named) : existsSync("ohwb.config.json") ? resolve("ohwb.config.json") : null;
  let raw: Record<string, unknown> = {};
  if (path) {
    if (!existsSync(path)) throw new ConfigError(message.configMissing(path), { path });
    try {
      const parsed: unknown = JSON.parse(readFileSync(path, "utf8"));
      if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
        throw new Error("the top level must be a JSON object");
      raw = parsed as Record<string, unknown>;
    } catch (error) {
      throw new ConfigError(message.configUnreadable(path, (error as Error).message), { path });
    }
  }
  const result = configSchema.safeParse(applyEnvironment(raw, env));
  if (!result.success) {
    const issues = result.error.issues.map(
      (issue) => `${issue.path.join(".") || "(top level)"}: ${issue.message}`,
    );
    throw new ConfigError(message.configInvalid(path ?? "environment", issues), { path, issues });
  }
  const fileKafka = raw.kafka as Record<string, unknown> | undefined;
  const brokersConfigured = Boolean(env.KAFKA_BROKERS) || fileKafka?.brokers !== undefined;
  return { config: result.data, path, brokersConfigured };
}
