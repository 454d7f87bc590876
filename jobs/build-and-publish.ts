/**
 * Transform → data tests → analyst snapshot, the one way every runner
 * (`ohwb transform`, `ohwb demo`, `ohwb schedule`) builds what analysts see.
 * The snapshot is republished only when no error-severity test fails; on
 * failure the previous snapshot stays and the caller reports the failures.
 * The as-of date is the data's own unless one is given, and a date beyond
 * the data is refused unless forced.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { ConfigError } from "../core/errors.js";
import { dataAsOf } from "../transforms/data-as-of.js";
import type { DataTest } from "../transforms/data-tests.js";
import { type IncrementalResult, runIncrementalTransforms } from "../transforms/incremental-transforms.js";
import type { Model } from "../transforms/model-catalogue.js";
import { checkAsOf } from "../transforms/sql-parameters.js";
import type { ValueModel } from "../transforms/value-model-config.js";
import { publishAnalystSnapshot } from "../warehouse/analyst/analyst-snapshot.js";
import {
  defaultFreshness,
  type FreshnessThresholds,
  type GateResult,
  runDataTestGate,
} from "./data-test-gate.js";
import { jobMessages as message } from "./job-messages.js";

export interface BuildAndPublishOptions {
  warehousePath: string;
  /** YYYY-MM-DD; default: the data's own as-of (transforms/data-as-of.ts). */
  asOf?: string;
  /** Build as of a date later than the data reaches. */
  forceAsOf?: boolean;
  full?: boolean;
  models?: Model[];
  valueModel?: ValueModel;
  freshness?: FreshnessThresholds;
  /** The data tests (default: transforms/tests). */
  dataTests?: DataTest[];
}

export interface BuildAndPublishResult {
  asOf: string;
  /** Where the as-of came from. */
  asOfSource: "data" | "given";
  transform: IncrementalResult;
  gate: GateResult;
  /** The snapshot published; undefined when the gate held it back. */
  snapshotPath?: string;
}

/** The as-of date to build with: the given one (checked against the data), else the data's. */
export async function resolveAsOf(
  connection: DuckDBConnection,
  given: string | undefined,
  force = false,
): Promise<{ asOf: string; source: "data" | "given" }> {
  const ofData = await dataAsOf(connection);
  if (given === undefined) {
    if (!ofData) throw new ConfigError(message.noDataAsOf());
    return { asOf: ofData, source: "data" };
  }
  const asOf = checkAsOf(given);
  if (ofData && asOf > ofData && !force)
    throw new ConfigError(message.asOfBeyondData(asOf, ofData), { asOf, ofData });
  return { asOf, source: "given" };
}

export async function buildAndPublish(
  connection: DuckDBConnection,
  options: BuildAndPublishOptions,
): Promise<BuildAndPublishResult> {
  const { asOf, source } = await resolveAsOf(connection, options.asOf, options.forceAsOf);
  const transform = await runIncrementalTransforms(connection, {
    asOf,
    full: options.full,
    models: options.models,
    valueModel: options.valueModel,
  });
  const gate = await runDataTestGate(
    connection,
    asOf,
    options.freshness ?? defaultFreshness,
    options.dataTests,
  );
  const result: BuildAndPublishResult = { asOf, asOfSource: source, transform, gate };
  if (gate.passed)
    result.snapshotPath = (await publishAnalystSnapshot(connection, options.warehousePath)).path;
  return result;
}
