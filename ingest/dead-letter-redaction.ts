/**
 * Validation issues are stored in clear (so `dead_letter` stays queryable
 * without the key), so they must not echo a staff identifier. Zod and the
 * contract messages describe expectations rather than received values, but
 * some texts do quote the input: JSON.parse's errors show a snippet of the
 * bytes, an unknown key is named, an unknown event type is quoted, and an
 * internal error can carry anything. So every issue is scrubbed of the
 * message's identifier values (the contracts' identifier fields, the Kafka
 * key, an event_type that is not shaped like one), an unknown key is named
 * only when it is some contract's field name (a staff id can be sent as a
 * key), and decoder snippets are cut out. The event id and type kept in clear
 * beside the issues are kept only when they are shaped like a UUID and an
 * event type name.
 */

import { contractMessages } from "../contracts/contract-messages.js";
import { contractFieldNames, eventTypes } from "../contracts/index.js";
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

const UUID_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EVENT_TYPE_SHAPE = /^[a-z][a-z0-9_]*(?:\.[a-z0-9_]+){1,5}$/;

/** The message's event_id as `dead_letter.event_id` may hold it: a UUID (lower-case, as loaded), else null. */
export function storedEventId(decoded: unknown): string | null {
  const value = valueAt(decoded, "event_id");
  return typeof value === "string" && UUID_SHAPE.test(value) ? value.toLowerCase() : null;
}

/** The message's event_type as `dead_letter.event_type` may hold it: a dotted lower-case name, else null. */
export function storedEventType(decoded: unknown): string | null {
  const value = valueAt(decoded, "event_type");
  return typeof value === "string" && value.length <= 200 && EVENT_TYPE_SHAPE.test(value) ? value : null;
}

/** The identifier values a message carries: at identifier paths of the decoded JSON, the key, an odd event_type. */
export function identifierValues(decoded: unknown, key: Uint8Array | null): string[] {
  const values = new Set<string>();
  for (const path of identifierPaths) {
    const value = valueAt(decoded, path);
    if (typeof value === "string" || typeof value === "number") values.add(String(value));
  }
  const eventType = valueAt(decoded, "event_type");
  if (typeof eventType === "string" && storedEventType(decoded) === null) values.add(eventType);
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
  return issues.map((issue) => {
    // Rows stored before issues carried `unknownKey` (re-redacted by dead-letter-migration.ts) name it in the message.
    const unknown =
      issue.unknownKey ??
      (issue.code === "unrecognized_keys"
        ? /^Unrecognized key "(.*)": /s.exec(issue.message)?.[1]
        : undefined);
    if (unknown !== undefined && !contractFieldNames.has(unknown) && issue.path.endsWith(unknown)) {
      const parent = issue.path.slice(0, issue.path.length - unknown.length);
      return {
        path: scrub(`${parent}${REDACTED}`, values),
        code: issue.code,
        message: contractMessages.contractUnrecognizedKeyWithheld(),
      };
    }
    return {
      path: scrub(issue.path, values),
      code: issue.code,
      message: scrub(reason === "NOT_JSON" ? withoutInputSnippet(issue.message) : issue.message, values),
    };
  });
}
