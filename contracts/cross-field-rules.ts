/**
 * Rules across fields of one payload, the ones a clinician or an ESR analyst
 * would expect: a PEP dose is not taken before the exposure, an episode does
 * not end before it starts, days lost do not exceed days available. Zod checks
 * them (so a breach is dead-lettered with the rule's text), and since JSON
 * Schema cannot compare two fields, the exported schema carries the same text
 * under `x-ohwb-rules` for CONTRACTS.md and other-language producers.
 */
import type { z } from "zod";

export const RULES_ANNOTATION = "x-ohwb-rules";

export type FieldRule =
  /** `field` is not earlier than `reference` (date-times as instants; a date against its calendar day). */
  | { readonly kind: "not-before"; readonly field: string; readonly reference: string }
  /** `field` is at most `reference` (numbers). */
  | { readonly kind: "not-more-than"; readonly field: string; readonly reference: string };

export function ruleText(rule: FieldRule): string {
  const relation = rule.kind === "not-before" ? "must not be before" : "must not exceed";
  return `${rule.field} ${relation} ${rule.reference} (when both are present)`;
}

function valueAt(node: unknown, path: string): unknown {
  let current = node;
  for (const part of path.split(".")) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

const DATE_ONLY_LENGTH = 10;

/** Negative when a is earlier. A calendar date is compared with the other's date in its own offset. */
function compareTimes(a: string, b: string): number {
  if (a.length === DATE_ONLY_LENGTH || b.length === DATE_ONLY_LENGTH) {
    const [left, right] = [a.slice(0, DATE_ONLY_LENGTH), b.slice(0, DATE_ONLY_LENGTH)];
    return left < right ? -1 : left > right ? 1 : 0;
  }
  return Date.parse(a) - Date.parse(b);
}

function broken(rule: FieldRule, value: unknown): boolean {
  const field = valueAt(value, rule.field);
  const reference = valueAt(value, rule.reference);
  if (rule.kind === "not-before") {
    return typeof field === "string" && typeof reference === "string" && compareTimes(field, reference) < 0;
  }
  return typeof field === "number" && typeof reference === "number" && field > reference;
}

/** The schema with its rules checked after its fields (so each rule sees well-typed values) and annotated. */
export function withRules<T extends z.ZodType>(schema: T, rules: readonly FieldRule[]): T {
  return schema
    .superRefine((value, ctx) => {
      for (const rule of rules) {
        if (broken(rule, value)) {
          ctx.addIssue({ code: "custom", path: rule.field.split("."), message: ruleText(rule) });
        }
      }
    })
    .meta({ [RULES_ANNOTATION]: rules.map(ruleText) });
}
