/**
 * The generator's public API: a deterministic, streaming source of synthetic
 * OHWB events. Months run outer and organisations inner; each month's events
 * are sorted by occurred_at and released once no later month can add to them,
 * so memory holds about one month of events, never the whole run.
 */

import { UsageError } from "../core/errors.js";
import { makeBadRecord } from "./bad-events.js";
import { monthAt, parseStartMonth } from "./calendar.js";
import type { TimedRecord } from "./event-factory.js";
import { badEventKinds, type GeneratedRecord } from "./generated-record.js";
import { generatorMessages } from "./generator-messages.js";
import { OrganisationContext } from "./organisation-context.js";
import { OrganisationSimulator } from "./organisation-simulator.js";
import { Random } from "./random.js";
import {
  chooseOrganisations,
  loadReferenceOrganisations,
  type ReferenceOrganisation,
} from "./reference-organisations.js";

export interface GenerateOptions {
  /** Number of real organisations (provider trusts) to simulate. Default 10. */
  orgs?: number;
  /** Number of months from `start`. Default 12. */
  months?: number;
  /** PRNG seed: the same seed gives the same events byte for byte. Default 1. */
  seed?: number;
  /** First month, YYYY-MM. Default 2024-04. */
  start?: string;
  /** Fraction of emitted records that are deliberately invalid, 0 ≤ R < 0.5. Default 0. */
  badRate?: number;
  /** Multiplies every org's staff (e.g. 0.1 for quick tests). Default 1: sizes as in the reference CSV. */
  scale?: number;
  /** Benchmarking CSV the organisations come from. */
  referenceFile?: string;
}

export const generateDefaults = {
  orgs: 10,
  months: 12,
  seed: 1,
  start: "2024-04",
  badRate: 0,
  scale: 1,
} as const;

/** Months simulated before the window so long absences are already running when it opens. */
const WARM_UP_MONTHS = 6;
const CHUNK = 10_000;

export interface ResolvedGeneration {
  organisations: ReferenceOrganisation[];
  windowStartMs: number;
  windowEndMs: number;
}

function check(name: string, ok: boolean, value: unknown, expected: string): void {
  if (!ok)
    throw new UsageError(generatorMessages.generatorBadOption(name, String(value), expected), {
      option: name,
    });
}

/** The options with defaults filled in; throws UsageError for a bad one, before anything is written. */
export function resolveGenerateOptions(options: GenerateOptions) {
  const o = { ...generateDefaults, ...options };
  check("orgs", Number.isInteger(o.orgs) && o.orgs >= 1, o.orgs, "a whole number ≥ 1");
  check(
    "months",
    Number.isInteger(o.months) && o.months >= 1 && o.months <= 600,
    o.months,
    "a whole number from 1 to 600",
  );
  check("seed", Number.isInteger(o.seed), o.seed, "an integer");
  check("bad-rate", o.badRate >= 0 && o.badRate < 0.5, o.badRate, "a fraction from 0 to below 0.5");
  check("scale", o.scale > 0 && o.scale <= 2, o.scale, "a number above 0 and at most 2");
  const windowStartMs = parseStartMonth(o.start);
  check("start", windowStartMs !== undefined, o.start, "a month as YYYY-MM");
  return { ...o, windowStartMs: windowStartMs as number };
}

/** Batches of records (about 10,000 each): the fast path for sinks and benches. */
export async function* generateBatches(options: GenerateOptions = {}): AsyncGenerator<GeneratedRecord[]> {
  const o = resolveGenerateOptions(options);
  const all = loadReferenceOrganisations(o.referenceFile);
  const chosen = chooseOrganisations(all, o.orgs, new Random(o.seed, "organisations"));
  const windowEndMs = monthAt(o.windowStartMs, o.months).startMs;
  const start = new Date(o.windowStartMs);
  const y0 = start.getUTCFullYear();
  const m0 = start.getUTCMonth();
  const buckets = new Map<number, TimedRecord[]>();
  const sink = (record: TimedRecord) => {
    const d = new Date(record.at);
    const index = (d.getUTCFullYear() - y0) * 12 + d.getUTCMonth() - m0;
    let bucket = buckets.get(index);
    if (!bucket) {
      bucket = [];
      buckets.set(index, bucket);
    }
    bucket.push(record);
  };
  const simulators = chosen.map(
    (org) =>
      new OrganisationSimulator(
        new OrganisationContext(org, all.indexOf(org), o.seed, o.scale, o.windowStartMs, windowEndMs, sink),
      ),
  );
  const badRandom = new Random(o.seed, "bad-events");
  const badChance = o.badRate / (1 - o.badRate);

  for (let m = -WARM_UP_MONTHS; m < o.months; m++) {
    const month = monthAt(o.windowStartMs, m);
    for (const simulator of simulators) simulator.simulateMonth(month);
    if (m < 0) continue;
    const bucket = buckets.get(m) ?? [];
    buckets.delete(m);
    bucket.sort((a, b) => a.at - b.at); // stable: ties keep generation order
    let out: GeneratedRecord[] = [];
    const pending: (TimedRecord | undefined)[] = bucket;
    for (let i = 0; i < pending.length; i++) {
      const t = pending[i] as TimedRecord;
      pending[i] = undefined; // let consumed events be collected while later chunks are yielded
      const good: GeneratedRecord = {
        topic: t.topic,
        key: t.key,
        value: t.value,
        kind: "good",
        eventType: t.eventType,
      };
      out.push(good);
      if (badChance > 0 && badRandom.chance(badChance)) {
        out.push(
          makeBadRecord(
            good,
            badEventKinds[badRandom.int(0, badEventKinds.length - 1)] ?? "invalid_json",
            badRandom,
          ),
        );
      }
      if (out.length >= CHUNK) {
        yield out;
        out = [];
      }
    }
    if (out.length > 0) yield out;
  }
}

/** One record at a time: `for await (const record of generateEvents({ orgs: 2 }))`. */
export async function* generateEvents(options: GenerateOptions = {}): AsyncGenerator<GeneratedRecord> {
  for await (const batch of generateBatches(options)) yield* batch;
}
