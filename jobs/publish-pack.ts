/**
 * One quarterly evidence pack, built the one way every runner builds it (`ohwb demo`, `ohwb pack`,
 * the scheduler's packs job). The build writes into a staging directory beside DIR that replaces DIR
 * only once the pack has passed disclosure control (dashboards/output-directory.ts), so a half-built
 * pack never has a manifest.json at its final path; the pack's own publish gate
 * (dashboards/pack/publish-gate.ts) refuses a warehouse whose data tests fail.
 */
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import {
  buildPack,
  type PackBuildOptions,
  type PackBuildResult,
  type PackInputs,
  preparePackInputs,
} from "../dashboards/pack/build-pack.js";
import type { Quarter } from "../dashboards/pack/pack-quarter.js";
import type { PackScope } from "../dashboards/pack/pack-scope.js";

export interface PublishPackOptions extends PackBuildOptions {
  scope: PackScope;
  quarter: Quarter;
  /** Where the pack ends up. */
  dir: string;
  /** How the manifest names the warehouse (its file name). */
  warehouseLabel: string;
  /** Inputs shared by several packs of one run (read once, with the data tests); read here when absent. */
  inputs?: PackInputs | Promise<PackInputs>;
}

export async function publishPack(
  connection: DuckDBConnection,
  options: PublishPackOptions,
): Promise<PackBuildResult> {
  const inputs = await (options.inputs ?? preparePackInputs(connection, options.warehouseLabel));
  mkdirSync(dirname(options.dir), { recursive: true });
  return buildPack(connection, inputs, options.scope, options.quarter, options.dir, {
    publication: options.publication,
    printer: options.printer,
    render: options.render,
    evidence: options.evidence,
  });
}
