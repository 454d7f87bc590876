import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The repository root, found by walking up from this file. Works both from
 * sources (vitest) and from compiled output in dist/.
 */
export function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, "package.json")) && existsSync(join(dir, "biome.json"))) return dir;
    const parent = dirname(dir);
    if (parent === dir)
      throw new Error(`projectRoot: no package.json above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}
