/**
 * The steps of `ohwb demo`, in order: broker → generate → import the NHS 2023
 * reference data → ingest → transform, data tests and analyst snapshot (the
 * jobs/ pipeline every runner shares) → dashboards → the England pack (jobs/ too). Each step opens and closes the warehouse itself, so a step can be
 * added or run alone without sharing a connection.
 *
 * Rerun safety: every run starts from a fresh warehouse file. The demo's local
 * broker is new (empty) each run, so a kept warehouse would hold Kafka offsets
 * above the new broker's high-water marks and ingest would seek past
 * everything; deleting the demo's own files (nothing else in --out) avoids it.
 */
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { topics as contractTopics } from "../../contracts/index.js";
import { ConfigError } from "../../core/errors.js";
import {
  benchmarkingFiles,
  type ReferenceChoice,
  reasonFiles,
  referenceOrganisationsFile,
} from "../../core/reference-data.js";
import { parseQuarter } from "../../dashboards/pack/pack-quarter.js";
import { parseScope } from "../../dashboards/pack/pack-scope.js";
import { buildDashboardSite } from "../../dashboards/site/build-site.js";
import { generateBatches } from "../../generator/generate-events.js";
import type { GenerationSummary } from "../../generator/generation-summary.js";
import { produceRecordsToKafka } from "../../generator/kafka-sink.js";
import { openIngestSession } from "../../ingest/ingest-session.js";
import { type ConsumerTimeouts, runKafkaIngest } from "../../ingest/kafka-ingest.js";
import { type IngestProgress, ProgressPrinter } from "../../ingest/progress.js";
import { type BuildAndPublishResult, buildAndPublish } from "../../jobs/build-and-publish.js";
import { gateReport } from "../../jobs/data-test-gate.js";
import { type PublishPackOptions, publishPack } from "../../jobs/publish-pack.js";
import { assertBrokerReachable, createKafka, parseBrokerList } from "../../kafka/client.js";
import {
  type LocalKafka,
  type LocalKafkaOptions,
  startLocalKafka,
} from "../../kafka/local-broker/local-kafka.js";
import type { DataTestResult } from "../../transforms/data-tests.js";
import { analystSnapshotPath } from "../../warehouse/analyst/analyst-snapshot.js";
import { type ImportFileResult, importNhsAbsenceFiles } from "../../warehouse/nhs-absence-import.js";
import { importNhsReasonFiles } from "../../warehouse/nhs-reasons-import.js";
import { openWarehouse } from "../../warehouse/open-warehouse.js";
import { cliMessages, demoMessages as message } from "../cli-messages.js";
import type { DemoStep } from "./step-runner.js";

export interface DemoOptions {
  /** Output directory (absolute): the warehouse, its analyst snapshot and the site go here. */
  out: string;
  orgs: number;
  months: number;
  seed: number;
  /** First synthetic month, YYYY-MM. */
  start: string;
  badRate: number;
  scale: number;
  /** `--reference DIR|FILE` and the configuration's referenceData: the benchmarking CSVs to import and take organisations from (default: the shipped ones). */
  reference: ReferenceChoice;
  /** The configuration's ingest settings (decode workers, batch size, the consumer group's timeouts). */
  ingest: { decodeWorkers?: number; flushMessages: number; consumer: ConsumerTimeouts };
  /** The pack's publisher and marking, and the Chromium and fonts it is drawn with (config `publication`, `render`). */
  /** The pack's settings; its `evidence` (coverage threshold, SPC limits, targets) is the site's too. */
  pack: Pick<PublishPackOptions, "publication" | "render" | "evidence">;
  /** How to run the local broker (config `localBroker`) when no KAFKA_BROKERS is given. */
  localBroker: Pick<LocalKafkaOptions, "version" | "jvmOptions">;
  /** Environment to read KAFKA_BROKERS and the pseudonym key settings from. */
  env: NodeJS.ProcessEnv;
  /** Stops the ingest consumer (finishing its batch) when aborted, e.g. on Ctrl-C. */
  signal: AbortSignal;
  /** Writes one line to stderr at once (notes that should not wait for a throttled progress line). */
  note(line: string): void;
}

/** What the steps found out, for the summary and for later steps. */
export interface DemoContext {
  options: DemoOptions;
  warehousePath: string;
  siteDir: string;
  /** Last day of the last synthetic month: transforms and data tests judge the data as of it. */
  asOf: string;
  brokers?: string[];
  /** Set when the demo started its own broker; stopped at the end whatever happens. */
  localBroker?: LocalKafka;
  generation?: GenerationSummary;
  referenceImport?: ImportFileResult[];
  ingest?: IngestProgress;
  pseudonymKeySource?: string;
  transformedModels?: number;
  checks?: DataTestResult[];
  sitePages?: number;
  /** The England evidence pack for the quarter holding the as-of date. */
  packDir?: string;
  snapshotPath?: string;
}

/** YYYY-MM-DD of the last day of the last month of a window starting at `start` (YYYY-MM). */
export function windowEndDate(start: string, months: number): string {
  const match = /^(\d{4})-(\d{2})$/.exec(start);
  if (!match) throw new ConfigError(cliMessages.badOption("start", start, "a month as YYYY-MM"));
  const lastDay = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1 + months, 0));
  return lastDay.toISOString().slice(0, 10);
}

export function createDemoContext(options: DemoOptions): DemoContext {
  return {
    options,
    warehousePath: join(options.out, "warehouse.duckdb"),
    siteDir: join(options.out, "site"),
    asOf: windowEndDate(options.start, options.months),
  };
}

/** Removes the demo's own warehouse files from a previous run (and nothing else in --out). */
export function removePreviousWarehouse(warehousePath: string): boolean {
  const snapshot = analystSnapshotPath(warehousePath);
  const files = [warehousePath, `${warehousePath}.wal`, snapshot, `${snapshot}.wal`];
  const existed = files.some((f) => existsSync(f));
  for (const file of files) rmSync(file, { force: true });
  return existed;
}

/** Routes ingest's progress and messages into the step's progress line. */
class StepProgressPrinter extends ProgressPrinter {
  constructor(
    private readonly progress: (detail: string) => void,
    private readonly note: (line: string) => void,
  ) {
    super();
  }

  override print(line: string): void {
    this.progress(line);
  }

  override message(text: string): void {
    this.note(`      ${text}`);
  }
}

function requireBrokers(context: DemoContext): string[] {
  if (!context.brokers) throw new Error("no Kafka brokers: the broker step did not run");
  return context.brokers;
}

const brokerStep: DemoStep<DemoContext> = {
  name: "Kafka broker",
  async run(context) {
    const configured = context.options.env.KAFKA_BROKERS;
    if (configured) {
      const brokers = parseBrokerList(configured);
      await assertBrokerReachable(brokers);
      context.brokers = brokers;
      return { detail: message.demoUsingBroker(configured) };
    }
    const broker = await startLocalKafka({ brokers: 1, ...context.options.localBroker });
    context.localBroker = broker;
    context.brokers = broker.brokers;
    return { detail: message.demoLocalBroker(broker.bootstrap, broker.version) };
  },
};

const generateStep: DemoStep<DemoContext> = {
  name: "generate synthetic events to Kafka",
  async run(context, progress) {
    const { orgs, months, seed, start, badRate, scale, reference } = context.options;
    const referenceFile = referenceOrganisationsFile(reference);
    const generation = { orgs, months, seed, start, badRate, scale, referenceFile };
    const kafka = createKafka(requireBrokers(context), "ohwb-demo-generate");
    const summary = await produceRecordsToKafka(kafka, generateBatches(generation), {
      onProgress: (s) => progress(`${s.total.toLocaleString("en-GB")} events (${s.bad} bad)`),
    });
    context.generation = summary;
    return {
      detail: `${summary.total.toLocaleString("en-GB")} events, ${summary.bad} deliberately bad, ${orgs} organisations × ${months} months from ${start}`,
    };
  },
};

const importStep: DemoStep<DemoContext> = {
  name: "import NHS England 2023 sickness absence benchmark",
  async run(context) {
    const files = benchmarkingFiles(context.options.reference);
    const replaced = removePreviousWarehouse(context.warehousePath);
    if (replaced) context.options.note(`      ${message.demoFreshWarehouse(context.warehousePath)}`);
    const warehouse = await openWarehouse(context.warehousePath);
    try {
      const results = await importNhsAbsenceFiles(warehouse.connection, files);
      context.referenceImport = results;
      const loaded = results.reduce((sum, r) => sum + r.loaded, 0);
      // the national by-reason figures, shown beside the reasons from the synthetic ESR events
      const reasons = await importNhsReasonFiles(
        warehouse.connection,
        reasonFiles(context.options.reference.configured),
      );
      return {
        detail: `${files.length} monthly files, ${loaded.toLocaleString("en-GB")} rows loaded; ${reasons.length} by-reason files`,
      };
    } finally {
      warehouse.close();
    }
  },
};

const ingestStep: DemoStep<DemoContext> = {
  name: "ingest from Kafka (validate, pseudonymise, load)",
  async run(context, progress) {
    // The import step starts the fresh warehouse; when it was skipped, start it here.
    if (!context.referenceImport && removePreviousWarehouse(context.warehousePath)) {
      context.options.note(`      ${message.demoFreshWarehouse(context.warehousePath)}`);
    }
    const settings = context.options.ingest;
    const session = await openIngestSession(context.warehousePath, true, undefined, {
      decodeWorkers: settings.decodeWorkers,
    });
    context.pseudonymKeySource = session.key.source;
    context.options.note(
      `      ${session.key.created ? message.demoKeyCreated(session.key.source) : message.demoKeySource(session.key.source)}`,
    );
    try {
      const result = await runKafkaIngest({
        brokers: requireBrokers(context),
        topics: contractTopics.map((t) => t.name),
        groupId: "ohwb-demo",
        consumer: settings.consumer,
        flushMessages: settings.flushMessages,
        loader: session.loader,
        untilIdleMs: 2_000,
        progressIntervalMs: 2_000,
        signal: context.options.signal,
        printer: new StepProgressPrinter(progress, context.options.note),
      });
      context.ingest = result;
      return {
        detail: `${result.loaded.toLocaleString("en-GB")} loaded, ${result.deadLetters} dead letters, ${result.duplicates} duplicates`,
      };
    } finally {
      session.close();
    }
  },
};

/** Transform → data tests → analyst snapshot: the one pipeline `ohwb transform` and the scheduler run (jobs/). */
const buildStep: DemoStep<DemoContext> = {
  name: "transform, check (data tests) and publish the analyst snapshot",
  async run(context) {
    const warehouse = await openWarehouse(context.warehousePath);
    let built: BuildAndPublishResult;
    try {
      built = await buildAndPublish(warehouse.connection, {
        warehousePath: context.warehousePath,
        asOf: context.asOf,
      });
    } finally {
      warehouse.close();
    }
    const { transform, gate } = built;
    context.transformedModels = transform.builds.length;
    context.checks = gate.results;
    for (const line of gateReport(gate)) context.options.note(`      ${line}`);
    if (!gate.passed) throw new Error(message.demoChecksFailed(gate.errors.map((r) => r.name)));
    context.snapshotPath = built.snapshotPath;
    return {
      detail: `${transform.builds.length} models (${transform.mode}) as of ${built.asOf}; ${gate.results.length} data tests passed; snapshot ${built.snapshotPath}`,
    };
  },
};

const dashboardsStep: DemoStep<DemoContext> = {
  name: "build the dashboard site",
  async run(context) {
    if (!context.referenceImport) return { skipped: message.demoNoBenchmark() };
    rmSync(context.siteDir, { recursive: true, force: true });
    const warehouse = await openWarehouse(context.warehousePath);
    try {
      const evidence = context.options.pack.evidence;
      const site = await buildDashboardSite(warehouse.connection, context.siteDir, context.warehousePath, {
        ...(evidence?.coverageThresholdPct === undefined
          ? {}
          : { coverageThresholdPct: evidence.coverageThresholdPct }),
        ...(evidence?.spc ? { spc: evidence.spc } : {}),
        ...(evidence?.targets ? { targets: evidence.targets } : {}),
      });
      context.sitePages = site.pages.length;
      return { detail: `${site.pages.length} pages in ${context.siteDir}` };
    } finally {
      warehouse.close();
    }
  },
};

/** The calendar quarter holding a date, as `ohwb pack --quarter` spells it ("2023-Q4"). */
function quarterOf(date: string): string {
  return `${date.slice(0, 4)}-Q${Math.ceil(Number(date.slice(5, 7)) / 3)}`;
}

const packStep: DemoStep<DemoContext> = {
  name: "build the England evidence pack",
  async run(context) {
    if (!context.referenceImport) return { skipped: message.demoNoBenchmark() };
    const quarter = quarterOf(context.asOf);
    const dir = join(context.siteDir, "..", `pack-england-${quarter}`);
    const warehouse = await openWarehouse(context.warehousePath);
    try {
      // The pack refuses to publish unless the data tests pass, as `ohwb pack` does.
      await publishPack(warehouse.connection, {
        ...context.options.pack,
        scope: parseScope("england"),
        quarter: parseQuarter(quarter),
        dir,
        warehouseLabel: "warehouse.duckdb",
      });
      context.packDir = dir;
      return { detail: `${quarter} in ${dir}` };
    } finally {
      warehouse.close();
    }
  },
};

/** The steps in order. */
export const demoSteps: DemoStep<DemoContext>[] = [
  brokerStep,
  generateStep,
  importStep,
  ingestStep,
  buildStep,
  dashboardsStep,
  packStep,
];
