import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The project root (the repository, or the installed package), found by walking
 * up from this file to our own package.json. Works from sources (vitest), from
 * compiled output in dist/, and from an `npm install -g` of the package.
 */
export function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (isOurPackage(join(dir, "package.json"))) return dir;
    const parent = dirname(dir);
    if (parent === dir)
      throw new Error(`projectRoot: no package.json above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

const packageName = "ohwb-evidence-warehouse";

function isOurPackage(path: string): boolean {
  if (!existsSync(path)) return false;
  try {
    return (JSON.parse(readFileSync(path, "utf8")) as { name?: unknown }).name === packageName;
  } catch {
    return false;
  }
}
