/**
 * A warehouse loaded with generated events the way an operator would load a file: `ohwb generate`'s
 * generator writes NDJSON, and the real `ohwb ingest --from-file` validates, pseudonymises and loads it.
 */
import { join } from "node:path";
import { vi } from "vitest";
import { ingestCommand } from "../../cli/commands/ingest.js";
import { writeRecordsToFile } from "../../generator/file-sink.js";
import { type GenerateOptions, generateBatches } from "../../generator/generate-events.js";

/** Generates events into `dir`, ingests them into `warehousePath` quietly; throws if ingest fails. */
export async function ingestGeneratedEvents(
  dir: string,
  warehousePath: string,
  options: GenerateOptions,
): Promise<void> {
  const file = join(dir, "events.ndjson.gz");
  await writeRecordsToFile(file, generateBatches(options));
  const savedKey = process.env.OHWB_PSEUDONYM_KEY;
  process.env.OHWB_PSEUDONYM_KEY = "generated-test-key-0123456789abcdef0123456789abcdef";
  const quiet = [
    vi.spyOn(process.stderr, "write").mockImplementation(() => true),
    vi.spyOn(process.stdout, "write").mockImplementation(() => true),
  ];
  try {
    const exitCode = await ingestCommand.run(["--from-file", file, "--warehouse", warehousePath]);
    if (exitCode !== 0) throw new Error(`ohwb ingest --from-file exited with ${exitCode}`);
  } finally {
    for (const q of quiet) q.mockRestore();
    if (savedKey === undefined) delete process.env.OHWB_PSEUDONYM_KEY;
    else process.env.OHWB_PSEUDONYM_KEY = savedKey;
  }
}
