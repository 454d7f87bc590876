/**
 * A warehouse loaded with generated events the way an operator would load a file: `ohwb generate`'s
 * generator writes NDJSON, and the real `ohwb ingest --from-file` validates, pseudonymises and loads it.
 */
import { join } from "node:path";
import { vi } from "vitest";
import { ingestCommand } from "../../cli/commands/ingest.js";
import { writeRecordsToFile } from "../../generator/file-sink.js";
import { type GenerateOptions, generateBatches } from "../../generator/generate-events.js";
import type { GeneratedRecord } from "../../generator/generated-record.js";

/** Generates events into `dir`, ingests them into `warehousePath` quietly; throws if ingest fails. */
export async function ingestGeneratedEvents(
  dir: string,
  warehousePath: string,
  options: GenerateOptions,
): Promise<void> {
  const file = join(dir, "events.ndjson.gz");
  await writeRecordsToFile(file, generateBatches(options));
  await ingestFile(file, warehousePath);
}

/** Writes generated batches to an NDJSON file (e.g. one slice of a run, to load it as a later feed). */
export async function writeBatches(file: string, batches: GeneratedRecord[][]): Promise<void> {
  async function* each(): AsyncGenerator<GeneratedRecord[]> {
    yield* batches;
  }
  await writeRecordsToFile(file, each());
}

/** `ohwb ingest --from-file FILE --warehouse PATH` with a fixed test pseudonym key, output silenced. */
export async function ingestFile(file: string, warehousePath: string): Promise<void> {
  const savedKey = process.env.OHWB_PSEUDONYM_KEY;
  process.env.OHWB_PSEUDONYM_KEY = "generated-test-key-0123456789abcdef0123456789abcdef";
  const quiet = [
    vi.spyOn(process.stderr, "write").mockImplementation(() => true),
    vi.spyOn(process.stdout, "write").mockImplementation(() => true),
  ];
  try {
    const exitCode = await ingestCommand.run(["--create", "--from-file", file, "--warehouse", warehousePath]);
    if (exitCode !== 0) throw new Error(`ohwb ingest --from-file exited with ${exitCode}`);
  } finally {
    for (const q of quiet) q.mockRestore();
    if (savedKey === undefined) delete process.env.OHWB_PSEUDONYM_KEY;
    else process.env.OHWB_PSEUDONYM_KEY = savedKey;
  }
}
