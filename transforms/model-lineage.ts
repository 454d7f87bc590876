/**
 * Lineage from the SQL itself: the models and landing tables a model's FROM and JOIN clauses name
 * (and the table names a table macro is called with, e.g. `FROM rolling12_rate('mart_absence_rate')`),
 * checked against its `-- depends:` and `-- reads:` header, so the build order and the data
 * dictionary's upstream/downstream cannot drift from what the SQL reads.
 */
import { ModelLineageError } from "./transform-errors.js";

export interface LineageNode {
  name: string;
  path: string;
  sql: string;
  depends: readonly string[];
  reads: readonly string[];
}

/** Blanks the contents of string literals (same length, so positions still match the SQL). */
function blankLiterals(sql: string): string {
  return sql.replace(/'(?:[^']|'')*'/g, (literal) => `'${" ".repeat(literal.length - 2)}'`);
}

/**
 * The known tables (models or landing tables in `known`) that the SQL selects from. Names that are
 * not known — CTEs, table functions such as range(), `EXTRACT(year FROM date)` — are not lineage.
 */
export function referencedTables(sql: string, known: ReadonlySet<string>): Set<string> {
  const found = new Set<string>();
  const withoutComments = sql.replace(/--[^\n]*/g, "");
  const code = blankLiterals(withoutComments);
  for (const match of code.matchAll(/\b(?:FROM|JOIN)\s+([a-z_][a-z0-9_]*)\b(\s*\()?/gi)) {
    const name = match[1]?.toLowerCase();
    if (name === undefined) continue;
    if (match[2] === undefined) {
      if (known.has(name)) found.add(name);
      continue;
    }
    // a table function or table macro: the table names it is given as string arguments
    const call = withoutComments.slice(withoutComments.indexOf("(", match.index ?? 0));
    const args = /^\(([^)]*)\)/.exec(call)?.[1] ?? "";
    for (const literal of args.matchAll(/'([a-z_][a-z0-9_]*)'/g))
      if (literal[1] && known.has(literal[1])) found.add(literal[1]);
  }
  return found;
}

/**
 * Throws ModelLineageError for the first model (or custom data test) whose header disagrees with its
 * SQL about the `tables` (model and landing table names) it selects from.
 */
export function checkLineage(models: readonly LineageNode[], tables: readonly string[]): void {
  const known = new Set(tables);
  for (const model of models) {
    const referenced = referencedTables(model.sql, known);
    referenced.delete(model.name);
    const declared = new Set([...model.depends, ...model.reads]);
    const undeclared = [...referenced].filter((name) => !declared.has(name)).sort();
    const unused = [...declared].filter((name) => known.has(name) && !referenced.has(name)).sort();
    if (undeclared.length > 0 || unused.length > 0) throw new ModelLineageError(model, undeclared, unused);
  }
}

/** For each model, the models that select from it. */
export function downstreamOf(
  models: readonly { name: string; depends: readonly string[] }[],
): Map<string, string[]> {
  const downstream = new Map<string, string[]>(models.map((model) => [model.name, []]));
  for (const model of models)
    for (const upstream of model.depends) downstream.get(upstream)?.push(model.name);
  for (const names of downstream.values()) names.sort();
  return downstream;
}
