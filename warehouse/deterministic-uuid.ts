/**
 * Name-based UUIDs (RFC 4122 version 5, SHA-1): the same name always gives the
 * same id, so re-importing a reference file produces the same event_ids and
 * ingest's event_id dedupe makes the import idempotent.
 */
import { createHash } from "node:crypto";

/** Namespace for OHWB reference-data events (a fixed, random v4 UUID). */
export const OHWB_REFERENCE_NAMESPACE = "6f1d7c2e-3b9a-4f5e-8c47-2a9d0e1b5c63";

export function uuidV5(name: string, namespace: string = OHWB_REFERENCE_NAMESPACE): string {
  const namespaceBytes = Buffer.from(namespace.replaceAll("-", ""), "hex");
  if (namespaceBytes.length !== 16) throw new Error(`not a UUID: ${namespace}`);
  const hash = createHash("sha1").update(namespaceBytes).update(name, "utf8").digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50; // version 5
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80; // RFC 4122 variant
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
