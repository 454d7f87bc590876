/**
 * Synthetic event generation speed and memory: events/s to a discarding sink
 * (generation cost alone), to an NDJSON file and to a gzip NDJSON file, each
 * case in its own process so peak RSS is per case. Two more runs (N and 3×N
 * months) sample the live heap after forced GCs (slower, so not timed) to
 * check that memory stays flat as the run grows.
 * Run: npm run build && node dist/bench/generate.js   (BENCH_ORGS, BENCH_MONTHS to resize)
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { discardRecords, writeRecordsToFile } from "../generator/file-sink.js";
import { generateBatches } from "../generator/generate-events.js";

const ORGS = Number(process.env.BENCH_ORGS ?? 12);
const MONTHS = Number(process.env.BENCH_MONTHS ?? 24);

interface CaseResult {
  name: string;
  events: number;
  seconds: number;
  peakRssMb: number;
  /** Largest heap after a forced GC, sampled every 5 batches (50,000 events): the live set, free of GC laziness. */
  liveHeapMb: number;
  bytes: number;
}

/** Wraps the batch stream to sample the live heap (needs --expose-gc; the parent passes it). */
async function* sampled<T>(
  batches: AsyncIterable<T>,
  peak: { bytes: number },
  on: boolean,
): AsyncGenerator<T> {
  let i = 0;
  for await (const batch of batches) {
    if (on && ++i % 5 === 0 && globalThis.gc) {
      globalThis.gc();
      peak.bytes = Math.max(peak.bytes, process.memoryUsage().heapUsed);
    }
    yield batch;
  }
}

async function runCase(sink: string, months: number, sampleHeap: boolean): Promise<void> {
  const options = { orgs: ORGS, months, seed: 1, badRate: 0.01 };
  const dir = mkdtempSync(join(tmpdir(), "ohwb-bench-generate-"));
  const started = performance.now();
  let events = 0;
  let bytes = 0;
  const peak = { bytes: 0 };
  try {
    if (sink === "discard") {
      events = (await discardRecords(sampled(generateBatches(options), peak, sampleHeap))).total;
    } else {
      const file = join(dir, sink === "gzip" ? "events.ndjson.gz" : "events.ndjson");
      events = (await writeRecordsToFile(file, sampled(generateBatches(options), peak, sampleHeap))).total;
      bytes = statSync(file).size;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const result: CaseResult = {
    name: `${sink}, ${ORGS} orgs × ${months} months${sampleHeap ? " (heap sampled)" : ""}`,
    events,
    seconds: (performance.now() - started) / 1000,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    liveHeapMb: peak.bytes / 1048576,
    bytes,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function runInChild(sink: string, months: number, sampleHeap = false): CaseResult {
  const args = [fileURLToPath(import.meta.url), "--case", sink, String(months)];
  const child = spawnSync(process.execPath, sampleHeap ? ["--expose-gc", ...args, "--sample-heap"] : args, {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  if (child.status !== 0) throw new Error(`bench case ${sink} failed (exit ${child.status})`);
  return JSON.parse(child.stdout.trim().split("\n").pop() ?? "{}") as CaseResult;
}

const caseIndex = process.argv.indexOf("--case");
if (caseIndex >= 0) {
  await runCase(
    process.argv[caseIndex + 1] ?? "discard",
    Number(process.argv[caseIndex + 2] ?? MONTHS),
    process.argv.includes("--sample-heap"),
  );
} else {
  process.stdout.write(
    `generate: Node ${process.version}, ${cpus()[0]?.model ?? "unknown CPU"} (${cpus().length} cores; generation is single-threaded), seed 1, bad rate 1%\n`,
  );
  const results = [
    runInChild("discard", MONTHS),
    runInChild("ndjson", MONTHS),
    runInChild("gzip", MONTHS),
    runInChild("discard", MONTHS, true),
    runInChild("discard", MONTHS * 3, true),
  ];
  for (const r of results) {
    const rate = r.events / r.seconds;
    const size = r.bytes ? `, ${(r.bytes / r.events).toFixed(0)} B/event on disk` : "";
    const heap = r.liveHeapMb > 0 ? `, live heap ≤ ${r.liveHeapMb.toFixed(0)} MB` : "";
    process.stdout.write(
      `${r.name.padEnd(34)} ${Math.round(rate).toLocaleString("en-GB").padStart(9)} events/s  (${r.events.toLocaleString("en-GB")} in ${r.seconds.toFixed(1)} s, peak RSS ${r.peakRssMb.toFixed(0)} MB${heap}${size}); 10M ≈ ${(1e7 / rate / 60).toFixed(1)} min\n`,
    );
  }
}
