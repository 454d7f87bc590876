/** Loads the committed golden examples under contracts/examples/<event_type>.v<N>/. */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { projectRoot } from "../../core/project-root.js";

export interface InvalidExample {
  file: string;
  why: string;
  expect: { reason: string; path: string; code: string };
  event: unknown;
}

export interface ExampleSet {
  dir: string;
  eventType: string;
  version: number;
  valid: Record<string, unknown>;
  invalid: InvalidExample[];
}

export const examplesRoot = join(projectRoot(), "contracts", "examples");

function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, "utf8"));
}

export function loadExampleSets(): ExampleSet[] {
  return readdirSync(examplesRoot)
    .sort()
    .map((dir) => {
      const match = /^(.+)\.v(\d+)$/.exec(dir);
      if (!match?.[1] || !match[2]) throw new Error(`example folder ${dir} is not <event_type>.v<N>`);
      const files = readdirSync(join(examplesRoot, dir)).sort();
      const unexpected = files.filter((f) => f !== "valid.json" && !/^invalid-[a-z0-9-]+\.json$/.test(f));
      if (unexpected.length) throw new Error(`unexpected files in ${dir}: ${unexpected.join(", ")}`);
      return {
        dir,
        eventType: match[1],
        version: Number(match[2]),
        valid: readJson(join(examplesRoot, dir, "valid.json")) as Record<string, unknown>,
        invalid: files
          .filter((f) => f.startsWith("invalid-"))
          .map((file) => ({
            file,
            ...(readJson(join(examplesRoot, dir, file)) as Omit<InvalidExample, "file">),
          })),
      };
    });
}

/** Value at a dotted path ("payload.staff_id"), or undefined. */
export function valueAt(value: unknown, path: string): unknown {
  let current = value;
  for (const segment of path.split(".")) {
    if (typeof current !== "object" || current === null) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}
