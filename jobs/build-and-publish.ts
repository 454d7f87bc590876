/**
 * Transform → data tests → analyst snapshot, the one way every runner
 * (`ohwb transform`, `ohwb demo`, `ohwb schedule`) builds what analysts see.
 * The snapshot is republished only when no error-severity test fails; on
 * failure the previous snapshot stays and the caller reports the failures.
 * The as-of date is the data's own unless one is given, and a date beyond
 * the data is refused unless forced. With `select` (dbt's selector syntax),
 * only the selected models are rebuilt, as of the last build's date
 * (transforms/selected-transforms.ts), and only the data tests on them run;
 * a test left out whose latest result failed still holds the snapshot back.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { ConfigError } from "../core/errors.js";
import { dataAsOf } from "../transforms/data-as-of.js";
import { type DataTest, loadDataTests } from "../transforms/data-tests.js";
import { type IncrementalResult, runIncrementalTransforms } from "../transforms/incremental-transforms.js";
import { loadModels, type Model } from "../transforms/model-catalogue.js";
import { orderedSelection, runSelectedTransforms } from "../transforms/selected-transforms.js";
import { checkAsOf } from "../transforms/sql-parameters.js";
import type { ValueModel } from "../transforms/value-model-config.js";
import { publishAnalystSnapshot } from "../warehouse/analyst/analyst-snapshot.js";
import {
  defaultFreshness,
  earlierFailures,
  type FreshnessThresholds,
  type GateResult,
  gateOf,
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
  /**
   * `--select`: rebuild only these models (MODEL, MODEL+, +MODEL, …; spaces union, commas intersect)
   * and run only the data tests on them. The as-of is then the last build's.
   */
  select?: string | readonly string[];
  models?: Model[];
  valueModel?: ValueModel;
  freshness?: FreshnessThresholds;
  /** The data tests (default: transforms/tests). */
  dataTests?: DataTest[];
  /** One line per statement of an incremental refresh with its time (config `transform.profile`). */
  profile?: (line: string) => void;
}

export interface BuildAndPublishResult {
  asOf: string;
  /** Where the as-of came from. */
  asOfSource: "data" | "given" | "last build";
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
  if (options.select !== undefined) return buildSelectedAndPublish(connection, options, options.select);
  const { asOf, source } = await resolveAsOf(connection, options.asOf, options.forceAsOf);
  const transform = await runIncrementalTransforms(connection, {
    asOf,
    full: options.full,
    models: options.models,
    valueModel: options.valueModel,
    profile: options.profile,
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

/**
 * `select`: the selected models rebuilt whole, then the data tests that check any of them (a custom
 * test across several models runs when one of its models is selected, as dbt's eager selection).
 */
async function buildSelectedAndPublish(
  connection: DuckDBConnection,
  options: BuildAndPublishOptions,
  select: string | readonly string[],
): Promise<BuildAndPublishResult> {
  const models = options.models ?? loadModels();
  const selected = new Set(orderedSelection(models, select).map((model) => model.name));
  const transform = await runSelectedTransforms(connection, {
    select,
    asOf: options.asOf,
    warehousePath: options.warehousePath,
    models,
    valueModel: options.valueModel,
  });
  const all = options.dataTests ?? loadDataTests(models);
  const checksSelected = (test: DataTest) => test.models.some((name) => selected.has(name));
  const ran = await runDataTestGate(
    connection,
    transform.asOf,
    options.freshness ?? defaultFreshness,
    all.filter(checksSelected),
  );
  const earlier = await earlierFailures(
    connection,
    all.filter((test) => !checksSelected(test)),
  );
  const gate = gateOf([...ran.results, ...earlier]);
  const result: BuildAndPublishResult = {
    asOf: transform.asOf,
    asOfSource: options.asOf === undefined ? "last build" : "given",
    transform,
    gate,
  };
  if (gate.passed)
    result.snapshotPath = (await publishAnalystSnapshot(connection, options.warehousePath)).path;
  return result;
}
