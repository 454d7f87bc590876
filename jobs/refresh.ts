/**
 * The refresh job, the same for `ohwb schedule`, `ohwb demo` and any future
 * runner: ingest from Kafka until idle → seal dead letters an older version
 * stored in clear → transform → data tests → analyst snapshot, published only
 * when no error-severity test fails (jobs/build-and-publish.ts).
 */
import { deadLetterMessages } from "../ingest/ingest-messages.js";
import { openLoader } from "../ingest/ingest-session.js";
import { type ConsumerTimeouts, type KafkaIngestOptions, runKafkaIngest } from "../ingest/kafka-ingest.js";
import { ProgressPrinter } from "../ingest/progress.js";
import { Pseudonymiser } from "../ingest/pseudonymise.js";
import { assertBrokerReachable } from "../kafka/client.js";
import { analystSnapshotPath } from "../warehouse/analyst/analyst-snapshot.js";
import { buildAndPublish } from "./build-and-publish.js";
import { defaultFreshness, gateReport } from "./data-test-gate.js";
import { jobMessages, scheduleMessages as message } from "./job-messages.js";
import type { JobContext } from "./schedule/scheduled-job.js";

export interface RefreshJobOptions {
  /** The configuration's ingest settings and consumer timeouts (`ingest`, `kafka.consumer`). */
  ingest?: { decodeWorkers?: number; flushMessages?: number; consumer?: ConsumerTimeouts };
  cron: string;
  warehousePath: string;
  brokers: string[];
  /** Client id and TLS/SASL for a real cluster (config `kafka`). */
  clientId?: string;
  security?: KafkaIngestOptions["security"];
  topics: string[];
  groupId: string;
  idleSeconds: number;
  pseudonymKey: string;
  /** The transform's as-of date (default: the data's own, as `ohwb transform`). */
  asOf?: () => string;
  /** Data tests' freshness window, as `ohwb check` (default 3). */
  freshnessMonths?: number;
  /**
   * Ingest stops after this long even if not idle (default 600), so a long backlog or a broker that
   * went away mid-run cannot hold the warehouse from the pack job; what it loaded is committed and
   * the next run carries on from the warehouse's offsets.
   */
  maxIngestSeconds?: number;
}

/** Ingest's progress lines stay out of the schedule log; its notices (rejoins, restarts) go in it. */
class RefreshPrinter extends ProgressPrinter {
  constructor(private readonly scheduleLog: (line: string) => void) {
    super();
  }
  override print(): void {}
  override message(text: string): void {
    this.scheduleLog(`schedule: refresh: ${text}`);
  }
}

export async function refreshWarehouse(options: RefreshJobOptions, context: JobContext) {
  const { connection, signal } = context;
  await assertBrokerReachable(options.brokers);
  // Opened per run: it reads the warehouse's offsets and loaded ids as they are now, and seals
  // dead letters an older version left in clear, as `ohwb ingest` does.
  const { loader, sealedDeadLetters: sealed } = await openLoader(
    connection,
    new Pseudonymiser(options.pseudonymKey),
    { decodeWorkers: options.ingest?.decodeWorkers },
  );
  if (sealed > 0) context.log(`schedule: refresh: ${deadLetterMessages.deadLetterPlaintextSealed(sealed)}`);
  const progress = await runKafkaIngest({
    brokers: options.brokers,
    clientId: options.clientId,
    security: options.security,
    topics: options.topics,
    groupId: options.groupId,
    consumer: options.ingest?.consumer,
    flushMessages: options.ingest?.flushMessages,
    loader,
    untilIdleMs: options.idleSeconds * 1000,
    signal: AbortSignal.any([signal, AbortSignal.timeout((options.maxIngestSeconds ?? 600) * 1000)]),
    printer: new RefreshPrinter(context.log),
    progressIntervalMs: 60_000,
  });
  const built = await buildAndPublish(connection, {
    warehousePath: options.warehousePath,
    asOf: options.asOf?.(),
    freshness: { ...defaultFreshness, errorMonths: options.freshnessMonths ?? defaultFreshness.errorMonths },
  });
  const { transform, gate } = built;
  const failing = gate.errors.map((t) => t.name);
  for (const line of gateReport(gate)) context.log(`schedule: refresh: ${line}`);
  return {
    eventsLoaded: progress.loaded,
    deadLetters: progress.deadLetters,
    transformMode: transform.mode,
    modelsBuilt: transform.builds.length,
    dataTestsPassed: gate.results.length - failing.length,
    dataTestsFailed: failing.length,
    detail: message.refreshDetail({
      loaded: progress.loaded,
      deadLetters: progress.deadLetters,
      mode: transform.mode,
      models: transform.builds.length,
      testsPassed: gate.results.length - failing.length,
      failingTests: failing,
      snapshot: built.snapshotPath ?? jobMessages.snapshotHeld(analystSnapshotPath(options.warehousePath)),
    }),
  };
}
