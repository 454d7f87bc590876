/**
 * Runs the real `ohwb ingest` CLI as a child process under --trace-gc for the
 * ingest benches, checks every event was committed, and reads back its summary
 * line (load rate, peak RSS) and its garbage collections. With
 * OHWB_BENCH_CPU_PROF=<dir> each run also writes V8 CPU profiles there (one
 * per thread: the loader's and each decode worker's).
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { openDuckDbFile } from "../../core/duckdb.js";
import { projectRoot } from "../../core/project-root.js";
import { sampleThreadCpu, type ThreadCpu, threadCpuText } from "./thread-cpu.js";

export const BENCH_PSEUDONYM_KEY = "bench-pseudonym-key-0123456789abcdef0123456789";

export interface IngestCliRun {
  /** Wall clock from spawn to exit (process start and warehouse open included). */
  seconds: number;
  rows: number;
  /** The summary's events/s, first to last load. */
  rate: number;
  peakRssMb: number;
  /** CPU time of every thread of the ingest process (user + system), from its summary. */
  cpuSeconds: number;
  scavenges: number;
  markCompacts: number;
  /** CPU per thread, sampled from /proc while it ran. */
  threads: ThreadCpu;
}

/** `ohwb ingest --warehouse <warehouse> ...args` with `env` added to the environment. */
export async function runIngestCli(
  warehouse: string,
  args: string[],
  expectedRows: number,
  env: Record<string, string>,
): Promise<IngestCliRun> {
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [
      "--trace-gc",
      ...(process.env.OHWB_BENCH_CPU_PROF
        ? ["--cpu-prof", "--cpu-prof-dir", process.env.OHWB_BENCH_CPU_PROF]
        : []),
      join(projectRoot(), "dist", "cli", "ohwb.js"),
      "ingest",
      "--create",
      "--warehouse",
      warehouse,
      ...args,
    ],
    {
      env: { ...process.env, OHWB_PSEUDONYM_KEY: BENCH_PSEUDONYM_KEY, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const stopSampling = sampleThreadCpu(child.pid ?? 0);
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (c: Buffer) => {
    stdout += c.toString("utf8");
  });
  child.stderr?.on("data", (c: Buffer) => {
    stderr += c.toString("utf8");
  });
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  const threads = stopSampling();
  const seconds = (performance.now() - started) / 1000;
  if (code !== 0) throw new Error(`ingest exited ${code}:\n${stderr}`);
  const summary = stderr.split("\n").find((l) => l.includes("done:")) ?? "";
  const wh = await openDuckDbFile(warehouse, { readOnly: true });
  const rows = Number(
    (await wh.connection.runAndReadAll("SELECT count(*) FROM ingested_events")).getRowsJS()[0]?.[0] ?? 0,
  );
  wh.close();
  if (rows !== expectedRows) throw new Error(`ingest committed ${rows} rows, expected ${expectedRows}`);
  return {
    seconds,
    rows,
    rate: Number(/\((\d+) events\/s/.exec(summary)?.[1] ?? 0),
    peakRssMb: Number(/peak RSS (\d+) MB/.exec(summary)?.[1] ?? 0),
    cpuSeconds: Number(/CPU ([\d.]+) s/.exec(summary)?.[1] ?? 0),
    scavenges: stdout.match(/Scavenge/g)?.length ?? 0,
    markCompacts: stdout.match(/Mark-Compact/g)?.length ?? 0,
    threads,
  };
}

/** OHWB_DECODE_WORKERS for a run: undefined keeps the default (one worker per core). */
export function workersEnv(workers: string | undefined): Record<string, string> {
  return workers === undefined ? {} : { OHWB_DECODE_WORKERS: workers };
}

export function gcText(run: IngestCliRun): string {
  const perEvent = run.rows > 0 ? (run.cpuSeconds * 1e6) / run.rows : 0;
  return (
    `CPU ${run.cpuSeconds.toFixed(1)} s (${perEvent.toFixed(1)} µs per event, all threads), ` +
    `GC: ${run.scavenges} scavenges, ${run.markCompacts} mark-compacts; ${threadCpuText(run.threads)}`
  );
}
