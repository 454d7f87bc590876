/**
 * Writes generated records as NDJSON (one event per line, the format
 * `ohwb ingest --from-file` reads), gzip-compressed when the name ends .gz.
 */
import { createWriteStream, mkdirSync, renameSync, rmSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
import type { GeneratedRecord } from "./generated-record.js";
import { GenerationSummary } from "./generation-summary.js";
import type { ProgressCallback } from "./progress-reporter.js";

export async function writeRecordsToFile(
  path: string,
  batches: AsyncIterable<GeneratedRecord[]>,
  onProgress?: ProgressCallback,
): Promise<GenerationSummary> {
  const summary = new GenerationSummary();
  async function* lines(): AsyncGenerator<string> {
    for await (const batch of batches) {
      let text = "";
      for (const record of batch) {
        summary.add(record);
        text += `${record.value}\n`;
      }
      yield text;
      onProgress?.(summary);
    }
  }
  // Written under a temporary name and renamed: a failed run leaves an existing file as it was.
  // The folder is made if missing, and removed again if this run fails (nothing of a failed run stays).
  const madeFolder = mkdirSync(dirname(resolve(path)), { recursive: true });
  const partial = `${path}.partial-${process.pid}`;
  const out = createWriteStream(partial);
  try {
    if (path.endsWith(".gz")) await pipeline(Readable.from(lines()), createGzip({ level: 3 }), out);
    else await pipeline(Readable.from(lines()), out);
    renameSync(partial, path);
  } catch (error) {
    rmSync(partial, { force: true });
    if (madeFolder) rmSync(madeFolder, { recursive: true, force: true });
    throw error;
  }
  return summary;
}

/** Consumes the records without writing them (benchmarks: generation cost alone). */
export async function discardRecords(
  batches: AsyncIterable<GeneratedRecord[]>,
  onProgress?: ProgressCallback,
): Promise<GenerationSummary> {
  const summary = new GenerationSummary();
  for await (const batch of batches) {
    for (const record of batch) summary.add(record);
    onProgress?.(summary);
  }
  return summary;
}
