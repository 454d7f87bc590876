/**
 * Runs the test files that take longest first, so the two workers finish together instead of one
 * starting a minute-long file near the end (longest-processing-time-first scheduling). The times are
 * a measured run's, per file, in tests/support/file-seconds.json; a file not listed counts as 5 s.
 * Refresh the list after adding a slow file (the durations vitest prints for each file).
 */
import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { BaseSequencer, type TestSpecification } from "vitest/node";

const seconds = JSON.parse(readFileSync(join(import.meta.dirname, "file-seconds.json"), "utf8")) as Record<
  string,
  number
>;
const root = join(import.meta.dirname, "..", "..");

export class SlowestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const weight = (file: TestSpecification) => seconds[relative(root, file.moduleId)] ?? 5;
    return [...files].sort((a, b) => weight(b) - weight(a));
  }
}
