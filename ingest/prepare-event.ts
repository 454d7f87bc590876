/**
 * One message's bytes → the landing row's values, or why it is refused:
 * decode → validate against the contracts → envelope checks → pseudonymise →
 * content hash. Pure and synchronous, so the decode workers
 * (`decode-worker.ts`) and the loader's own thread run exactly the same code.
 *
 * The validated, pseudonymised event is serialised once: that text is hashed,
 * and the stored payload is sliced out of it rather than serialised again.
 * Because the slice comes from Zod's output (never from the received bytes), a
 * value the contracts normalised (e.g. a lower-cased UUID) or a pseudonymised
 * staff id is always what lands; the received bytes are kept only in
 * dead_letter, where nothing was validated.
 */
import { eventTypeInfo, validateEvent } from "../contracts/index.js";
import type { DeadLetterIssue, DeadLetterReason } from "./dead-letter-reasons.js";
import { decodeMessage } from "./decode.js";
import { sha256Hex } from "./dedupe.js";
import type { Pseudonymiser } from "./pseudonymise.js";

export interface PreparedEvent {
  ok: true;
  eventId: string;
  eventType: string;
  schemaVersion: number;
  /** occurred_at as milliseconds since the epoch (whole: the contracts' timestamps have seconds). */
  occurredMs: number;
  orgCode: string | null;
  sourceSystem: string | null;
  payload: string;
  hash: string;
  rawTable: string;
}

export interface RefusedEvent {
  ok: false;
  reason: DeadLetterReason;
  issues: DeadLetterIssue[];
  /** The decoded value, when there was one (for the dead letter's scrubbing and safe fields). */
  decoded?: unknown;
}

/** True when a string holds a C0 control character or DEL (NUL above all). */
export function hasControlCharacters(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}

export function prepareEvent(
  value: Uint8Array | null,
  pseudonymiser: Pseudonymiser,
): PreparedEvent | RefusedEvent {
  const decoded = decodeMessage(value);
  if (!decoded.ok) return { ok: false, reason: decoded.reason, issues: decoded.issues };
  const validation = validateEvent(decoded.value);
  if (!validation.ok)
    return { ok: false, reason: validation.reason, issues: validation.issues, decoded: decoded.value };
  const event = validation.event as unknown as Record<string, unknown>;
  const info = eventTypeInfo(validation.eventType);
  if (!info)
    return {
      ok: false,
      reason: "UNKNOWN_EVENT_TYPE",
      issues: [{ path: "event_type", code: "UNKNOWN_EVENT_TYPE", message: "no contract lists this type" }],
      decoded: decoded.value,
    };
  const occurredMs = typeof event.occurred_at === "string" ? Date.parse(event.occurred_at) : Number.NaN;
  const envelopeIssues = checkEnvelope(event, occurredMs);
  if (envelopeIssues.length > 0)
    return { ok: false, reason: "VALIDATION_FAILED", issues: envelopeIssues, decoded: decoded.value };
  // Hashed after pseudonymisation: an unkeyed hash of the raw event would let anyone holding the
  // warehouse recover a staff id by trying every ESR number against it. Pseudonyms are
  // deterministic under one key, so a resend still hashes the same.
  pseudonymiser.apply(event, info.identifierFields);
  const serialised = JSON.stringify(event);
  return {
    ok: true,
    eventId: event.event_id as string,
    eventType: validation.eventType,
    schemaVersion: validation.schemaVersion,
    occurredMs,
    orgCode: typeof event.org_code === "string" ? event.org_code : null,
    sourceSystem: typeof event.source_system === "string" ? event.source_system : null,
    payload: payloadText(serialised, event),
    hash: sha256Hex(serialised),
    rawTable: info.rawTable,
  };
}

/** Envelope strings become VARCHAR columns: refuse control characters (NUL above all) there. */
const ENVELOPE_STRINGS = ["event_id", "event_type", "org_code", "source_system", "occurred_at"] as const;

function checkEnvelope(event: Record<string, unknown>, occurredMs: number): DeadLetterIssue[] {
  const issues: DeadLetterIssue[] = [];
  for (const field of ENVELOPE_STRINGS) {
    const value = event[field];
    if (value !== undefined && typeof value !== "string")
      issues.push({ path: field, code: "NOT_A_STRING", message: `${field} must be a string` });
    else if (typeof value === "string" && hasControlCharacters(value))
      issues.push({
        path: field,
        code: "CONTROL_CHARACTERS",
        message: `${field} contains control characters`,
      });
  }
  if (typeof event.event_id !== "string")
    issues.push({ path: "event_id", code: "MISSING", message: "event_id is required" });
  if (Number.isNaN(occurredMs))
    issues.push({
      path: "occurred_at",
      code: "INVALID_TIMESTAMP",
      message: "occurred_at is not a timestamp",
    });
  return issues;
}

const PAYLOAD_MEMBER = ',"payload":';

/**
 * The payload's text sliced out of JSON.stringify(event), which composes: the slice
 * equals JSON.stringify(event.payload). Only taken when the slice is certain — payload
 * is the last key (the envelope puts it there) and nothing before it nests, so its
 * first `,"payload":` is the top-level one (inside a string every quote is escaped) —
 * else serialised on its own. Native string searches only: a JS scan costs more than
 * the second serialisation it saves.
 */
export function payloadText(serialised: string, event: Record<string, unknown>): string {
  const at = serialised.indexOf(PAYLOAD_MEMBER);
  const keys = Object.keys(event);
  if (
    at > 0 &&
    keys[keys.length - 1] === "payload" &&
    serialised.lastIndexOf("{", at) === 0 &&
    serialised.lastIndexOf("[", at) === -1
  )
    return serialised.slice(at + PAYLOAD_MEMBER.length, serialised.length - 1);
  return JSON.stringify(event.payload ?? null);
}
