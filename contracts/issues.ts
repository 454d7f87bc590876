/**
 * Structured validation issues: Zod's issues flattened to {path, code,
 * message}, one issue per unrecognized key, with input-derived text truncated
 * so a hostile key cannot blow up logs or the dead-letter table.
 */
import type { z } from "zod";
import { contractMessages } from "./contract-messages.js";

export interface ContractIssue {
  /** Dotted path into the event, e.g. "payload.staff_id" or "payload.adjustments.0.type"; "" for the event itself. */
  path: string;
  /** Machine code: Zod's issue code (invalid_type, invalid_format, too_big, unrecognized_keys, invalid_value, …) or a contracts code (unknown_event_type, unknown_schema_version, upcast_failed, internal_error). */
  code: string;
  message: string;
  /** On `unrecognized_keys` only: the key itself (truncated), the last segment of `path`, so redaction can withhold it. */
  unknownKey?: string;
}

const MAX_TEXT = 80;

export function truncate(text: string): string {
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text;
}

function joinPath(path: readonly PropertyKey[]): string {
  return path.map((segment) => truncate(String(segment))).join(".");
}

export function issuesFromZod(error: z.ZodError): ContractIssue[] {
  const issues: ContractIssue[] = [];
  for (const issue of error.issues) {
    const base = joinPath(issue.path);
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        const shown = truncate(key);
        issues.push({
          path: base ? `${base}.${shown}` : shown,
          code: "unrecognized_keys",
          message: contractMessages.contractUnrecognizedKey(shown),
          unknownKey: shown,
        });
      }
      continue;
    }
    issues.push({ path: base, code: issue.code, message: truncate(issue.message) });
  }
  return issues;
}
