/**
 * `ohwb transform --select` through the built CLI (dist/cli/ohwb.js), as dbt's `--select`: a model
 * that does not exist is a usage error (exit 2) with the closest names and no stack trace; a
 * warehouse never built is refused with what to run first; MODEL+ reports the models it rebuilt.
 */
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../config/cli-run.js";
import { type SmallWarehouse, smallWarehouse } from "./small-warehouse.js";

const stackFrame = /\n\s+at /;

describe("ohwb transform --select", () => {
  let small: SmallWarehouse;
  afterAll(() => {
    if (small !== undefined) rmSync(small.dir, { recursive: true, force: true });
  });
  beforeAll(async () => {
    small = await smallWarehouse("2024-04", 4);
  });

  it("refuses a warehouse never built, saying to run a plain transform first (exit 1)", () => {
    const result = runCli(["transform", "--warehouse", small.warehouse, "--select", "mart_absence_rate+"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("has never been built");
    expect(result.stderr).toContain(`ohwb transform --warehouse ${small.warehouse}`);
    expect(result.stderr).not.toMatch(stackFrame);
  });

  it("a model that does not exist exits 2 and suggests the closest", () => {
    const result = runCli(["transform", "--warehouse", small.warehouse, "--select", "mart_absense_rate+"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no model is named "mart_absense_rate"');
    expect(result.stderr).toContain("Did you mean mart_absence_rate");
    expect(result.stderr).not.toMatch(stackFrame);
    expect(result.stdout).toBe("");
    // checked before the warehouse is looked for
    const early = runCli([
      "transform",
      "--warehouse",
      `${small.dir}/typo.duckdb`,
      "--select",
      "mart_absense_rate",
    ]);
    expect(early.code).toBe(2);
    expect(early.stderr).toContain("Did you mean mart_absence_rate");
  });

  it("selector syntax it does not know exits 2", () => {
    const result = runCli(["transform", "--warehouse", small.warehouse, "--select", "tag:nightly"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('"tag:nightly" is not a selector');
  });

  it("after a build, MODEL+ rebuilds that model and what depends on it, and runs only their tests", () => {
    const built = runCli(["transform", "--warehouse", small.warehouse]);
    expect(built.code, built.stderr).toBe(0);
    const result = runCli([
      "transform",
      "--warehouse",
      small.warehouse,
      "--select",
      "mart_absence_rate+",
      "--select",
      "mart_referral_waits",
      "--json",
    ]);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.mode).toBe("selected");
    expect(report.asOfSource).toBe("last build");
    expect([...report.selected].sort()).toEqual([
      "mart_absence_rate",
      "mart_absence_rate_rolling12",
      "mart_referral_waits",
      "mart_sickness_days_per_fte_year",
      "mart_value_roi",
    ]);
    expect(report.models.map((model: { name: string }) => model.name)).toEqual(report.selected);
    expect(report.published).toBe(true);
    const testedModels = new Set(
      report.tests
        // a relationship test declared on another model may point at a selected one
        .filter(
          (test: { name: string }) => test.name.startsWith("mart_") && !test.name.includes(": relationship"),
        )
        .map((test: { name: string }) => test.name.split(":")[0]),
    );
    for (const name of testedModels) expect(report.selected).toContain(name);
    expect(result.stderr).toContain("selected build");
  });
});
