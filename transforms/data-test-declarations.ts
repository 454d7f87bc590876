/**
 * The data tests a model declares in its header, one `-- test:` line each (transforms/README.md,
 * "Data tests"):
 *   `unique COL[, COL...]`                       no two rows share these values
 *   `not_null COL[, COL...]`                     none of these is ever null
 *   `accepted_values COL in V1, V2, ...`         COL is one of these values (or null)
 *   `relationship COL -> MODEL.COL2 [where COND]`  every non-null COL is a COL2 of MODEL
 *   `expect CONDITION`                           every row satisfies the SQL condition (null passes)
 * A leading `warn` makes a failure a warning that does not fail `ohwb check`; `error` is the default.
 */
export type DataTestSeverity = "error" | "warn";

export type DeclaredTest = { severity: DataTestSeverity; text: string } & (
  | { kind: "unique"; columns: string[] }
  | { kind: "not_null"; columns: string[] }
  | { kind: "accepted_values"; column: string; values: string[] }
  | { kind: "relationship"; column: string; model: string; to: string; where?: string }
  | { kind: "expect"; condition: string }
);

const IDENTIFIER = "[a-z_][a-z0-9_]*";
const columnList = new RegExp(`^${IDENTIFIER}(?:, *${IDENTIFIER})*$`);

export const testDeclarationForms =
  '"unique COL, ...", "not_null COL, ...", "accepted_values COL in V1, V2, ...", "relationship COL -> MODEL.COL [where COND]" or "expect CONDITION", optionally after "warn"';

/** The declaration on a `-- test:` line, or undefined when it has none of the forms above. */
export function parseTestDeclaration(value: string): DeclaredTest | undefined {
  const severityMatch = /^(warn|error)\s+(.*)$/.exec(value.trim());
  const severity: DataTestSeverity = severityMatch?.[1] === "warn" ? "warn" : "error";
  const text = (severityMatch?.[2] ?? value).trim();
  const [keyword = "", ...restWords] = text.split(/\s+/);
  const rest = restWords.join(" ");
  if ((keyword === "unique" || keyword === "not_null") && columnList.test(rest))
    return { severity, text, kind: keyword, columns: rest.split(",").map((column) => column.trim()) };
  if (keyword === "accepted_values") {
    const match = new RegExp(`^(${IDENTIFIER}) in (.+)$`).exec(rest);
    const values = (match?.[2] ?? "").split(",").map((v) => v.trim());
    if (match?.[1] && values.every((v) => v.length > 0))
      return { severity, text, kind: "accepted_values", column: match[1], values };
  }
  if (keyword === "relationship") {
    const match = new RegExp(`^(${IDENTIFIER}) -> (${IDENTIFIER})\\.(${IDENTIFIER})(?: where (.+))?$`).exec(
      rest,
    );
    if (match?.[1] && match[2] && match[3])
      return {
        severity,
        text,
        kind: "relationship",
        column: match[1],
        model: match[2],
        to: match[3],
        ...(match[4] ? { where: match[4] } : {}),
      };
  }
  if (keyword === "expect" && rest.length > 0) return { severity, text, kind: "expect", condition: rest };
  return undefined;
}
