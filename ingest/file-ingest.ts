/**
 * `ohwb ingest --from-file events.ndjson[.gz]`: each line is one message and
 * goes through the same BatchLoader as Kafka batches. The file's absolute path
 * stands in for the topic (`file:<path>`, partition 0) and the line number for
 * the offset, so a rerun skips lines already loaded or dead-lettered, and
 * event_id dedupe covers the same events arriving by Kafka and by file.
 */
import { createReadStream, existsSync } from "node:fs";
import { resolve } from "node:path";
import { createGunzip } from "node:zlib";
import { IngestError } from "../core/errors.js";
import { message } from "../core/messages.js";
import type { BatchLoader } from "./batch-loader.js";
import { IngestProgress, ProgressPrinter } from "./progress.js";
import type { SourceMessage } from "./source-message.js";

export interface FileIngestOptions {
  path: string;
  loader: BatchLoader;
  batchSize?: number;
  signal?: AbortSignal;
  printer?: ProgressPrinter;
  progressIntervalMs?: number;
}

export function fileTopic(path: string): string {
  return `file:${resolve(path)}`;
}

export async function runFileIngest(options: FileIngestOptions): Promise<IngestProgress> {
  const path = resolve(options.path);
  if (!existsSync(path)) throw new IngestError("FILE_MISSING", message.ingestFileMissing(path));
  const topic = fileTopic(path);
  const batchSize = options.batchSize ?? 5_000;
  const progress = new IngestProgress();
  const printer = options.printer ?? new ProgressPrinter();
  const file = createReadStream(path);
  const input = path.endsWith(".gz") ? file.pipe(createGunzip()) : file;
  let batch: SourceMessage[] = [];
  let lineNo = 0n;
  let lastPrint = Date.now();
  // One batch loads while the next is read and decoded ahead (prepareAhead), never more.
  let loading: Promise<void> = Promise.resolve();
  const flush = async () => {
    if (batch.length === 0) return;
    const messages = batch;
    batch = [];
    options.loader.prepareAhead(messages);
    await loading;
    loading = options.loader.load(messages).then((result) => {
      progress.record(result);
      if (Date.now() - lastPrint >= (options.progressIntervalMs ?? 5_000)) {
        printer.print(progress.line([]));
        lastPrint = Date.now();
      }
    });
    loading.catch(() => undefined); // awaited by the next flush or at the end
  };
  try {
    for await (const line of byteLines(input)) {
      const offset = lineNo++;
      if (line.length === 0) continue; // blank lines carry nothing, not even a bad event
      batch.push({ topic, partition: 0, offset, key: null, headers: undefined, value: line });
      if (batch.length >= batchSize) await flush();
      if (options.signal?.aborted) break;
    }
    await flush();
    await loading;
  } catch (error) {
    if (error instanceof IngestError) throw error;
    throw new IngestError("FILE_READ", message.ingestFileReadFailed(path, String(error)), { cause: error });
  } finally {
    await loading.catch(() => undefined); // the caller closes the warehouse next
    file.destroy();
  }
  printer.message(progress.summary());
  return progress;
}

/** Lines as raw bytes (readline would decode UTF-8 leniently and hide invalid bytes). */
async function* byteLines(input: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  let rest: Buffer = Buffer.alloc(0);
  for await (const chunk of input) {
    let data = rest.length > 0 ? Buffer.concat([rest, chunk]) : chunk;
    let start = 0;
    for (let nl = data.indexOf(0x0a, start); nl !== -1; nl = data.indexOf(0x0a, start)) {
      const end = nl > start && data[nl - 1] === 0x0d ? nl - 1 : nl;
      yield Buffer.from(data.subarray(start, end));
      start = nl + 1;
    }
    data = data.subarray(start);
    rest = Buffer.from(data);
  }
  if (rest.length > 0) yield rest;
}
