/**
 * Seeded pseudo-random numbers (sfc32, 32-bit state words): fast, small and
 * reproducible across platforms, so the same seed gives the same events byte
 * for byte. Math.random is never used by the generator.
 */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** Seeds from any strings/numbers (e.g. the run seed and an org code) via a string hash. */
  constructor(...seedParts: (string | number)[]) {
    let h1 = 0x9e3779b9;
    let h2 = 0x243f6a88;
    let h3 = 0xb7e15162;
    let h4 = 0x85a308d3;
    const text = seedParts.join("\u0001");
    for (let i = 0; i < text.length; i++) {
      const k = text.charCodeAt(i);
      h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
      h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
      h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
      h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
    }
    this.a = h1 >>> 0;
    this.b = h2 >>> 0;
    this.c = h3 >>> 0;
    this.d = h4 >>> 0;
    for (let i = 0; i < 16; i++) this.nextUint32(); // mix away weak seeds
  }

  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Integer in [min, max] inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  uniform(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** Picks a key of `weights` with probability proportional to its weight. */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
    const entries = Object.entries(weights) as [K, number][];
    let total = 0;
    for (const [, w] of entries) total += w;
    let r = this.next() * total;
    for (const [k, w] of entries) {
      r -= w;
      if (r < 0) return k;
    }
    return (entries[entries.length - 1] as [K, number])[0];
  }

  /** Standard normal (Box–Muller). */
  normal(): number {
    const u = 1 - this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  /** Exponential with the given mean. */
  exponential(mean: number): number {
    return -Math.log(1 - this.next()) * mean;
  }

  /** Log-normal with the given median and spread (sigma of the log). */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  /** Poisson count; normal approximation above 50 keeps large orgs cheap. */
  poisson(lambda: number): number {
    if (lambda <= 0) return 0;
    if (lambda > 50) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * this.normal()));
    const limit = Math.exp(-lambda);
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k++;
      p *= this.next();
    }
    return k;
  }

  /** A random UUID in version-4 format (deterministic: drawn from this stream). */
  uuid(): string {
    const w0 = this.nextUint32();
    const w1 = this.nextUint32();
    const w2 = this.nextUint32();
    const w3 = this.nextUint32();
    const hex = (n: number) => n.toString(16).padStart(8, "0");
    const a = hex(w0);
    const b = hex(((w1 & 0xffff0fff) | 0x00004000) >>> 0);
    const c = hex(((w2 & 0x3fffffff) | 0x80000000) >>> 0);
    const d = hex(w3);
    return `${a}-${b.slice(0, 4)}-${b.slice(4)}-${c.slice(0, 4)}-${c.slice(4)}${d}`;
  }
}

/** A fixed weighted choice, precomputed once for hot loops. */
export class WeightedTable<K> {
  private readonly keys: K[];
  private readonly cumulative: number[];
  private readonly total: number;

  constructor(weights: Iterable<readonly [K, number]>) {
    this.keys = [];
    this.cumulative = [];
    let sum = 0;
    for (const [k, w] of weights) {
      sum += w;
      this.keys.push(k);
      this.cumulative.push(sum);
    }
    this.total = sum;
  }

  static of<K extends string>(weights: Readonly<Record<K, number>>): WeightedTable<K> {
    return new WeightedTable(Object.entries(weights) as [K, number][]);
  }

  pick(random: Random): K {
    const r = random.next() * this.total;
    const c = this.cumulative;
    let lo = 0;
    let hi = c.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((c[mid] as number) > r) hi = mid;
      else lo = mid + 1;
    }
    return this.keys[lo] as K;
  }
}
