import { type GenerateOptions, generateEvents } from "../../generator/generate-events.js";
import type { GeneratedRecord } from "../../generator/generated-record.js";

/** Collects a (small) run in memory for assertions. */
export async function collect(options: GenerateOptions): Promise<GeneratedRecord[]> {
  const records: GeneratedRecord[] = [];
  for await (const record of generateEvents(options)) records.push(record);
  return records;
}
