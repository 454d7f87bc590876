/**
 * How a site page script stores its charts' specs. Most of a spec (config, marks, encodings, size) is the
 * same for every variant of a chart, and for the same chart on every page: it is written once for the
 * whole site as a template in data/chart-templates.js, and each variant keeps only its template's id, its
 * title, its description and its rows. Rows that all have the same keys in the same order are written as
 * arrays under one list of fields. `expandSpec` gives back the spec the builder made (site.js carries a
 * browser copy, BROWSER_EXPAND in site-script.ts).
 */
import type { TopLevelSpec } from "vega-lite";
import { CHART_TEMPLATES_GLOBAL, embeddedJson, PAGE_DATA_GLOBAL } from "./site-html.js";

type Row = Record<string, unknown>;

/** A chart's rows: as they were, or (every row with the same keys) one list of fields and a row of values each. */
export type CompactRows = Row[] | { fields: string[]; rows: unknown[][] };

export interface CompactSpec {
  template: string;
  title?: unknown;
  description?: string;
  /** The spec's own `data.values`. */
  data?: CompactRows;
  /** Each top-level layer's `data.values`, null for a layer without inline rows. */
  layers?: (CompactRows | null)[];
}

type SpecObject = Record<string, unknown> & { layer?: Row[] };

/** The templates of one site build, each id given in the order first seen (the same warehouse: the same ids). */
export class ChartTemplates {
  private readonly ids = new Map<string, string>();
  private readonly templates: Record<string, unknown> = {};

  idOf(template: unknown): string {
    const key = JSON.stringify(template);
    let id = this.ids.get(key);
    if (id === undefined) {
      id = `t${this.ids.size}`;
      this.ids.set(key, id);
      this.templates[id] = JSON.parse(key);
    }
    return id;
  }

  all(): Record<string, unknown> {
    return this.templates;
  }

  /** data/chart-templates.js: one assignment of every template. */
  script(): string {
    return `window.${CHART_TEMPLATES_GLOBAL} = ${embeddedJson(this.templates)};\n`;
  }
}

/** Inline rows only (`{ values: [...] }` and nothing else): anything else stays in the template. */
function inlineValues(data: unknown): Row[] | null {
  if (typeof data !== "object" || data === null) return null;
  const keys = Object.keys(data);
  const values = (data as { values?: unknown }).values;
  return keys.length === 1 && keys[0] === "values" && Array.isArray(values) ? (values as Row[]) : null;
}

function compactRows(values: Row[]): CompactRows {
  const first = values[0];
  if (!first) return values;
  const fields = Object.keys(first);
  const sameKeys = values.every((row) => {
    const keys = Object.keys(row);
    return keys.length === fields.length && keys.every((k, i) => k === fields[i]);
  });
  if (!sameKeys) return values;
  return { fields, rows: values.map((row) => fields.map((f) => row[f])) };
}

function expandRows(rows: CompactRows): Row[] {
  if (Array.isArray(rows)) return rows;
  return rows.rows.map((values) => Object.fromEntries(rows.fields.map((f, i) => [f, values[i]])));
}

export function compactSpec(spec: TopLevelSpec, templates: ChartTemplates): CompactSpec {
  const { title, description, ...rest } = JSON.parse(JSON.stringify(spec)) as SpecObject;
  const compact: Omit<CompactSpec, "template"> = {};
  if (title !== undefined) compact.title = title;
  if (typeof description === "string") compact.description = description;
  const own = inlineValues(rest.data);
  if (own) {
    compact.data = compactRows(own);
    delete rest.data;
  }
  if (Array.isArray(rest.layer)) {
    const layers = rest.layer.map((layer) => {
      const values = inlineValues(layer.data);
      if (!values) return null;
      delete layer.data;
      return compactRows(values);
    });
    if (layers.some((l) => l !== null)) compact.layers = layers;
  }
  return { template: templates.idOf(rest), ...compact };
}

export function expandSpec(compact: CompactSpec, templates: Readonly<Record<string, unknown>>): TopLevelSpec {
  const template = templates[compact.template];
  if (template === undefined) throw new Error(`chart template ${compact.template} is missing`);
  const spec = JSON.parse(JSON.stringify(template)) as SpecObject;
  if (compact.title !== undefined) spec.title = compact.title;
  if (compact.description !== undefined) spec.description = compact.description;
  if (compact.data) spec.data = { values: expandRows(compact.data) };
  compact.layers?.forEach((rows, i) => {
    const layer = spec.layer?.[i];
    if (rows && layer) layer.data = { values: expandRows(rows) };
  });
  return spec as unknown as TopLevelSpec;
}

/** A page script's data, as site.js sees it once it has expanded every variant's spec. */
export function expandPageScript(pageScript: string, templatesScript: string): unknown {
  const parse = (text: string, global: string) => {
    const prefix = `window.${global} = `;
    if (!text.startsWith(prefix)) throw new Error(`not a script setting window.${global}`);
    return JSON.parse(text.slice(prefix.length).trim().replace(/;$/, "")) as unknown;
  };
  const templates = parse(templatesScript, CHART_TEMPLATES_GLOBAL) as Record<string, unknown>;
  const page = parse(pageScript, PAGE_DATA_GLOBAL) as {
    charts: { variants: Record<string, { compact?: CompactSpec; spec?: TopLevelSpec }> }[];
  };
  for (const chart of page.charts) {
    for (const variant of Object.values(chart.variants)) {
      if (variant.compact) {
        variant.spec = expandSpec(variant.compact, templates);
        delete variant.compact;
      }
    }
  }
  return page;
}
