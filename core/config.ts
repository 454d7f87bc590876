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
import { configMessages as message } from "./core-messages.js";
import { ConfigError } from "./errors.js";

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

/** A target of one measure: for every scope, for named scopes, or both (a scope's own wins). */
const measureTarget = z
  .object({
    value: z.number().min(0).max(100).optional().describe("the target (%) for every scope"),
    scopes: z
      .record(packScope, z.number().min(0).max(100))
      .default({})
      .describe('targets (%) of single scopes, e.g. {"org:RRK": 4.2}, over `value`'),
    source: z
      .string()
      .min(1)
      .optional()
      .describe("who set the target, stated beside it (e.g. the board paper or plan)"),
  })
  .strict();

/** OH timeliness is always judged against a target: SEQOHS asks for one in every SLA but sets no number. */
const ohTimelinessTarget = measureTarget.extend({
  value: z.number().min(0).max(100).default(90).describe("the target (%) for every scope"),
  source: z
    .string()
    .min(1)
    .default("local SLA assumption (SEQOHS sets no numbers; thresholds from MoHaWK)")
    .describe("who set the target, stated beside it"),
});

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
        consumer: z
          .object({
            sessionTimeoutMs: z.number().int().positive().default(10_000),
            rebalanceTimeoutMs: z.number().int().positive().default(10_000),
            heartbeatMs: z.number().int().positive().default(1_000),
          })
          .strict()
          .prefault({})
          .describe("the ingest consumer group's timeouts; shorter ones replace a killed member sooner"),
      })
      .strict()
      .prefault({}),
    ingest: z
      .object({
        decodeWorkers: z
          .number()
          .int()
          .min(0)
          .optional()
          .describe(
            "decode worker threads (0: decode on the loader's thread); default: one per core but one",
          ),
        flushMessages: z
          .number()
          .int()
          .positive()
          .default(10_000)
          .describe("messages per loaded batch (one DuckDB transaction with its offsets), at the most"),
      })
      .strict()
      .prefault({}),
    localBroker: z
      .object({
        kafkaVersion: z
          .string()
          .regex(/^\d+\.\d+\.\d+$/, "a version such as 3.9.2")
          .optional()
          .describe(
            "Apache Kafka version the local broker runs; its jars must be fetched first (`OHWB_KAFKA_VERSION=… bash scripts/bootstrap.sh`); default: kafka/pom.xml's",
          ),
        jvmOptions: z
          .array(z.string().min(1))
          .default([])
          .describe('extra JVM options for the local broker\'s nodes, e.g. ["-XX:TieredStopAtLevel=4"]'),
      })
      .strict()
      .prefault({})
      .describe("the local Apache Kafka broker of `ohwb broker`, `ohwb demo` and the tests"),
    render: z
      .object({
        chromium: z
          .string()
          .min(1)
          .default("/usr/bin/chromium")
          .describe("the headless Chromium that prints evidence packs to PDF (Debian's chromium)"),
        fontDir: z
          .string()
          .min(1)
          .default("/usr/share/fonts/truetype/dejavu")
          .describe(
            "folder with the DejaVu fonts the PNG charts are drawn with (Debian's fonts-dejavu-core)",
          ),
      })
      .strict()
      .prefault({}),
    log: z
      .object({
        level: z
          .enum(["error", "warn", "info", "debug"])
          .default("info")
          .describe(
            "how much the commands say on stderr: error, warn, info (progress and notices) or debug (also stack traces)",
          ),
      })
      .strict()
      .prefault({}),
    transform: z
      .object({
        profile: z
          .boolean()
          .default(false)
          .describe("print every statement of an incremental build with its time on stderr"),
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
    coverageThresholdPct: z
      .number()
      .min(0)
      .max(100)
      .default(80)
      .describe(
        "share (%) of an area's expected organisations that must report for a figure from the project's own events to stand for the area; below it the figure is labelled 'reporting organisations only' and totals such as cost are withheld as area totals",
      ),
    spc: z
      .object({
        baselineMonths: z
          .number()
          .int()
          .min(2)
          .default(24)
          .describe(
            "SPC mean and process limits come from a series' first this many published months and stay fixed after them (fewer months: all of them, with the short-series warning)",
          ),
        rebaseAt: z
          .array(z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "YYYY-MM"))
          .default([])
          .describe(
            "months (YYYY-MM) from which SPC limits are recalculated (Making Data Count rebasing, after a sustained, explained change); the site and the packs use the same; `ohwb dashboards build --spc-rebase` overrides it for one build",
          ),
      })
      .strict()
      .prefault({})
      .describe("SPC (XmR) limits of the site and the evidence packs"),
    targets: z
      .object({
        sicknessAbsenceRatePct: measureTarget
          .optional()
          .describe(
            "a target sickness absence rate (%), lower is better: drawn on the SPC charts and judged by the Making Data Count assurance icon; absent: no target, no assurance icon, and the pack says so",
          ),
        ohFirstAppointmentPct: ohTimelinessTarget
          .prefault({})
          .describe(
            "target share (%) of OH referrals with a first appointment within 10 working days (always set: default 90, a stated local-SLA assumption)",
          ),
        ohReportPct: ohTimelinessTarget
          .prefault({})
          .describe(
            "target share (%) of OH appointments reported within 2 working days (always set: default 90, a stated local-SLA assumption)",
          ),
      })
      .strict()
      .prefault({})
      .describe(
        "targets per measure: `value` for every scope, `scopes` for one pack scope (england, region:CODE, ics:CODE, org:CODE) over it, `source` naming who set it",
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

/** The settings that decide what a figure may claim, as the site and the packs take them. */
export function evidenceSettings(
  config: OhwbConfig,
): Pick<OhwbConfig, "coverageThresholdPct" | "spc" | "targets"> {
  return { coverageThresholdPct: config.coverageThresholdPct, spc: config.spc, targets: config.targets };
}

/** Environment variables that override the file, and the setting each one sets. */
export const environmentOverrides = {
  OHWB_WAREHOUSE: "warehouse",
  KAFKA_BROKERS: "kafka.brokers (comma-separated host:port list)",
  KAFKA_CLIENT_ID: "kafka.clientId",
  KAFKA_GROUP_ID: "kafka.groupId",
  OHWB_PSEUDONYM_KEY_FILE: "pseudonymKeyFile",
  OHWB_VALUE_MODEL: "valueModel",
  OHWB_REFERENCE_DIR: "referenceData",
  OHWB_KAFKA_VERSION: "localBroker.kafkaVersion",
  OHWB_KAFKA_JVM_OPTS: "localBroker.jvmOptions (space-separated)",
  OHWB_TRANSFORM_PROFILE: "transform.profile (1 or true)",
  OHWB_LOG_LEVEL: "log.level",
  OHWB_CHROMIUM: "render.chromium",
  OHWB_FONT_DIR: "render.fontDir",
  OHWB_KAFKA_SESSION_TIMEOUT_MS: "kafka.consumer.sessionTimeoutMs",
  OHWB_KAFKA_REBALANCE_TIMEOUT_MS: "kafka.consumer.rebalanceTimeoutMs",
  OHWB_KAFKA_HEARTBEAT_MS: "kafka.consumer.heartbeatMs",
  OHWB_DECODE_WORKERS: "ingest.decodeWorkers",
  OHWB_INGEST_FLUSH_MESSAGES: "ingest.flushMessages",
} as const;

/** How a variable's text becomes the setting's value; a variable not listed is taken as it is. */
const parseOverride: Partial<Record<keyof typeof environmentOverrides, (value: string) => unknown>> = {
  KAFKA_BROKERS: (value) =>
    value
      .split(",")
      .map((broker) => broker.trim())
      .filter(Boolean),
  OHWB_KAFKA_VERSION: (value) => value.trim() || undefined,
  OHWB_KAFKA_JVM_OPTS: (value) => (value.trim() ? value.trim().split(/\s+/) : undefined),
  OHWB_TRANSFORM_PROFILE: (value) => /^(1|true|yes)$/i.test(value),
  OHWB_LOG_LEVEL: (value) => value.trim().toLowerCase(),
  OHWB_KAFKA_SESSION_TIMEOUT_MS: number,
  OHWB_KAFKA_REBALANCE_TIMEOUT_MS: number,
  OHWB_KAFKA_HEARTBEAT_MS: number,
  OHWB_DECODE_WORKERS: number,
  OHWB_INGEST_FLUSH_MESSAGES: number,
};

/** Numbers in the environment are numbers in the file; a non-number is left for the schema to refuse. */
function number(value: string): unknown {
  return value.trim() !== "" && Number.isFinite(Number(value)) ? Number(value) : value;
}

/** Sets each override at the setting environmentOverrides names (its first word), over the file's value. */
function applyEnvironment(raw: Record<string, unknown>, env: NodeJS.ProcessEnv): Record<string, unknown> {
  const out: Record<string, unknown> = structuredClone(raw);
  for (const [variable, setting] of Object.entries(environmentOverrides)) {
    const text = env[variable];
    if (!text) continue;
    const parse = parseOverride[variable as keyof typeof environmentOverrides];
    const value = parse ? parse(text) : text;
    if (value === undefined) continue;
    const path = (setting.split(" ")[0] ?? setting).split(".");
    let section = out;
    for (const key of path.slice(0, -1)) {
      const inner = section[key];
      const next = inner !== null && typeof inner === "object" ? (inner as Record<string, unknown>) : {};
      section[key] = next;
      section = next;
    }
    section[path[path.length - 1] as string] = value;
  }
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
