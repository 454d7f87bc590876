/**
 * `ohwb transform --select`: dbt's node selection syntax, for models.
 *
 * - `MODEL` that model; `MODEL+` it and everything downstream; `+MODEL` it and everything upstream;
 *   `+MODEL+` both; `2+MODEL` / `MODEL+1` limit the levels; `@MODEL` it, everything downstream, and
 *   everything those read (what a downstream rebuild needs).
 * - Selectors separated by spaces (or given in several `--select` options) are a union; parts joined by
 *   commas without spaces are an intersection (`stg_absence_event+,mart_absence_rate+`), as in dbt.
 * Upstream and downstream follow the models' `-- depends:` headers, which loadModels checks against
 * their SQL (model-lineage.ts).
 */
import { closestNames } from "./closest-names.js";
import { downstreamOf } from "./model-lineage.js";
import { ModelSelectorError } from "./transform-errors.js";
import { transformMessages as message } from "./transform-messages.js";

export interface Selector {
  /** As written, for messages. */
  text: string;
  model: string;
  /** Levels of upstream to add: 0 none, Infinity all. */
  parents: number;
  /** Levels of downstream to add: 0 none, Infinity all. */
  children: number;
  /** `@MODEL`: also everything upstream of each selected downstream model. */
  at: boolean;
}

/** A union of intersections: each inner list is one space-separated selector, its parts joined by commas. */
export type Selection = Selector[][];

const selectorPattern = /^(@)?(?:(\d*)\+)?([a-z_][a-z0-9_]*)(?:\+(\d*))?$/i;

function levels(digits: string | undefined): number {
  if (digits === undefined) return 0;
  return digits === "" ? Number.POSITIVE_INFINITY : Number(digits);
}

export function parseSelector(text: string): Selector {
  const match = selectorPattern.exec(text);
  if (!match) throw new ModelSelectorError(message.selectorInvalid(text), { selector: text });
  const [, at, parents, model, children] = match;
  if (at && parents !== undefined)
    throw new ModelSelectorError(message.selectorInvalid(text), { selector: text });
  return {
    text,
    model: (model ?? "").toLowerCase(),
    parents: levels(parents),
    children: at ? Number.POSITIVE_INFINITY : levels(children),
    at: at !== undefined,
  };
}

/** Parses `--select` values: each may hold several space-separated selectors. */
export function parseSelection(values: string | readonly string[]): Selection {
  const words = (typeof values === "string" ? [values] : values).flatMap((value) =>
    value.split(/\s+/).filter((word) => word !== ""),
  );
  if (words.length === 0) throw new ModelSelectorError(message.selectEmpty());
  return words.map((word) => word.split(",").map((part) => parseSelector(part)));
}

interface GraphNode {
  name: string;
  depends: readonly string[];
}

/** The names within `depth` steps of `start` along `edges` (start included). */
function walk(start: string, edges: ReadonlyMap<string, readonly string[]>, depth: number): Set<string> {
  const seen = new Set([start]);
  let frontier = [start];
  for (let level = 0; level < depth && frontier.length > 0; level++) {
    const next: string[] = [];
    for (const name of frontier)
      for (const neighbour of edges.get(name) ?? [])
        if (!seen.has(neighbour)) {
          seen.add(neighbour);
          next.push(neighbour);
        }
    frontier = next;
  }
  return seen;
}

/**
 * The names of the models a selection picks. Throws ModelSelectorError (exit 2) for a selector naming
 * no model, with the closest names, and for a selection that picks nothing.
 */
export function selectModels(models: readonly GraphNode[], selection: Selection | string): Set<string> {
  const parsed = typeof selection === "string" ? parseSelection(selection) : selection;
  const names = models.map((model) => model.name);
  const known = new Set(names);
  const upstream = new Map(models.map((model) => [model.name, model.depends]));
  const downstream = downstreamOf(models);
  const pick = (selector: Selector): Set<string> => {
    if (!known.has(selector.model))
      throw new ModelSelectorError(
        message.selectUnknownModel(selector.model, selector.text, closestNames(selector.model, names)),
        { selector: selector.text, model: selector.model },
      );
    const picked = new Set([
      ...walk(selector.model, upstream, selector.parents),
      ...walk(selector.model, downstream, selector.children),
    ]);
    if (selector.at)
      for (const name of [...picked])
        for (const ancestor of walk(name, upstream, Number.POSITIVE_INFINITY)) picked.add(ancestor);
    return picked;
  };
  const selected = new Set<string>();
  for (const intersection of parsed) {
    const [first, ...rest] = intersection.map(pick);
    for (const name of first ?? []) if (rest.every((set) => set.has(name))) selected.add(name);
  }
  if (selected.size === 0)
    throw new ModelSelectorError(
      message.selectNothing(parsed.map((part) => part.map((s) => s.text).join(",")).join(" ")),
    );
  return selected;
}
