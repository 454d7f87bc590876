/**
 * Fixtures built once per test run and shared by every file that asks for them, instead of each file
 * building the identical warehouse or site again (issue 17: the suite's time). The cache is a
 * directory global-setup.ts creates for the run and removes at its end, so nothing outlives the run
 * and no file ever reads a build of older code. Two workers may ask at once: the first takes a lock
 * (an atomic mkdir), builds into a temporary directory and renames it into place; the others wait for
 * the finished directory. Callers get the finished directory read-only by convention: a test that
 * changes files copies it first (copyFixture).
 */
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { inject } from "vitest";

/** Where this process's builds go when no run cache was provided (a file run outside global setup). */
let processCache: string | undefined;

function cacheRoot(): string {
  const provided = inject("fixtureCache");
  if (provided) return provided;
  if (!processCache) {
    const dir = mkdtempSync(join(tmpdir(), "ohwb-fixtures-"));
    process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
    processCache = dir;
  }
  return processCache;
}

const building = new Map<string, Promise<string>>();

/**
 * The directory `build(dir)` fills for `key`, built at most once per run across workers. `key` names
 * every input of the build (e.g. "site-reference-2023"): two builds with different inputs need
 * different keys.
 */
export function runFixture(key: string, build: (dir: string) => Promise<void>): Promise<string> {
  let promise = building.get(key);
  if (!promise) {
    promise = buildOrWait(key, build);
    building.set(key, promise);
  }
  return promise;
}

async function buildOrWait(key: string, build: (dir: string) => Promise<void>): Promise<string> {
  const root = cacheRoot();
  const done = join(root, key);
  const failed = join(root, `${key}.failed`);
  if (existsSync(done)) return done;
  let mine = false;
  try {
    mkdirSync(join(root, `${key}.lock`));
    mine = true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  if (mine) {
    const partial = mkdtempSync(join(root, `${key}.building-`));
    try {
      await build(partial);
      renameSync(partial, done);
      return done;
    } catch (error) {
      rmSync(partial, { recursive: true, force: true });
      writeFileSync(failed, error instanceof Error ? (error.stack ?? error.message) : String(error));
      throw error;
    }
  }
  // Another worker is building it: wait for its result (the hook timeout bounds the wait).
  for (;;) {
    if (existsSync(done)) return done;
    if (existsSync(failed))
      throw new Error(
        `the shared fixture ${key} failed to build in another worker:\n${readFileSync(failed, "utf8")}`,
      );
    await delay(100);
  }
}

/** A private, writable copy of a fixture directory: a new temporary directory holding its files. */
export function copyFixture(source: string, prefix: string): string {
  const target = mkdtempSync(join(tmpdir(), prefix));
  cpSync(source, target, { recursive: true });
  return target;
}

declare module "vitest" {
  export interface ProvidedContext {
    fixtureCache: string;
  }
}
