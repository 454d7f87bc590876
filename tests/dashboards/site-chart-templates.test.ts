/**
 * The page scripts' compact specs (dashboards/site/chart-templates.ts) on the 2023 benchmark site: every
 * variant of every page expands, from its page script and the one data/chart-templates.js, to exactly the
 * spec its builder made; the repeated parts are written once (a few dozen templates for thousands of
 * variants); and the page scripts are under half the size the full specs would take. The browser's copy
 * of the expansion is exercised by the site's Chromium tests, which render every chart from these files.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expandPageScript } from "../../dashboards/site/chart-templates.js";
import {
  CHART_TEMPLATES_FILE,
  CHART_TEMPLATES_GLOBAL,
  pageScript,
  pageScriptFile,
} from "../../dashboards/site/site-html.js";
import { type BuiltSite, buildReferenceSite } from "./site-fixture.js";

interface ExpandedPage {
  staffGroups: string[];
  months: string[];
  charts: { id: string; variants: Record<string, { spec?: unknown; unavailable?: string }> }[];
}

describe("page scripts carry each spec once, by template", () => {
  let built: BuiltSite;
  let templatesScript: string;

  beforeAll(async () => {
    built = await buildReferenceSite();
    templatesScript = readFileSync(join(built.site.dir, CHART_TEMPLATES_FILE), "utf8");
  }, 240_000);
  afterAll(() => built?.dispose());

  it("expands every variant of every page to the spec its builder made", () => {
    let variants = 0;
    for (const page of built.site.pages) {
      const script = readFileSync(join(built.site.dir, pageScriptFile(page.file)), "utf8");
      const expanded = expandPageScript(script, templatesScript) as ExpandedPage;
      expect(expanded.staffGroups).toEqual(page.staffGroups);
      expect(expanded.months).toEqual(page.months);
      expect(expanded.charts.map((c) => c.id)).toEqual(page.charts.map((c) => c.id));
      page.charts.forEach((chart, i) => {
        const shown = expanded.charts[i]?.variants ?? {};
        expect(Object.keys(shown)).toEqual(Object.keys(chart.variants));
        for (const [key, variant] of Object.entries(chart.variants)) {
          // as JSON: what the builder made, without the in-memory spec's undefined fields
          expect(shown[key], `${page.file} ${chart.id} ${key}`).toEqual(JSON.parse(JSON.stringify(variant)));
          if (variant.spec) variants += 1;
        }
      });
    }
    expect(variants).toBeGreaterThan(1000);
  });

  it("writes the parts every variant shares once, and the page scripts at under half the full specs' size", () => {
    const templates = JSON.parse(
      templatesScript.slice(`window.${CHART_TEMPLATES_GLOBAL} = `.length).trim().replace(/;$/, ""),
    ) as Record<string, unknown>;
    const count = Object.keys(templates).length;
    expect(count).toBeGreaterThan(5);
    expect(count).toBeLessThan(200);
    let compact = 0;
    let full = 0;
    for (const page of built.site.pages) {
      compact += readFileSync(join(built.site.dir, pageScriptFile(page.file)), "utf8").length;
      full += pageScript({ staffGroups: page.staffGroups, months: page.months, charts: page.charts }).length;
    }
    expect(compact + templatesScript.length).toBeLessThan(full / 2);
  });
});
