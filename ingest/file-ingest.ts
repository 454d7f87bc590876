/**
 * `ohwb ingest --from-file events.ndjson[.gz]`: each line is one message and
 * goes through the same BatchLoader as Kafka batches. The file is identified
 * by its content, never its name: the SHA-256 of its bytes stands in for the
 * topic (`file:sha256:<hex>`, partition 0) and the line number for the
 * offset. A rerun of the same bytes (from any path) resumes after the lines
 * already loaded or dead-lettered; a file rewritten or edited under a known
 * name is new content and loads in full, its events already loaded dropped
 * as resends by event_id dedupe, so no line is skipped for its position.
 */
import { createHash } from "node:crypto";
import {
  accessSync,
  closeSync,
  constants,
  createReadStream,
  existsSync,
  openSync,
  readSync,
  statSync,
} from "node:fs";
import { resolve } from "node:path";
import { createGunzip } from "node:zlib";
import type { BatchLoader } from "./batch-loader.js";
import { IngestError } from "./ingest-errors.js";
import { ingestMessages } from "./ingest-messages.js";
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

/** Bytes per read: 1 MiB (fs streams read 64 KiB by default, 16× the system calls for a backfill). */
const READ_CHUNK = 1024 * 1024;

/** The offsets topic of a file's content: its SHA-256 (hex) of the bytes as stored. */
export function fileTopic(sha256: string): string {
  return `file:sha256:${sha256}`;
}

/** SHA-256 of the file's first `size` bytes (the size taken once, so a growing file hashes what will load). */
async function fileDigest(path: string, size: number): Promise<string> {
  const hash = createHash("sha256");
  if (size > 0)
    for await (const chunk of createReadStream(path, { end: size - 1, highWaterMark: READ_CHUNK }))
      hash.update(chunk);
  return hash.digest("hex");
}

/** SHA-256 of bytes already in memory, for importers that read a whole file. */
export function contentDigest(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** The gzip magic bytes (RFC 1952). */
const GZIP_MAGIC = Buffer.from([0x1f, 0x8b]);

/**
 * The input must be a readable file, and a .gz one must start as gzip does. Exported so the CLI
 * checks before it makes or opens a warehouse: a mistyped input must not leave a new, empty one.
 */
export function checkIngestFile(file: string): void {
  const path = resolve(file);
  if (!existsSync(path)) throw new IngestError("FILE_MISSING", ingestMessages.ingestFileMissing(path));
  if (!statSync(path).isFile())
    throw new IngestError("FILE_IS_FOLDER", ingestMessages.ingestFileIsFolder(path));
  let fd: number | undefined;
  const header = Buffer.alloc(2);
  let read = 0;
  try {
    accessSync(path, constants.R_OK);
    fd = openSync(path, "r");
    read = readSync(fd, header, 0, 2, 0);
  } catch (error) {
    throw new IngestError("FILE_READ", ingestMessages.ingestFileReadFailed(path, String(error)), {
      cause: error,
    });
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  if (path.endsWith(".gz") && (read < 2 || !header.equals(GZIP_MAGIC))) {
    throw new IngestError(
      "FILE_READ",
      ingestMessages.ingestFileNotGzip(path, "it does not start with gzip's header"),
    );
  }
}

export async function runFileIngest(options: FileIngestOptions): Promise<IngestProgress> {
  const path = resolve(options.path);
  checkIngestFile(path);
  const printer = options.printer ?? new ProgressPrinter();
  let size: number;
  let digest: string;
  try {
    size = statSync(path).size;
    digest = await fileDigest(path, size);
  } catch (error) {
    throw new IngestError("FILE_READ", ingestMessages.ingestFileReadFailed(path, String(error)), {
      cause: error,
    });
  }
  const topic = fileTopic(digest);
  printer.message(ingestMessages.ingestFileContent(path, size, digest));
  const batchSize = options.batchSize ?? 5_000;
  const progress = new IngestProgress();
  // The loaded bytes are the hashed bytes: read exactly `size` of them, hashing again, and refuse
  // at the end if they differ (the file was rewritten in place meanwhile).
  const check = createHash("sha256");
  const file = createReadStream(path, { end: Math.max(size - 1, 0), highWaterMark: READ_CHUNK });
  file.on("data", (chunk) => check.update(chunk));
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
    // zlib's own words ("incorrect header check", "unexpected end of file") for a damaged .gz
    const code = (error as { code?: unknown }).code;
    const detail = typeof code === "string" && code.startsWith("Z_") ? (error as Error).message : null;
    throw new IngestError(
      "FILE_READ",
      detail === null
        ? ingestMessages.ingestFileReadFailed(path, String(error))
        : ingestMessages.ingestFileNotGzip(path, detail),
      { cause: error },
    );
  } finally {
    await loading.catch(() => undefined); // the caller closes the warehouse next
    file.destroy();
  }
  if (!options.signal?.aborted && check.digest("hex") !== digest) {
    throw new IngestError("FILE_CHANGED", ingestMessages.ingestFileChangedWhileLoading(path), {
      retriable: true,
    });
  }
  printer.message(progress.summary());
  return progress;
}

/**
 * Lines as raw bytes (readline would decode UTF-8 leniently and hide invalid bytes). Each
 * line is a view of the chunk it was read in, not a copy: streams hand out a fresh buffer
 * per chunk, and a chunk lives only as long as the batch holding its lines.
 */
async function* byteLines(input: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  let rest: Buffer = Buffer.alloc(0);
  for await (const chunk of input) {
    let data = rest.length > 0 ? Buffer.concat([rest, chunk]) : chunk;
    let start = 0;
    for (let nl = data.indexOf(0x0a, start); nl !== -1; nl = data.indexOf(0x0a, start)) {
      const end = nl > start && data[nl - 1] === 0x0d ? nl - 1 : nl;
      yield data.subarray(start, end);
      start = nl + 1;
    }
    data = data.subarray(start);
    rest = Buffer.from(data);
  }
  if (rest.length > 0) yield rest;
}
