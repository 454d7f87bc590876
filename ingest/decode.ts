/**
 * Bytes → JSON value, or the reason it is not one. Cheap checks first (size,
 * UTF-8, nesting depth) so hostile input is refused before JSON.parse sees it.
 */
import { isUtf8 } from "node:buffer";
import type { DeadLetterIssue, DeadLetterReason } from "./dead-letter-reasons.js";

export const MAX_PAYLOAD_BYTES = 1024 * 1024;
/** Events are an envelope plus a shallow payload; anything deeper than this is not an event. */
export const MAX_NESTING_DEPTH = 16;

export type Decoded =
  | { ok: true; value: unknown }
  | { ok: false; reason: DeadLetterReason; issues: DeadLetterIssue[] };

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** Maximum bracket depth outside strings, stopping early once it passes `limit`. */
export function nestingDepth(bytes: Uint8Array, limit = MAX_NESTING_DEPTH): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (inString) {
      if (b === BACKSLASH) i++;
      else if (b === QUOTE) inString = false;
    } else if (b === QUOTE) inString = true;
    else if (b === OPEN_BRACE || b === OPEN_BRACKET) {
      depth++;
      if (depth > max) {
        max = depth;
        if (max > limit) return max;
      }
    } else if (b === CLOSE_BRACE || b === CLOSE_BRACKET) depth--;
  }
  return max;
}

/**
 * Opening brackets anywhere (inside strings too), counted with native searches and
 * stopping past `limit`: an upper bound on the depth, so a small count settles the
 * check without the byte-by-byte scan (which stays for the rare event with many).
 */
function openingBrackets(bytes: Uint8Array, limit: number): number {
  let count = 0;
  for (const bracket of [OPEN_BRACE, OPEN_BRACKET]) {
    for (let at = bytes.indexOf(bracket); at !== -1; at = bytes.indexOf(bracket, at + 1))
      if (++count > limit) return count;
  }
  return count;
}

function fail(reason: DeadLetterReason, message: string): Decoded {
  return { ok: false, reason, issues: [{ path: "", code: reason, message }] };
}

export function decodeMessage(bytes: Uint8Array | null | undefined): Decoded {
  if (!bytes || bytes.length === 0) return fail("EMPTY_MESSAGE", "message has no value");
  if (bytes.length > MAX_PAYLOAD_BYTES)
    return fail("PAYLOAD_TOO_LARGE", `${bytes.length} bytes exceeds the ${MAX_PAYLOAD_BYTES}-byte limit`);
  if (!isUtf8(bytes)) return fail("INVALID_UTF8", "value is not valid UTF-8");
  if (
    openingBrackets(bytes, MAX_NESTING_DEPTH) > MAX_NESTING_DEPTH &&
    nestingDepth(bytes) > MAX_NESTING_DEPTH
  )
    return fail("NESTING_TOO_DEEP", `nesting deeper than ${MAX_NESTING_DEPTH} levels`);
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString("utf8");
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return fail("NOT_JSON", error instanceof Error ? error.message : String(error));
  }
}
