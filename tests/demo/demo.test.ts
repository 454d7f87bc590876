/**
 * `ohwb demo` end to end through the compiled CLI (needs `npm run build`, which
 * `npm test` runs first), against the test broker via KAFKA_BROKERS: the whole
 * pipeline runs, leaves a site, a warehouse with loaded events and dead
 * letters, and a snapshot `ohwb query` reads; a second run succeeds too.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { openDuckDbFile } from "../../core/duckdb.js";
import { projectRoot } from "../../core/project-root.js";

const cli = join(projectRoot(), "dist", "cli", "ohwb.js");
const work = mkdtempSync(join(tmpdir(), "ohwb-demo-test-"));
const out = join(work, "demo-output");
const env = {
  ...process.env,
  KAFKA_BROKERS: inject("kafkaBrokers"),
  OHWB_PSEUDONYM_KEY: "",
  OHWB_PSEUDONYM_KEY_FILE: join(work, "config", "pseudonym-key"),
};

function runCli(args: string[]) {
  return spawnSync(process.execPath, [cli, ...args], { env, cwd: work, encoding: "utf8", timeout: 300_000 });
}

function runDemo() {
  return runCli(["demo", "--out", out, "--orgs", "2", "--months", "3", "--seed", "7", "--bad-rate", "0.01"]);
}

async function warehouseCounts(): Promise<{ events: number; deadLetters: Record<string, number> }> {
  const warehouse = await openDuckDbFile(join(out, "warehouse.duckdb"), { readOnly: true });
  try {
    const events = await warehouse.connection.runAndReadAll(
      "SELECT count(*)::INTEGER AS n FROM raw_workforce_absence_started",
    );
    const dead = await warehouse.connection.runAndReadAll(
      "SELECT reason, count(*)::INTEGER AS n FROM dead_letter GROUP BY reason",
    );
    return {
      events: Number(events.getRowObjects()[0]?.n ?? 0),
      deadLetters: Object.fromEntries(dead.getRowObjects().map((r) => [String(r.reason), Number(r.n)])),
    };
  } finally {
    warehouse.close();
  }
}

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("ohwb demo", () => {
  it("runs the whole pipeline, and again on the same output directory", { timeout: 660_000 }, async () => {
    expect(existsSync(cli), `${cli} missing: run npm run build first`).toBe(true);

    const first = runDemo();
    expect(first.status, `stderr:\n${first.stderr}\nstdout:\n${first.stdout}`).toBe(0);
    for (const step of ["[1/", "generate synthetic events", "ingest from Kafka", "check (data tests)"]) {
      expect(first.stderr).toContain(step);
    }
    expect(first.stderr).toMatch(
      /\[\d+\/\d+\] transform, check \(data tests\) and publish the analyst snapshot … done in \d+\.\d s/,
    );
    const siteIndex = join(out, "site", "index.html");
    expect(existsSync(siteIndex)).toBe(true);
    expect(first.stdout).toContain(`file://${siteIndex}`);
    expect(first.stdout).toMatch(/events loaded\s+[1-9]/);
    // The evidence pack for the last synthetic quarter, published through the data-test gate.
    const packDir = /evidence pack\s+(\S+)\/pack\.pdf/.exec(first.stdout)?.[1];
    expect(packDir, first.stdout).toBeDefined();
    for (const file of ["pack.pdf", "index.html", "manifest.json"]) {
      expect(existsSync(join(packDir ?? "", file)), file).toBe(true);
    }
    expect(existsSync(env.OHWB_PSEUDONYM_KEY_FILE)).toBe(true);
    // the summary's "try a query" line runs as printed, pasted into a shell where the demo ran
    const tryQuery = /try a query\s+(.+)$/m.exec(first.stdout)?.[1];
    expect(tryQuery, first.stdout).toBeDefined();
    const pasted = spawnSync("sh", ["-c", tryQuery ?? "false"], { env, cwd: work, encoding: "utf8" });
    expect(pasted.status, `${tryQuery}\n${pasted.stderr}`).toBe(0);
    expect(pasted.stdout).toMatch(/rate_pct/);

    const counts = await warehouseCounts();
    expect(counts.events).toBeGreaterThan(0);
    expect(Object.keys(counts.deadLetters).length).toBeGreaterThan(0);

    const query = runCli([
      "query",
      "--warehouse",
      join(out, "warehouse.duckdb"),
      "--format",
      "json",
      "SELECT month_end, code, rate_pct FROM mart_absence_rate WHERE level = 'organisation'",
    ]);
    expect(query.status, query.stderr).toBe(0);
    const rows = JSON.parse(query.stdout) as unknown[];
    expect(rows.length).toBeGreaterThan(0);

    // Same arguments again: starts from a fresh warehouse file and succeeds with the same data.
    const second = runDemo();
    expect(second.status, `stderr:\n${second.stderr}\nstdout:\n${second.stdout}`).toBe(0);
    expect(second.stderr).toContain("starting from a fresh warehouse");
    const again = await warehouseCounts();
    expect(again.events).toBe(counts.events);
    expect(existsSync(siteIndex)).toBe(true);
  });
});
