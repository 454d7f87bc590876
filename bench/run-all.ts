/**
 * `npm run bench`: runs every benchmark in bench/ as its own process (so one
 * bench's memory or broker state cannot skew another), in name order.
 * A single one: `node dist/bench/<name>.js`.
 */
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const benches = readdirSync(here)
  .filter((f) => f.endsWith(".js") && f !== basename(fileURLToPath(import.meta.url)))
  .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)))
  .sort();

if (benches.length === 0) {
  process.stderr.write(`bench: nothing to run in ${here}\n`);
  process.exit(1);
}
let failed = 0;
for (const file of benches) {
  process.stderr.write(`\n== bench ${file}\n`);
  const result = spawnSync(process.execPath, [join(here, file)], { stdio: "inherit" });
  if (result.status !== 0) {
    failed++;
    process.stderr.write(`bench ${file} failed with exit ${result.status}\n`);
  }
}
process.exit(failed === 0 ? 0 : 1);
