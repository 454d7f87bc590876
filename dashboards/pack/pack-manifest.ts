/**
 * manifest.json: what went into the pack and what came out. No timestamps and no absolute paths, so two
 * builds from the same warehouse and arguments give the same bytes: the warehouse is named by the label
 * the caller passes (default its file name), files by their path inside the pack.
 */
import { createHash } from "node:crypto";
import type { HeadlineTile, PackDates } from "./pack-types.js";

export interface ManifestFile {
  path: string;
  bytes: number;
  sha256: string;
  /** CSVs: data rows. */
  rows?: number;
}

export interface PackManifest {
  /** 2: tables read taken from the reads themselves, sections' declared reads, dates, publisher, tiles. */
  manifestVersion: 2;
  pack: {
    scope: string;
    quarter: string;
    quarterDefinition: string;
    title: string;
    publisher: string;
    protectiveMarking: string;
  };
  dates: PackDates;
  inputs: {
    warehouse: string;
    schemaVersion: number;
    transformAsOf: string | null;
    dataTests: { passed: number; failed: number };
    /** Every table the build read (recorded from its queries, not listed by hand), with its row count. */
    tablesRead: Record<string, number>;
  };
  sections: {
    id: string;
    title: string;
    driver: string;
    reads: string[];
    charts: string[];
    tables: string[];
  }[];
  headline: { label: string; value: string }[];
  tiles: HeadlineTile[];
  assumptions: Record<string, unknown>;
  files: ManifestFile[];
}

export function sha256(bytes: Buffer | string): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** Keys sorted at every depth, two-space indent, trailing newline: a stable serialisation. */
export function stableJson(value: unknown): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (v !== null && typeof v === "object") {
      return Object.fromEntries(
        Object.keys(v as Record<string, unknown>)
          .sort()
          .map((k) => [k, sort((v as Record<string, unknown>)[k])]),
      );
    }
    return v;
  };
  return `${JSON.stringify(sort(value), null, 2)}\n`;
}
