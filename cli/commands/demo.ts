/**
 * `ohwb demo`: the whole pipeline in one command — local broker, synthetic
 * events to Kafka, the NHS 2023 reference import, ingest, transforms, data
 * tests, the dashboard site and the analyst snapshot — then where to look.
 * The steps are in cli/demo/demo-steps.ts.
 */
import { basename, isAbsolute, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { evidenceSettings, loadConfig, type OhwbConfig } from "../../core/config.js";
import { benchmarkingFiles } from "../../core/reference-data.js";
import { localBrokerSettings } from "../../kafka/local-broker/local-kafka.js";
import { log } from "../cli-log.js";
import { demoMessages as message } from "../cli-messages.js";
import type { Command } from "../command.js";
import { configOption } from "../command-config.js";
import { defineCommand } from "../define-command.js";
import { numberOption } from "../number-option.js";

/**
 * 8 organisations × 24 months from 2023-01: the first synthetic year lines up with the NHS
 * England 2023 benchmarking CSVs and is the value model's default pre-period baseline
 * (config/value-model.json), so the second year has days saved and a return on investment.
 */
export const demoDefaults = {
  out: "demo-output",
  orgs: 8,
  months: 24,
  seed: 1,
  start: "2023-01",
  badRate: 0.005,
  scale: 1,
} as const;

const d = demoDefaults;

/** The demo reads brokers and the key file from the environment; the config file's choices join it there. */
function demoEnvironment(config: OhwbConfig, brokersConfigured: boolean): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (brokersConfigured) env.KAFKA_BROKERS = config.kafka.brokers.join(",");
  if (config.pseudonymKeyFile) env.OHWB_PSEUDONYM_KEY_FILE = config.pseudonymKeyFile;
  return env;
}

export const demoCommand: Command = defineCommand({
  name: "demo",
  description: `Starts a local Kafka broker (unless KAFKA_BROKERS, or kafka.brokers in the
configuration file, names one), generates synthetic
events for real NHS trusts into Kafka (with a few deliberately bad ones, so the
dead-letter path shows), imports NHS England's 2023 sickness absence
benchmarking CSVs (shipped in reference/nhs-sickness-absence/), ingests, builds
the marts, runs the data tests, builds the dashboard site and an England
evidence pack for the last quarter, publishes the analyst snapshot, then
prints where to open everything. Each step is timed on
stderr; the summary goes to stdout.

Every run starts from a fresh DIR/warehouse.duckdb (a new broker starts empty,
so an old warehouse's Kafka offsets would not fit it); other files in DIR are
left alone. The pseudonym key is OHWB_PSEUDONYM_KEY, or a demo key kept outside
the warehouse (the config's pseudonymKeyFile or OHWB_PSEUDONYM_KEY_FILE, default
~/.config/ohwb/pseudonym-key). The demo keeps its own warehouse and outputs in
DIR, so the config's warehouse and outputs settings do not apply to it.`,
  options: {
    out: { type: "string", value: "DIR", help: `output directory (default ./${d.out})` },
    orgs: { type: "string", value: "N", help: `organisations (default ${d.orgs})` },
    months: { type: "string", value: "M", help: `months of synthetic data (default ${d.months})` },
    start: {
      type: "string",
      value: "YYYY-MM",
      help: `first synthetic month (default ${d.start}, the reference year)`,
    },
    seed: { type: "string", value: "S", help: `generator seed (default ${d.seed})` },
    "bad-rate": {
      type: "string",
      value: "R",
      help: `fraction of deliberately invalid events (default ${d.badRate})`,
    },
    scale: {
      type: "string",
      value: "F",
      help: `multiply each organisation's staff, 0 < F <= 2 (default ${d.scale})`,
    },
    reference: {
      type: "string",
      value: "DIR|FILE",
      help: `NHS England benchmarking CSVs to import and take organisations from: a CSV, a folder of them, or a reference folder with benchmarking/ inside (default: reference/nhs-sickness-absence/ in the project; OHWB_REFERENCE_DIR overrides it)`,
    },
    json: { type: "boolean", help: "print the summary (outputs, counts, checks) as JSON on stdout" },
    ...configOption,
  },
  async run({ values }) {
    // the heavy modules load only when the command runs, so its --help answers at once
    const { createDemoContext, demoSteps } = await import("../demo/demo-steps.js");
    const { runDemoSteps } = await import("../demo/step-runner.js");
    const began = performance.now();
    const out = resolve(values.out ?? d.out);
    // No signal handlers: Ctrl-C ends the process and the local broker exits with it (its stdin
    // closes). Nothing needs finishing, since every run starts from a fresh warehouse.
    const controller = new AbortController();
    const { config, brokersConfigured } = loadConfig(values.config);
    const env = demoEnvironment(config, brokersConfigured);
    const reference = { flag: values.reference, configured: config.referenceData };
    // Fail before the broker starts when --reference or referenceData names nothing usable.
    benchmarkingFiles(reference);
    const generateOptions = {
      orgs: numberOption("orgs", values.orgs, true) ?? d.orgs,
      months: numberOption("months", values.months, true) ?? d.months,
      seed: numberOption("seed", values.seed, true) ?? d.seed,
      start: values.start ?? d.start,
      badRate: numberOption("bad-rate", values["bad-rate"], false) ?? d.badRate,
      scale: numberOption("scale", values.scale, false) ?? d.scale,
    };
    // The generator's own ranges (--months 0, --bad-rate 0.6), checked before the broker starts.
    const { resolveGenerateOptions } = await import("../../generator/generate-events.js");
    resolveGenerateOptions(generateOptions);
    const context = createDemoContext({
      out,
      ...generateOptions,
      reference,
      localBroker: localBrokerSettings(config.localBroker),
      pack: { publication: config.publication, render: config.render, evidence: evidenceSettings(config) },
      ingest: { ...config.ingest, consumer: config.kafka.consumer },
      env,
      signal: controller.signal,
      note: (line) => log.info(line),
    });
    try {
      await runDemoSteps(demoSteps, context);
    } finally {
      await context.localBroker?.stop();
    }
    // a command the user can paste where they are: plain `ohwb` when it ran as the installed bin,
    // `node dist/cli/ohwb.js` inside a checkout, the script's absolute path from anywhere else
    const scriptPath = process.argv[1] ?? "dist/cli/ohwb.js";
    const script = relative(process.cwd(), scriptPath);
    const inHere = script && !script.startsWith("..") && !isAbsolute(script);
    const cli =
      basename(scriptPath) === "ohwb" ? "ohwb" : `node ${shellWord(inHere ? script : resolve(scriptPath))}`;
    const warehouseRelative = relative(process.cwd(), context.warehousePath);
    const warehouseArg = shellWord(
      warehouseRelative && !warehouseRelative.startsWith("..") ? warehouseRelative : context.warehousePath,
    );
    const generation = context.generation;
    const ingest = context.ingest;
    const summary = {
      seconds: (performance.now() - began) / 1000,
      warehouse: context.warehousePath,
      snapshot: context.snapshotPath,
      siteIndexUrl:
        context.sitePages === undefined ? undefined : pathToFileURL(`${context.siteDir}/index.html`).href,
      pack: context.packDir,
      queryCommand: `${cli} query --warehouse ${warehouseArg} "SELECT month_end, name, rate_pct FROM mart_absence_rate WHERE level = 'organisation' AND staff_group = 'All staff groups' ORDER BY month_end DESC, name LIMIT 10"`,
      generated: generation?.total ?? 0,
      bad: generation?.bad ?? 0,
      loaded: ingest?.loaded ?? 0,
      duplicates: ingest?.duplicates ?? 0,
      deadLettersByReason: [...(ingest?.deadLettersByReason ?? new Map<string, number>())].sort(),
      referenceRows: context.referenceImport?.reduce((sum, r) => sum + r.loaded, 0),
      checksPassed: context.checks?.filter((c) => c.passed).length ?? 0,
      keySource: context.pseudonymKeySource,
    };
    process.stdout.write(
      values.json
        ? `${JSON.stringify({ ...summary, deadLettersByReason: Object.fromEntries(summary.deadLettersByReason) }, null, 2)}\n`
        : `${message.demoSummary(summary)}\n`,
    );
    return 0;
  },
});

/** A path as one shell word: bare when it is plain, single-quoted otherwise. */
function shellWord(path: string): string {
  return /^[\w./@%+=:,-]+$/.test(path) ? path : `'${path.replaceAll("'", `'\\''`)}'`;
}
