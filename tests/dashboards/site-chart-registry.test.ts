/**
 * One chart registry for the site and the packs (dashboards/charts/chart-registry.ts): every chart a
 * site page renders names a registry chart (in its page model, its section's `data-chart` and its page
 * script), takes its heading and data-table columns from the registry, and, built from the same data as
 * the England pack's chart of the same id, has the same spec: title, encoding, layers, description. The
 * warehouse holds NHS England's 2023 benchmark and national reasons; both outputs get the same SPC
 * settings and the same configured target, so the target line must agree too.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reasonFiles } from "../../core/reference-data.js";
import { CHART_REGISTRY, type ChartId, isChartId } from "../../dashboards/charts/chart-registry.js";
import { buildPack, type PackBuildResult, preparePackInputs } from "../../dashboards/pack/build-pack.js";
import { parseQuarter } from "../../dashboards/pack/pack-quarter.js";
import { parseScope } from "../../dashboards/pack/pack-scope.js";
import { buildDashboardSite, type SiteBuildResult } from "../../dashboards/site/build-site.js";
import { PAGE_DATA_GLOBAL, pageScriptFile } from "../../dashboards/site/site-html.js";
import type { TargetSettings } from "../../dashboards/spc/measure-targets.js";
import { runTransforms } from "../../transforms/run-transforms.js";
import { importNhsAbsenceFiles } from "../../warehouse/nhs-absence-import.js";
import { importNhsReasonFiles } from "../../warehouse/nhs-reasons-import.js";
import { freshWarehouse, type TestWarehouse } from "../transforms/warehouse-fixture.js";
import { referenceFiles } from "./site-fixture.js";

const TARGETS: TargetSettings = {
  sicknessAbsenceRatePct: { value: 5, source: "a test board paper" },
};
const SPC = { baselineMonths: 24, rebaseAt: [] };

type Spec = {
  title?: unknown;
  description?: string;
  data?: { values?: unknown[] };
  encoding?: unknown;
  layer?: unknown[];
};

/**
 * What a reader sees of a chart: everything but its size (the pack lays charts out for print), as JSON
 * (rendering tags the pack's rows with vega's own symbols).
 */
function drawn(spec: Spec): unknown {
  const { title, description, data, encoding, layer } = spec;
  return JSON.parse(JSON.stringify({ title, description, data, encoding, layer }));
}

/** Every row a chart draws, its own data and its layers'. */
function rowsOf(spec: Spec): string {
  return JSON.stringify([spec.data, (spec.layer ?? []).map((l) => (l as { data?: unknown }).data)]);
}

describe("the site and the packs draw from one chart registry", () => {
  let warehouse: TestWarehouse;
  let dir: string;
  let site: SiteBuildResult;
  let pack: PackBuildResult;

  beforeAll(async () => {
    warehouse = await freshWarehouse();
    dir = mkdtempSync(join(tmpdir(), "ohwb-site-registry-"));
    await importNhsAbsenceFiles(warehouse.connection, referenceFiles);
    await importNhsReasonFiles(warehouse.connection, reasonFiles());
    await runTransforms(warehouse.connection, { asOf: "2023-12-31" });
    const evidence = { coverageThresholdPct: 80, spc: SPC, targets: TARGETS };
    site = await buildDashboardSite(warehouse.connection, join(dir, "site"), "reference", {
      spc: SPC,
      targets: TARGETS,
    });
    const inputs = await preparePackInputs(warehouse.connection, "reference");
    pack = await buildPack(
      warehouse.connection,
      inputs,
      parseScope("england"),
      parseQuarter("2023-Q4"),
      join(dir, "pack"),
      {
        evidence,
      },
    );
  }, 300_000);
  afterAll(() => {
    warehouse?.dispose();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("renders only registry charts, with the registry's heading and data-table columns", () => {
    const drawnIds = new Set<ChartId>();
    for (const page of site.pages) {
      for (const chart of page.charts) {
        expect(isChartId(chart.chart), `${page.file} ${chart.id}: ${chart.chart}`).toBe(true);
        drawnIds.add(chart.chart);
        const entry = CHART_REGISTRY[chart.chart];
        // a chart shown twice on a page (funnel per provider group, reasons published and from events)
        // says which in its heading; the rest carry the registry's heading as it is
        if (!["benchmark-funnel", "reason-share"].includes(chart.chart))
          expect(chart.heading).toBe(entry.heading);
        expect(chart.tableLayer).toBe(entry.table.layer);
        for (const column of chart.tableColumns) expect(entry.table.columns).toContainEqual(column);
      }
    }
    // the reference warehouse has no OH events, and the published reasons (Feb 2024 on) come after
    // its as-of date, so the site leaves them out (site-build.test draws them as of a later date)
    expect([...drawnIds].sort()).toEqual(["absence-spc", "benchmark-funnel", "staff-groups"]);
  });

  it("names the registry chart of every chart section in the built pages and page scripts", () => {
    const files = readdirSync(site.dir).filter((f) => f.endsWith(".html") && f !== "index.html");
    expect(files.length).toBe(site.pages.length);
    let sections = 0;
    for (const file of files) {
      const html = readFileSync(join(site.dir, file), "utf8");
      const sectionTags = html.match(/<section class="chart"[^>]*>/g) ?? [];
      for (const tag of sectionTags) {
        const chart = /data-chart="([^"]+)"/.exec(tag)?.[1] ?? "";
        expect(isChartId(chart), `${file}: ${tag}`).toBe(true);
        sections += 1;
      }
      const script = readFileSync(join(site.dir, pageScriptFile(file)), "utf8");
      const data = JSON.parse(
        script.slice(`window.${PAGE_DATA_GLOBAL} = `.length).trim().replace(/;$/, ""),
      ) as {
        charts: { id: string; chart: string }[];
      };
      expect(data.charts.length).toBe(sectionTags.length);
      for (const c of data.charts) expect(isChartId(c.chart), `${file} ${c.id}`).toBe(true);
    }
    expect(sections).toBeGreaterThan(site.pages.length);
  });

  it("gives a registry chart the same title, encoding, layers and description on the site as in the pack, for the same data", () => {
    const england = site.pages.find((p) => p.level === "england");
    expect(england).toBeDefined();
    const compared: string[] = [];
    for (const packChart of pack.content.charts) {
      const packSpec = packChart.spec as Spec;
      const candidates = (england?.charts ?? [])
        .filter((c) => c.chart === packChart.id)
        .flatMap((c) => Object.values(c.variants).flatMap((v) => (v.spec ? [v.spec as Spec] : [])));
      expect(candidates.length, packChart.id).toBeGreaterThan(0);
      const same = candidates.find((s) => rowsOf(s) === rowsOf(packSpec));
      if (!same) continue;
      expect(drawn(same), packChart.id).toEqual(drawn(packSpec));
      compared.push(packChart.id);
    }
    // England's SPC chart (all staff groups, every month to Q4 2023) and its December staff-group chart
    // are the same data in both outputs: they must have been compared
    expect(compared).toEqual(expect.arrayContaining(["absence-spc", "staff-groups"]));
    const spc = pack.content.charts.find((c) => c.id === "absence-spc")?.spec as Spec;
    expect(JSON.stringify(spc.layer)).toContain('"target_pct"');
  });
});
