/**
 * Last line of defence before anything is published: scans every file under a directory and lists
 * disclosure violations (domain notes §10). It re-checks outputs independently of the code that
 * applied disclosure control, so a bug there (or a hand-edited file) fails the build instead of leaking.
 *
 * Checks:
 * - staff pseudonyms (`ps_` + ≥16 hex, the ingest format; configurable) anywhere in any file;
 * - a staff identifier key (`staff_id`, `staff_pseudo_id`) carrying a value (CSV column, JSON key, text);
 * - tables (CSV rows, and JSON arrays of objects such as a Vega-Lite spec's `data.values`): count columns
 *   (named `*_count` or `n_*`, or declared in a sidecar manifest) holding 1–7 or a non-multiple of 5
 *   at any level (England too: with one trust loaded, England is that trust); an FTE-day denominator
 *   ≤ 330 published (rate rule 1).
 * What a reader sees is read too, not only tables: in SVG and HTML, every `aria-label` (Vega writes
 * each mark's fields there as "Field: value; …", keys normalised to names: "Rate (%)" → rate_pct) is
 * checked as a row; HTML's embedded JSON (`<script type="application/json">`, the site's Vega specs
 * and data) as JSON; a PDF's shown text, decoded from its compressed content streams (pdf-text.ts),
 * goes through the text checks. Other binary files are checked on their printable runs (like
 * `strings`), so compressed content (PNG IDAT) is not seen — pseudonyms and counts must never reach
 * a renderer in the first place.
 *
 * Sidecar manifest: `<file>.disclosure.json` = { "countColumns"?: string[], "level"?: level,
 *   "rates"?: [{ "rate": string, "denominator": string }] }.
 */
import { readdirSync, readFileSync } from "node:fs";
import { extname, join, relative } from "node:path";
import { DisclosureViolationError } from "../dashboard-errors.js";
import { dashboardMessages } from "../dashboard-messages.js";
import type { GeographyLevel } from "../mart-rows.js";
import { parseCsv } from "./csv-rows.js";
import { ESR_MIN_FTE_DAYS_AVAILABLE, SMALL_COUNT_MAX } from "./disclosure-control.js";
import { pdfText } from "./pdf-text.js";

export type ViolationKind =
  | "staff_pseudonym"
  | "staff_id"
  | "small_count"
  | "unrounded_count"
  | "small_denominator";

export interface DisclosureViolation {
  /** Path relative to the scanned directory. */
  file: string;
  kind: ViolationKind;
  /** "line 4, column n_referrals", "$.data.values[3].rate_pct", … */
  where: string;
  /** What was found; pseudonyms are masked so the report itself does not leak them. */
  detail: string;
}

export interface RateRule {
  rate: string;
  denominator: string;
}

export interface OutputCheckOptions {
  /** Staff pseudonym pattern; must be global (`g`). Default `ps_` + ≥16 hex characters. */
  pseudonymPattern?: RegExp;
  staffIdKeys?: readonly string[];
  rateRules?: readonly RateRule[];
}

interface Manifest {
  countColumns?: string[];
  /** Accepted for older sidecars; no level relaxes the checks. */
  level?: GeographyLevel;
  rates?: RateRule[];
}

export const DEFAULT_PSEUDONYM_PATTERN = /\bps_[0-9a-f]{16,}/gi;
export const DEFAULT_STAFF_ID_KEYS = ["staff_id", "staff_pseudo_id"] as const;
export const DEFAULT_RATE_RULES: readonly RateRule[] = [
  { rate: "rate_pct", denominator: "fte_days_available" },
];
const MANIFEST_SUFFIX = ".disclosure.json";
const TEXT_EXTENSIONS = new Set([
  ".csv",
  ".json",
  ".html",
  ".htm",
  ".svg",
  ".txt",
  ".md",
  ".xml",
  ".js",
  ".css",
  ".tsv",
]);

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return listFiles(path);
    return entry.isFile() ? [path] : [];
  });
}

function mask(pseudonym: string): string {
  return `${pseudonym.slice(0, 7)}… (${pseudonym.length} chars)`;
}

function lineOf(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** Printable ASCII runs of 4+ characters, as `strings` extracts them. */
function printableRuns(bytes: Buffer): string {
  return (bytes.toString("latin1").match(/[\x20-\x7e\t]{4,}/g) ?? []).join("\n");
}

const ENTITIES: Record<string, string> = { amp: "&", quot: '"', apos: "'", lt: "<", gt: ">", nbsp: " " };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith("#x") || name.startsWith("#X"))
      return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
    if (name.startsWith("#")) return String.fromCodePoint(Number(name.slice(1)));
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** A field title as a column name: "FTE days available" → fte_days_available, "Rate (%)" → rate_pct. */
function fieldName(title: string): string {
  return title
    .toLowerCase()
    .replaceAll("%", " pct ")
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
}

/** Each aria-label written as "Field: value; Field: value" (Vega's mark descriptions) as a row. */
function ariaRecords(text: string): { line: number; record: Record<string, string> }[] {
  const out: { line: number; record: Record<string, string> }[] = [];
  for (const match of text.matchAll(/aria-label\s*=\s*(?:"([^"]*)"|'([^']*)')/gi)) {
    const label = decodeEntities(match[1] ?? match[2] ?? "");
    const record: Record<string, string> = {};
    for (const part of label.split(/;\s*/)) {
      const colon = part.indexOf(": ");
      if (colon > 0) record[fieldName(part.slice(0, colon))] = part.slice(colon + 2).trim();
    }
    if (Object.keys(record).length > 0) out.push({ line: lineOf(text, match.index ?? 0), record });
  }
  return out;
}

/** JSON embedded in HTML script elements of type application/json (the site's page data and specs). */
function embeddedJson(text: string): { line: number; value: unknown }[] {
  const out: { line: number; value: unknown }[] = [];
  const pattern = /<script\b[^>]*type\s*=\s*["']application\/(?:ld\+)?json["'][^>]*>([\s\S]*?)<\/script>/gi;
  for (const match of text.matchAll(pattern)) {
    try {
      out.push({ line: lineOf(text, match.index ?? 0), value: JSON.parse(match[1] ?? "") });
    } catch {
      // not JSON after all: the text checks still ran on it
    }
  }
  return out;
}

function isCountColumn(name: string, manifest: Manifest): boolean {
  return manifest.countColumns?.includes(name) === true || /_count$/i.test(name) || /^n_/i.test(name);
}

function numeric(value: unknown): number | null {
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value !== "string") return null;
  const trimmed = value.trim();
  if (trimmed === "" || !/^-?\d+(\.\d+)?$/.test(trimmed)) return null;
  return Number(trimmed);
}

export class OutputChecker {
  private readonly pseudonymPattern: RegExp;
  private readonly staffIdKeys: Set<string>;
  private readonly rateRules: readonly RateRule[];

  constructor(options: OutputCheckOptions = {}) {
    const pattern = options.pseudonymPattern ?? DEFAULT_PSEUDONYM_PATTERN;
    this.pseudonymPattern = pattern.global ? pattern : new RegExp(pattern.source, `${pattern.flags}g`);
    this.staffIdKeys = new Set((options.staffIdKeys ?? DEFAULT_STAFF_ID_KEYS).map((k) => k.toLowerCase()));
    this.rateRules = options.rateRules ?? DEFAULT_RATE_RULES;
  }

  checkDirectory(dir: string): DisclosureViolation[] {
    const violations: DisclosureViolation[] = [];
    for (const path of listFiles(dir).sort()) {
      const file = relative(dir, path);
      const bytes = readFileSync(path);
      const ext = extname(path).toLowerCase();
      const binary = !TEXT_EXTENSIONS.has(ext) && bytes.subarray(0, 8192).includes(0);
      const text =
        ext === ".pdf"
          ? `${pdfText(bytes)}\n${printableRuns(bytes)}`
          : binary
            ? printableRuns(bytes)
            : bytes.toString("utf8");
      const add = (kind: ViolationKind, where: string, detail: string) =>
        violations.push({ file, kind, where, detail });
      this.checkText(text, add);
      if (path.endsWith(MANIFEST_SUFFIX)) continue;
      if (ext === ".svg" || ext === ".html" || ext === ".htm") {
        const manifest = this.manifestFor(path);
        ariaRecords(text).forEach(({ line, record }, i) => {
          this.checkRecord(record, manifest, (key) => `line ${line}, aria-label ${i + 1}, ${key}`, add);
        });
        embeddedJson(text).forEach(({ line, value }) => {
          this.checkJson(value, `line ${line} <script>$`, manifest, add);
        });
      }
      if (ext === ".csv") this.checkCsv(text, this.manifestFor(path), add);
      else if (ext === ".json") {
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          continue; // not JSON after all: the text checks above still ran
        }
        this.checkJson(parsed, "$", this.manifestFor(path), add);
      }
    }
    return violations;
  }

  private manifestFor(path: string): Manifest {
    const manifestPath = `${path}${MANIFEST_SUFFIX}`;
    let text: string;
    try {
      text = readFileSync(manifestPath, "utf8");
    } catch {
      return {};
    }
    try {
      return JSON.parse(text) as Manifest;
    } catch (error) {
      throw new DisclosureViolationError(
        dashboardMessages.disclosureUnreadableManifest(manifestPath, (error as Error).message),
      );
    }
  }

  private checkText(text: string, add: (kind: ViolationKind, where: string, detail: string) => void): void {
    for (const match of text.matchAll(this.pseudonymPattern)) {
      add("staff_pseudonym", `line ${lineOf(text, match.index ?? 0)}`, `staff pseudonym ${mask(match[0])}`);
    }
    const keys = [...this.staffIdKeys].map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|");
    const keyValue = new RegExp(`\\b(${keys})\\b["']?\\s*[:=]\\s*["']?([^\\s"'<>,;}\\]]+)`, "gi");
    for (const match of text.matchAll(keyValue)) {
      if (match[2] === "null") continue;
      add(
        "staff_id",
        `line ${lineOf(text, match.index ?? 0)}`,
        `staff identifier key "${match[1]}" with a value`,
      );
    }
  }

  private checkCsv(
    text: string,
    manifest: Manifest,
    add: (k: ViolationKind, w: string, d: string) => void,
  ): void {
    const { header, rows } = parseCsv(text);
    for (const row of rows) {
      const record: Record<string, string> = {};
      header.forEach((name, i) => {
        record[name] = row.values[i] ?? "";
      });
      this.checkRecord(record, manifest, (column) => `line ${row.line}, column ${column}`, add);
    }
  }

  private checkJson(
    value: unknown,
    path: string,
    manifest: Manifest,
    add: (k: ViolationKind, w: string, d: string) => void,
  ): void {
    if (Array.isArray(value)) {
      value.forEach((item, i) => {
        const itemPath = `${path}[${i}]`;
        if (item !== null && typeof item === "object" && !Array.isArray(item)) {
          this.checkRecord(item as Record<string, unknown>, manifest, (key) => `${itemPath}.${key}`, add);
        }
        this.checkJson(item, itemPath, manifest, add);
      });
      return;
    }
    if (value === null || typeof value !== "object") return;
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      this.checkJson(child, `${path}.${key}`, manifest, add);
    }
  }

  /** Table checks on one row (CSV row or JSON object): staff id keys, counts, small denominators. */
  private checkRecord(
    record: Record<string, unknown>,
    manifest: Manifest,
    where: (column: string) => string,
    add: (k: ViolationKind, w: string, d: string) => void,
  ): void {
    for (const [key, value] of Object.entries(record)) {
      if (this.staffIdKeys.has(key.toLowerCase()) && value !== null && value !== "") {
        add("staff_id", where(key), `staff identifier column "${key}" has a value`);
      }
      if (!isCountColumn(key, manifest)) continue;
      const n = numeric(value);
      if (n === null || n === 0) continue;
      if (n >= 1 && n <= SMALL_COUNT_MAX)
        add("small_count", where(key), `count ${n} (1–7 must be shown as "*")`);
      else if (n % 5 !== 0) add("unrounded_count", where(key), `count ${n} is not rounded to the nearest 5`);
    }
    for (const rule of [...this.rateRules, ...(manifest.rates ?? [])]) {
      const denominator = numeric(record[rule.denominator]);
      if (denominator === null || denominator > ESR_MIN_FTE_DAYS_AVAILABLE) continue;
      const rate = record[rule.rate];
      const rateShown = rate !== undefined && rate !== null && rate !== "" && rate !== "*";
      add(
        "small_denominator",
        where(rule.denominator),
        `${rule.denominator} ${denominator} ≤ ${ESR_MIN_FTE_DAYS_AVAILABLE} published${rateShown ? ` with ${rule.rate} ${String(rate)}` : ""} (must be nulled)`,
      );
    }
  }
}

export function checkOutputs(dir: string, options: OutputCheckOptions = {}): DisclosureViolation[] {
  return new OutputChecker(options).checkDirectory(dir);
}

/** Throws DisclosureViolationError (context.violations) unless every file under `dir` is publishable. */
export function assertPublishable(dir: string, options: OutputCheckOptions = {}): void {
  const violations = checkOutputs(dir, options);
  if (violations.length === 0) return;
  const first = violations.slice(0, 3).map((v) => `${v.file} ${v.where}: ${v.detail}`);
  throw new DisclosureViolationError(dashboardMessages.disclosureViolations(dir, violations.length, first), {
    dir,
    violations,
  });
}
