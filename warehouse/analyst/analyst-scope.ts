/**
 * `--scope ics:CODE`: which rows of each analyst table one ICS may see. Rows are
 * kept when their organisation belongs to the ICB (by dim_organisation's latest
 * mapping) or when they are that ICB's own rows; region and England rows, and
 * other ICBs, are dropped. Reference dimensions (dates, staff groups, reasons)
 * carry no organisation and are kept whole.
 */
import { UsageError } from "../../core/errors.js";
import { analystMessages as message } from "../warehouse-messages.js";

export interface AnalystScope {
  kind: "ics";
  code: string;
}

const scopePattern = /^ics:([A-Z0-9]{3,5})$/;

export function parseAnalystScope(value: string | undefined): AnalystScope | undefined {
  if (value === undefined) return undefined;
  const match = scopePattern.exec(value.trim());
  if (!match?.[1]) throw new UsageError(message.analystBadScope(value), { code: "ANALYST_BAD_SCOPE" });
  return { kind: "ics", code: match[1] };
}

/**
 * The WHERE clause restricting a table with these columns to the scope, reading
 * the organisation mapping from `catalog`.dim_organisation. The code is
 * validated by parseAnalystScope, so it is safe to inline.
 */
export function scopeFilter(scope: AnalystScope, catalog: string, columns: readonly string[]): string {
  const ics = `'${scope.code}'`;
  const orgs = `(SELECT org_code FROM "${catalog}".main.dim_organisation WHERE ics_code = ${ics})`;
  if (columns.includes("level") && columns.includes("code")) {
    return `(level = 'organisation' AND code IN ${orgs}) OR (level = 'ics' AND code = ${ics})`;
  }
  if (columns.includes("org_code")) return `org_code IN ${orgs}`;
  if (columns.includes("ics_code")) return `ics_code = ${ics}`;
  return "true";
}
