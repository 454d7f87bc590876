/**
 * Configured targets on the site, through `ohwb dashboards build --config` (the built CLI) on a small
 * generated warehouse with NHS England's 2023 benchmark as its reference list: a page whose scope has a
 * sickness absence target draws it on its all-staff-groups SPC chart and states it, with the Making Data
 * Count assurance icon computeXmr gives against it, in its summary table and CSV; a scope's own target
 * wins over the one for every scope; a page with no target says "no target set" in every row (never a
 * blank) and draws no target line; the OH timeliness chart is judged against the scope's configured
 * targets.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIRST_APPOINTMENT_MEASURE, REPORT_MEASURE } from "../../dashboards/charts/oh-timeliness-chart.js";
import { dashboardSiteMessages } from "../../dashboards/dashboard-messages.js";
import { parseCsv } from "../../dashboards/disclosure/csv-rows.js";
import { discloseAbsenceRates } from "../../dashboards/disclosure/disclosure-control.js";
import { type AbsenceMartRow, ALL_STAFF_GROUPS, type GeographyLevel } from "../../dashboards/mart-rows.js";
import { readBenchmarkSource } from "../../dashboards/site/benchmark-source.js";
import { expandPageScript } from "../../dashboards/site/chart-templates.js";
import { CHART_TEMPLATES_FILE, pageScriptFile, tableCsvFile } from "../../dashboards/site/site-html.js";
import { pageFile } from "../../dashboards/site/site-pages.js";
import { assuranceIcon, assuranceLabel, computeXmr } from "../../dashboards/spc/xmr.js";
import { runTransforms } from "../../transforms/run-transforms.js";
import { importNhsAbsenceFiles } from "../../warehouse/nhs-absence-import.js";
import { openWarehouse } from "../../warehouse/open-warehouse.js";
import { runCli } from "../config/cli-run.js";
import { launchChromium, offlinePage } from "../support/chromium.js";
import { ingestGeneratedEvents } from "../support/generated-warehouse.js";
import { rows } from "../transforms/warehouse-fixture.js";
import { referenceFiles } from "./site-fixture.js";

const dir = mkdtempSync(join(tmpdir(), "ohwb-site-targets-"));
const warehousePath = join(dir, "warehouse.duckdb");
const out = join(dir, "site");
const BOARD_PAPER = "the test board paper";

interface Layer {
  encoding?: { y?: { field?: string } };
}
interface Spec {
  data?: { values?: Record<string, unknown>[] };
  layer?: Layer[];
}
interface Chart {
  id: string;
  chart: string;
  note: string;
  variants: Record<string, { spec?: Spec }>;
}

function pageCharts(file: string): Chart[] {
  const text = readFileSync(join(out, pageScriptFile(file)), "utf8");
  const templates = readFileSync(join(out, CHART_TEMPLATES_FILE), "utf8");
  return (expandPageScript(text, templates) as { charts: Chart[] }).charts;
}

function targetLayers(spec: Spec | undefined): Layer[] {
  return (spec?.layer ?? []).filter((l) => l.encoding?.y?.field === "target_pct");
}

/** The Making Data Count summary table's rows as cell texts, from the built HTML. */
function mdcRows(file: string): string[][] {
  const html = readFileSync(join(out, file), "utf8");
  const table = /<table class="sortable" id="mdc-summary-table">([\s\S]*?)<\/table>/.exec(html)?.[1] ?? "";
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(table)?.[1] ?? "";
  return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) =>
    [...(m[1] ?? "").matchAll(/<td>([\s\S]*?)<\/td>/g)].map((c) => c[1] ?? ""),
  );
}

describe("configured targets on the dashboard site", () => {
  let org: string;
  let region: string;
  let absence: AbsenceMartRow[];
  let build: { code: number | null; stderr: string };

  beforeAll(async () => {
    await ingestGeneratedEvents(dir, warehousePath, {
      orgs: 2,
      months: 12,
      seed: 5,
      scale: 0.3,
      start: "2023-01",
    });
    const warehouse = await openWarehouse(warehousePath);
    try {
      await importNhsAbsenceFiles(warehouse.connection, referenceFiles);
      await runTransforms(warehouse.connection, { asOf: "2023-12-31" });
      const [withOh] = await rows(
        warehouse.connection,
        `SELECT code FROM mart_referral_waits WHERE period_kind = 'month' AND level = 'organisation'
         AND code IN (SELECT code FROM mart_absence_benchmark WHERE level = 'organisation')
         GROUP BY code ORDER BY code LIMIT 1`,
      );
      org = String(withOh?.code);
      const [firstRegion] = await rows(
        warehouse.connection,
        "SELECT DISTINCT code FROM mart_absence_benchmark WHERE level = 'region' ORDER BY code LIMIT 1",
      );
      region = String(firstRegion?.code);
      const source = await readBenchmarkSource(warehouse.connection);
      absence = discloseAbsenceRates(source.rows, source.parents);
    } finally {
      warehouse.close();
    }
    const config = join(dir, "ohwb.config.json");
    writeFileSync(
      config,
      JSON.stringify({
        warehouse: warehousePath,
        targets: {
          // no value for every scope: only England and the organisation have a target
          sicknessAbsenceRatePct: { scopes: { england: 4.5, [`org:${org}`]: 3.9 }, source: BOARD_PAPER },
          ohFirstAppointmentPct: { value: 70, scopes: { [`org:${org}`]: 75 } },
        },
      }),
    );
    // rebase months outside the data: they change nothing, and the build must say so
    build = runCli([
      "dashboards",
      "build",
      "--config",
      config,
      "--out",
      out,
      "--spc-rebase",
      "1990-01,2031-01",
    ]);
  }, 300_000);
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  /** The page's all-staff-groups series as the SPC chart plots it, and its assurance icon against a target. */
  function expectedAssurance(level: GeographyLevel, code: string, target: number): string {
    const series = absence
      .filter(
        (r) =>
          r.level === level &&
          r.code === code &&
          r.staff_group === ALL_STAFF_GROUPS &&
          !r.suppressed &&
          r.rate_pct !== null,
      )
      .sort((a, b) => a.month_end.localeCompare(b.month_end));
    expect(series.length).toBeGreaterThan(1);
    const xmr = computeXmr(
      series.map((r) => r.rate_pct as number),
      { direction: "lower_is_better", baselinePoints: 24 },
    );
    return assuranceLabel(assuranceIcon(xmr, target, "lower_is_better"));
  }

  it("builds through ohwb dashboards build --config", () => {
    expect(build.stderr).not.toContain("rror");
    expect(build.code).toBe(0);
  });

  it("says which --spc-rebase months rebased no series, naming the published months", () => {
    expect(build.stderr).toMatch(
      /--spc-rebase 1990-01, 2031-01: no SPC series was rebased there, since they are outside the published months \(\d{4}-\d{2} to \d{4}-\d{2}\)/,
    );
  });

  it("draws the scope's target on the all-staff-groups SPC chart only", () => {
    for (const [file, target] of [
      [pageFile("england", "ENG"), 4.5],
      [pageFile("organisation", org), 3.9],
    ] as const) {
      const spc = pageCharts(file).find((c) => c.chart === "absence-spc");
      expect(spc?.note, file).toContain(`target (${target}%)`);
      const all = spc?.variants[ALL_STAFF_GROUPS]?.spec;
      expect(targetLayers(all), file).toHaveLength(1);
      expect(
        all?.data?.values?.map((v) => v.target_pct),
        file,
      ).toEqual(all?.data?.values?.map(() => target));
      const others = Object.entries(spc?.variants ?? {}).filter(([g, v]) => g !== ALL_STAFF_GROUPS && v.spec);
      expect(others.length, file).toBeGreaterThan(0);
      for (const [group, v] of others) {
        expect(targetLayers(v.spec), `${file} ${group}`).toEqual([]);
        expect(v.spec?.data?.values?.some((row) => "target_pct" in row)).toBe(false);
      }
    }
  });

  it("puts the assurance icon and the target in the summary table, 'no target set' in the other rows", () => {
    const file = pageFile("england", "ENG");
    const table = mdcRows(file);
    expect(table.length).toBeGreaterThan(1);
    const [all, ...groups] = table;
    expect(all?.[0]).toBe(ALL_STAFF_GROUPS);
    expect(all?.[5]).toBe(expectedAssurance("england", "ENG", 4.5));
    expect(all?.[6]).toBe(`4.5% (this area's own, set by ${BOARD_PAPER})`);
    for (const row of groups) {
      expect(row.slice(5), row[0]).toEqual(["no target set", "no target set"]);
    }
    const html = readFileSync(join(out, file), "utf8");
    expect(html).toContain(dashboardSiteMessages.mdcTargetScope());
    const orgAll = mdcRows(pageFile("organisation", org))[0];
    expect(orgAll?.[5]).toBe(expectedAssurance("organisation", org, 3.9));
    expect(orgAll?.[6]).toContain("3.9% (this area's own");
  });

  it("says 'no target set' on a page whose scope has none, and draws no target line there", () => {
    const file = pageFile("region", region);
    const table = mdcRows(file);
    expect(table.length).toBeGreaterThan(0);
    for (const row of table) {
      expect(row).toHaveLength(7);
      expect(
        row.every((cell) => cell.trim() !== ""),
        row[0],
      ).toBe(true);
      expect(row.slice(5), row[0]).toEqual(["no target set", "no target set"]);
    }
    expect(readFileSync(join(out, file), "utf8")).toContain(dashboardSiteMessages.mdcNoTargets());
    const spc = pageCharts(file).find((c) => c.chart === "absence-spc");
    for (const v of Object.values(spc?.variants ?? {})) expect(targetLayers(v.spec)).toEqual([]);
  });

  it("writes the target and its source in the summary CSV", () => {
    const csv = parseCsv(readFileSync(join(out, tableCsvFile("england.html", "mdc")), "utf8"));
    const header = csv.header;
    const body = csv.rows.map((r) => r.values);
    const at = (name: string) => header.indexOf(name);
    expect(at("target_pct")).toBeGreaterThan(-1);
    const all = body.find((r) => r[at("staff_group")] === ALL_STAFF_GROUPS);
    expect(all?.[at("target_pct")]).toBe("4.5");
    expect(all?.[at("target_source")]).toBe(BOARD_PAPER);
    expect(all?.[at("assurance")]).toBe(expectedAssurance("england", "ENG", 4.5));
    for (const r of body.filter((x) => x[at("staff_group")] !== ALL_STAFF_GROUPS)) {
      // a column of numbers: empty where no target applies, and the source column says why
      expect(r[at("target_pct")]).toBe("");
      expect(r[at("target_source")]).toBe("no target set");
    }
  });

  it("draws the target line in Chromium from the page's files on England's page, and none on the region's", async () => {
    const browser = await launchChromium();
    try {
      for (const [file, lines] of [
        [pageFile("england", "ENG"), 1],
        [pageFile("region", region), 0],
      ] as const) {
        const { page, errors } = await offlinePage(browser);
        await page.goto(pathToFileURL(join(out, file)).href);
        await page.waitForFunction("window.ohwbReady !== undefined");
        await page.evaluate("window.ohwbReady");
        expect(await page.locator("#filter-staff-group").inputValue()).toBe(ALL_STAFF_GROUPS);
        // the target layer's dash (absence-spc-chart.ts); the limits are dashed 6,4
        const target = page.locator('#chart-spc .chart-view svg g.mark-line path[stroke-dasharray="2,2"]');
        expect(await target.count(), file).toBe(lines);
        expect(await page.locator("#chart-spc .chart-view svg g.mark-line path").count(), file).toBe(
          4 + lines,
        );
        expect(errors, file).toEqual([]);
        await page.close();
      }
    } finally {
      await browser.close();
    }
  });

  it("judges the OH timeliness chart against the scope's configured targets", () => {
    const chart = pageCharts(pageFile("organisation", org)).find((c) => c.chart === "oh-timeliness");
    const values = chart?.variants.all?.spec?.data?.values ?? [];
    expect(values.length).toBeGreaterThan(0);
    for (const v of values) {
      // the organisation's own first-appointment target; the report target is the configured default
      expect(v.target_pct, String(v.measure)).toBe(
        v.measure === FIRST_APPOINTMENT_MEASURE ? 75 : v.measure === REPORT_MEASURE ? 90 : Number.NaN,
      );
    }
  });
});
