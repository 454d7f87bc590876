/**
 * Validated events per second on one core (target ≥ 300k/s): a typical
 * ohwb.referral.received v2 event, the same from JSON text (JSON.parse +
 * validate, as ingest does), a v1 event that is upcast, and a mix of every
 * golden example (valid and invalid). Run: npm run build && node dist/bench/contracts-validate.js
 */
import { readdirSync, readFileSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import { validateEvent } from "../contracts/index.js";
import { projectRoot } from "../core/project-root.js";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const examplesDir = join(projectRoot(), "contracts", "examples");

function readJson(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
}

/** 1,000 distinct events (different ids) so the loop does not revalidate one object. */
function variants(event: Record<string, unknown>): Record<string, unknown>[] {
  return Array.from({ length: 1_000 }, (_, i) => ({
    ...event,
    event_id: `3f1c2b9e-8d4a-4c1e-9f7b-${i.toString(16).padStart(12, "0")}`,
    payload: { ...(event.payload as object), referral_id: `REF-${i}` },
  }));
}

function run(name: string, inputs: readonly unknown[], validate: (input: unknown) => boolean): void {
  let okCount = 0;
  for (let i = 0; i < 20_000; i++) if (validate(inputs[i % inputs.length])) okCount++; // warm-up
  okCount = 0;
  let count = 0;
  const deadline = performance.now() + SECONDS * 1000;
  const started = performance.now();
  while (performance.now() < deadline) {
    for (let i = 0; i < 10_000; i++) {
      if (validate(inputs[count % inputs.length])) okCount++;
      count++;
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const rate = Math.round(count / seconds);
  process.stdout.write(
    `${name.padEnd(44)} ${rate.toLocaleString("en-GB").padStart(11)} events/s  (${count.toLocaleString("en-GB")} in ${seconds.toFixed(1)} s, ${Math.round((okCount / count) * 100)}% valid)\n`,
  );
}

const referralV2 = readJson(join(examplesDir, "ohwb.referral.received.v2", "valid.json"));
const referralV1 = readJson(join(examplesDir, "ohwb.referral.received.v1", "valid.json"));
const mix: unknown[] = [];
const validMix: unknown[] = [];
for (const dir of readdirSync(examplesDir).sort()) {
  for (const file of readdirSync(join(examplesDir, dir)).sort()) {
    const doc = readJson(join(examplesDir, dir, file));
    mix.push(file === "valid.json" ? doc : doc.event);
    if (file === "valid.json") validMix.push(doc);
  }
}

process.stdout.write(
  `contracts-validate: Node ${process.version}, ${cpus()[0]?.model ?? "unknown CPU"} (${cpus().length} cores; single-threaded loop), ${SECONDS} s per case\n`,
);
const ok = (input: unknown) => validateEvent(input).ok;
run("referral.received v2 (typical, object)", variants(referralV2), ok);
run(
  "referral.received v2 (JSON text → validate)",
  variants(referralV2).map((e) => JSON.stringify(e)),
  (text) => validateEvent(JSON.parse(text as string)).ok,
);
run("referral.received v1 (validate + upcast)", variants(referralV1), ok);
run(`mix of the ${validMix.length} valid golden examples`, validMix, ok);
run(`mix of all ${mix.length} golden examples`, mix, ok);
