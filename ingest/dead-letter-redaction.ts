/**
 * Validation issues are stored in clear (so `dead_letter` stays queryable
 * without the key), so they must not echo a staff identifier. Zod and the
 * contract messages describe expectations rather than received values, but
 * some texts do quote the input: JSON.parse's errors show a snippet of the
 * bytes, and an internal error can carry anything. So every issue is scrubbed
 * of the message's identifier values (the contracts' identifier fields, the
 * Kafka key) and decoder snippets are cut out.
 */
import { eventTypes } from "../contracts/index.js";
import type { DeadLetterIssue, DeadLetterReason } from "./dead-letter-reasons.js";

export const REDACTED = "[redacted]";
/** Shorter values are not identifying, and scrubbing them would garble ordinary text. */
const MIN_SCRUBBED_LENGTH = 4;

/** Every identifier path any contract marks: a broken event's own type may be unknown. */
const identifierPaths: readonly string[] = [...new Set(eventTypes.flatMap((t) => t.identifierFields))];

function valueAt(node: unknown, path: string): unknown {
  let current = node;
  for (const part of path.split(".")) {
    if (current === null || typeof current !== "object" || !Object.hasOwn(current, part)) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/** The identifier values a message carries: at identifier paths of the decoded JSON, and the key. */
export function identifierValues(decoded: unknown, key: Uint8Array | null): string[] {
  const values = new Set<string>();
  for (const path of identifierPaths) {
    const value = valueAt(decoded, path);
    if (typeof value === "string" || typeof value === "number") values.add(String(value));
  }
  if (key && key.length > 0) values.add(Buffer.from(key).toString("utf8"));
  // Longest first, so a value containing another is scrubbed whole.
  return [...values].filter((v) => v.length >= MIN_SCRUBBED_LENGTH).sort((a, b) => b.length - a.length);
}

/** JSON.parse's message without the quoted snippet of the input it shows. */
function withoutInputSnippet(message: string): string {
  const token = /^(Unexpected token .+?), .*is not valid JSON$/s.exec(message);
  const cut = token ? `${token[1]} (input not shown)` : message;
  return cut.includes('"') ? "value is not valid JSON" : cut;
}

function scrub(text: string, values: readonly string[]): string {
  let out = text;
  for (const v of values) if (out.includes(v)) out = out.split(v).join(REDACTED);
  return out;
}

/** The issues as they may be stored: no identifier value, no input snippet. */
export function redactIssues(
  reason: DeadLetterReason,
  issues: readonly DeadLetterIssue[],
  decoded: unknown,
  key: Uint8Array | null,
): DeadLetterIssue[] {
  const values = identifierValues(decoded, key);
  return issues.map((issue) => ({
    path: scrub(issue.path, values),
    code: issue.code,
    message: scrub(reason === "NOT_JSON" ? withoutInputSnippet(issue.message) : issue.message, values),
  }));
}
