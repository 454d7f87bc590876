/**
 * Backfill speed (issue 18): `ohwb ingest --from-file` against DuckDB's own
 * `read_json` of the same NDJSON file, in one run. Writes [count] realistic
 * events (default 200,000) to a file, then times, each into a fresh warehouse:
 *   (a) `CREATE TABLE … AS SELECT * FROM read_json(file)` in DuckDB alone
 *       (typed columns by auto-detection, no validation, no pseudonyms), and two
 *       floors for (b) on one thread without DuckDB: (a1) the file read, split
 *       and JSON.parse'd; (a2) the same with the ingest's own per-event work
 *       (prepareEvent) instead of JSON.parse;
 *   (b) the `ohwb ingest --from-file` CLI (child process, decode workers on);
 *   (c) the same with OHWB_DECODE_WORKERS=0 (everything on one thread).
 * Times are wall clock from start to committed rows (process start included
 * for the CLI); the CLI runs under --trace-gc, whose collections are counted,
 * and every case reports its CPU time (all threads), steadier than wall time
 * on a shared machine.
 * Run: `npm run build && node dist/bench/ingest-backfill.js [count]`.
 */
import { once } from "node:events";
import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { openDuckDbFile } from "../core/duckdb.js";
import { prepareEvent } from "../ingest/prepare-event.js";
import { Pseudonymiser } from "../ingest/pseudonymise.js";
import { immunisationEvent } from "../tests/ingest/event-factory.js";
import {
  BENCH_PSEUDONYM_KEY,
  gcText,
  type IngestCliRun,
  runIngestCli,
  workersEnv,
} from "./support/ingest-cli-run.js";

const count = Number(process.argv[2] ?? 200_000);

async function writeFile(path: string): Promise<number> {
  const out = createWriteStream(path);
  for (let i = 0; i < count; i += 5_000) {
    const lines: string[] = [];
    for (let n = i; n < Math.min(i + 5_000, count); n++)
      lines.push(JSON.stringify(immunisationEvent("backfill", n).event));
    if (!out.write(`${lines.join("\n")}\n`)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
  return statSync(path).size;
}

/** Wall seconds, and CPU seconds of every thread (DuckDB's included: it runs in this process). */
async function readJson(file: string, warehouse: string): Promise<{ seconds: number; cpuSeconds: number }> {
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  const wh = await openDuckDbFile(warehouse, { memoryLimit: "256MB", checkpointThreshold: "256MB" });
  try {
    await wh.connection.run(
      `CREATE TABLE landed AS SELECT * FROM read_json('${file.replaceAll("'", "''")}', format = 'newline_delimited')`,
    );
    const rows = Number(
      (await wh.connection.runAndReadAll("SELECT count(*) FROM landed")).getRowsJS()[0]?.[0],
    );
    if (rows !== count) throw new Error(`read_json landed ${rows} rows, expected ${count}`);
  } finally {
    wh.close();
  }
  const cpu = process.cpuUsage(cpuStart);
  return { seconds: (performance.now() - started) / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
}

/**
 * Floors for (b): the file read and split into lines with `each` on every line, on
 * this thread, no DuckDB. Wall and CPU seconds.
 */
function eachLine(file: string, each: (line: Buffer) => void): { seconds: number; cpuSeconds: number } {
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  const bytes = readFileSync(file);
  let lines = 0;
  for (let at = 0; at < bytes.length; ) {
    let end = bytes.indexOf(10, at);
    if (end === -1) end = bytes.length;
    if (end > at) {
      each(bytes.subarray(at, end));
      lines++;
    }
    at = end + 1;
  }
  if (lines !== count) throw new Error(`read ${lines} lines, expected ${count}`);
  const cpu = process.cpuUsage(cpuStart);
  return { seconds: (performance.now() - started) / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
}

function cliIngest(file: string, warehouse: string, workers: string | undefined): Promise<IngestCliRun> {
  return runIngestCli(
    warehouse,
    ["--from-file", file, "--progress-interval", "60"],
    count,
    workersEnv(workers),
  );
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "ohwb-backfill-"));
  try {
    const file = join(dir, "events.ndjson");
    const bytes = await writeFile(file);
    process.stdout.write(
      `${count} events, ${(bytes / 1e6).toFixed(1)} MB NDJSON; ${availableParallelism()} cores, load average ${loadavg()[0]?.toFixed(1)}\n`,
    );
    const json = await readJson(file, join(dir, "read-json.duckdb"));
    const duck = json.seconds;
    process.stdout.write(
      `(a) DuckDB read_json: ${duck.toFixed(2)} s, ${Math.round(count / duck)} events/s, ` +
        `CPU ${json.cpuSeconds.toFixed(1)} s (${((json.cpuSeconds * 1e6) / count).toFixed(1)} µs per event)\n`,
    );
    const floor = (name: string, r: { seconds: number; cpuSeconds: number }) =>
      `${name}: ${r.seconds.toFixed(2)} s, ${Math.round(count / r.seconds)} events/s ` +
      `(${(duck / r.seconds).toFixed(2)} × read_json), CPU ${((r.cpuSeconds * 1e6) / count).toFixed(1)} µs per event\n`;
    process.stdout.write(
      floor(
        "(a1) read + split + JSON.parse, one thread",
        eachLine(file, (l) => JSON.parse(l.toString("utf8"))),
      ),
    );
    const pseudonymiser = new Pseudonymiser(BENCH_PSEUDONYM_KEY);
    process.stdout.write(
      floor(
        "(a2) read + split + prepareEvent (decode, validate, pseudonymise, hash), one thread, no DuckDB",
        eachLine(file, (l) => {
          if (!prepareEvent(l, pseudonymiser).ok) throw new Error("prepareEvent refused a bench event");
        }),
      ),
    );
    const line = (name: string, r: IngestCliRun) =>
      `${name}: ${r.seconds.toFixed(2)} s, ${Math.round(count / r.seconds)} events/s end to end ` +
      `(${r.rate} events/s first to last load), peak RSS ${r.peakRssMb} MB, ${gcText(r)}\n`;
    const pooled = await cliIngest(file, join(dir, "ingest.duckdb"), undefined);
    process.stdout.write(line("(b) ingest --from-file, decode workers", pooled));
    const inline = await cliIngest(file, join(dir, "inline.duckdb"), "0");
    process.stdout.write(line("(c) ingest --from-file, no workers", inline));
    const ratio = duck / pooled.seconds;
    process.stdout.write(
      `ratio (b)/(a): ${ratio.toFixed(2)} (target ≥ 0.5 ${ratio >= 0.5 ? "met" : "MISSED"}); ` +
        `workers speed-up (c)/(b): ${(inline.seconds / pooled.seconds).toFixed(2)}×; ` +
        `RSS ≤ 600 MB ${pooled.peakRssMb <= 600 ? "met" : "MISSED"}; ` +
        `CPU per event (b)/(a): ${(pooled.cpuSeconds / json.cpuSeconds).toFixed(1)}×\n`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
