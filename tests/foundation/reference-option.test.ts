/**
 * One way to find the shipped NHS England data: `--reference DIR|FILE` on
 * generate and demo, OHWB_REFERENCE_DIR for every command, and errors that
 * name the option or variable that pointed nowhere. Runs the built CLI.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../core/config.js";
import { projectRoot } from "../../core/project-root.js";
import {
  benchmarkingFiles,
  referenceDataDir,
  referenceOrganisationsFile,
} from "../../core/reference-data.js";
import { runCli } from "../config/cli-run.js";

const dir = mkdtempSync(join(tmpdir(), "ohwb-reference-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const shipped = join(projectRoot(), "reference", "nhs-sickness-absence");

function orgCodes(file: string): string[] {
  const codes = readFileSync(file, "utf8")
    .trim()
    .split("\n")
    .map((line) => (JSON.parse(line) as { org_code?: string }).org_code)
    .filter((c): c is string => typeof c === "string");
  return [...new Set(codes)].sort();
}

describe("reference data resolution", () => {
  it("defaults to the project's own copy; the configuration's referenceData and --reference win, in that order", () => {
    expect(referenceDataDir()).toBe(shipped);
    expect(benchmarkingFiles()[0]).toBe(join(shipped, "benchmarking", "2023-01.csv"));
    expect(referenceOrganisationsFile()).toBe(join(shipped, "benchmarking", "2023-12.csv"));
    const december = join(shipped, "benchmarking", "2023-12.csv");
    expect(benchmarkingFiles({ configured: join(dir, "nowhere"), flag: december })).toEqual([december]);
    expect(() => benchmarkingFiles({ configured: join(dir, "nowhere") })).toThrow(/referenceData/);
    expect(loadConfig(undefined, { OHWB_REFERENCE_DIR: "elsewhere" }).config.referenceData).toBe("elsewhere");
  });

  it("takes a reference folder, a benchmarking folder or one CSV alike", () => {
    const all = benchmarkingFiles();
    expect(benchmarkingFiles({ flag: shipped })).toEqual(all);
    expect(benchmarkingFiles({ configured: join(shipped, "benchmarking") })).toEqual(all);
    expect(benchmarkingFiles({ flag: all[2] })).toEqual([all[2]]);
  });

  it("`ohwb generate --reference DIR|FILE` reads the folder or the file it names", () => {
    const fromDir = join(dir, "from-dir.ndjson");
    const fromFile = join(dir, "from-file.ndjson");
    const common = ["generate", "--orgs", "2", "--months", "1", "--seed", "3", "--quiet", "--bad-rate", "0"];
    const a = runCli([...common, "--reference", shipped, "--to", fromDir]);
    expect(a.stderr).toBe("");
    expect(a.code).toBe(0);
    const b = runCli([
      ...common,
      "--reference",
      join(shipped, "benchmarking", "2023-12.csv"),
      "--to",
      fromFile,
    ]);
    expect(b.code).toBe(0);
    expect(orgCodes(fromDir).length).toBeGreaterThan(0);
    expect(orgCodes(fromFile)).toEqual(orgCodes(fromDir));
  });

  it("a --reference or OHWB_REFERENCE_DIR that names nothing fails, naming it, before any work", () => {
    const missing = join(dir, "missing");
    const generate = runCli(["generate", "--reference", missing, "--to", join(dir, "never.ndjson")]);
    expect(generate.code).not.toBe(0);
    expect(generate.stderr).toContain(missing);
    expect(generate.stderr).toContain("--reference DIR|FILE");
    const demo = runCli(["demo", "--out", join(dir, "demo"), "--reference", missing]);
    expect(demo.code).not.toBe(0);
    expect(demo.stderr).toContain(missing);
    expect(demo.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
    const viaEnv = runCli(["import", "nhs-absence", "--create", "--warehouse", join(dir, "w.duckdb")], {
      env: { OHWB_REFERENCE_DIR: missing },
    });
    expect(viaEnv.code).not.toBe(0);
    expect(viaEnv.stderr).toContain("OHWB_REFERENCE_DIR");
  });
});
