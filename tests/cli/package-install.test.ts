/**
 * `npm pack` ships only what runs, and the tarball installed globally
 * (`npm install -g --prefix DIR ohwb-*.tgz`, so the machine's own global folder
 * is left alone) runs on its own from an empty folder: `ohwb --version` and
 * `ohwb demo` (against the test run's broker). `--prefer-offline` takes the
 * dependencies from npm's cache, which installing this checkout has filled.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projectRoot } from "../../core/project-root.js";
import type { LocalKafka } from "../../kafka/local-broker/local-kafka.js";
import { startTestCluster } from "../support/kafka.js";

const root = projectRoot();
const work = mkdtempSync(join(tmpdir(), "ohwb-package-"));
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
let files: string[] = [];
let broker: LocalKafka | undefined;

beforeAll(() => {
  expect(existsSync(join(root, "dist", "cli", "ohwb.js")), "run npm run build first").toBe(true);
  const packed = JSON.parse(
    execFileSync(npm, ["pack", "--json", "--pack-destination", work], { cwd: root, encoding: "utf8" }),
  ) as { filename: string; files: { path: string }[] }[];
  const [tarball] = packed;
  if (!tarball) throw new Error("npm pack produced no tarball");
  files = tarball.files.map((f) => f.path);
  execFileSync(
    npm,
    [
      "install",
      "--global",
      "--prefix",
      join(work, "global"),
      join(work, tarball.filename),
      "--prefer-offline",
      "--no-audit",
      "--no-fund",
    ],
    { cwd: work, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
  );
}, 180_000);
afterAll(async () => {
  await broker?.stop();
  rmSync(work, { recursive: true, force: true });
});

function runPackaged(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  // the `ohwb` the global install linked into its bin folder, as a user would run it
  return spawnSync(join(work, "global", "bin", "ohwb"), args, {
    cwd,
    env: { ...process.env, OHWB_CONFIG: "", OHWB_WAREHOUSE: "", ...env },
    encoding: "utf8",
    timeout: 110_000,
  });
}

describe("the ohwb package", () => {
  it("ships the compiled CLI and what it reads at run time, and no tests, benches or sources", () => {
    for (const needed of [
      "dist/cli/ohwb.js",
      "dist/jobs/build-and-publish.js",
      "transforms/models/marts/mart_absence_rate.sql",
      "dist/kafka/client.js",
      "transforms/models/marts/freshness.test.sql",
      "transforms/macros/rolling12_rate.sql",
      "warehouse/migrations/0001-transform-runs.sql",
      "config/value-model.json",
      "kafka/pom.xml",
      "kafka/local-broker/run-node.sh",
    ])
      expect(files).toContain(needed);
    expect(files.some((f) => f.startsWith("reference/nhs-sickness-absence/"))).toBe(true);
    const stray = files.filter(
      (f) => /^(dist\/)?(tests|bench)\//.test(f) || /(?<!\.d)\.ts$/.test(f) || f.endsWith(".map"),
    );
    expect(stray).toEqual([]);
  });

  it("runs `ohwb --version` and `ohwb demo` from an empty folder", { timeout: 120_000 }, async () => {
    const empty = join(work, "empty");
    mkdirSync(empty);
    const version = runPackaged(["--version"], empty);
    expect(version.status, version.stderr).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);

    const out = join(empty, "demo");
    // a broker of its own: the demo produces to the contract topics, which the demo test counts
    broker = await startTestCluster(1);
    const demo = runPackaged(["demo", "--out", out, "--orgs", "1", "--months", "3", "--seed", "3"], empty, {
      KAFKA_BROKERS: broker.bootstrap,
      OHWB_PSEUDONYM_KEY: "",
      OHWB_PSEUDONYM_KEY_FILE: join(empty, "pseudonym-key"),
    });
    expect(demo.status, `stderr:\n${demo.stderr}\nstdout:\n${demo.stdout}`).toBe(0);
    expect(existsSync(join(out, "warehouse.duckdb"))).toBe(true);
    // its "try a query" line names the installed `ohwb`, not a path into the global install
    const tryQuery = /try a query\s+(.+)$/m.exec(demo.stdout)?.[1] ?? "";
    expect(tryQuery, demo.stdout).toMatch(/^ohwb query --warehouse demo\/warehouse\.duckdb /);
    const pasted = spawnSync("sh", ["-c", tryQuery], {
      cwd: empty,
      env: { ...process.env, PATH: `${join(work, "global", "bin")}:${process.env.PATH}`, OHWB_CONFIG: "" },
      encoding: "utf8",
    });
    expect(pasted.status, `${tryQuery}\n${pasted.stderr}`).toBe(0);
    expect(pasted.stdout).toMatch(/rate_pct/);
  });
});
