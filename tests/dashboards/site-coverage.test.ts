/**
 * The site's coverage rules on generated data in which only some organisations of an ICS report (NHS
 * England's 2023 benchmark is the reference list; two organisations send a year of events): the ICS
 * page's event figures say "n of N organisations reporting" and "reporting organisations only" and name
 * their source; its cost, days saved and ROI are not presented as the ICS's totals, neither on the page
 * nor in its JSON and CSV downloads; a reporting organisation's own page shows them; and the
 * configured threshold (coverageThresholdPct) decides which areas count as partly covered.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configSchema } from "../../core/config.js";
import { parseCsv } from "../../dashboards/disclosure/csv-rows.js";
import { buildDashboardSite, type SiteBuildResult } from "../../dashboards/site/build-site.js";
import { expandPageScript } from "../../dashboards/site/chart-templates.js";
import {
  CHART_TEMPLATES_FILE,
  pageDataFile,
  pageScriptFile,
  tableCsvFile,
} from "../../dashboards/site/site-html.js";
import { pageFile } from "../../dashboards/site/site-pages.js";
import { type MigratedWarehouse, openWarehouse } from "../../warehouse/open-warehouse.js";
import { type PartialCoverageCopy, partialCoverageWarehouse } from "../support/partial-coverage-fixture.js";
import { rows } from "../transforms/warehouse-fixture.js";

interface Chart {
  id: string;
  note: string;
  source: string;
  variants: Record<string, { spec?: { data?: { values?: unknown[] } }; unavailable?: string }>;
}

function pageCharts(siteDir: string, file: string): Chart[] {
  const text = readFileSync(join(siteDir, pageScriptFile(file)), "utf8");
  const templates = readFileSync(join(siteDir, CHART_TEMPLATES_FILE), "utf8");
  return (expandPageScript(text, templates) as { charts: Chart[] }).charts;
}

describe("the site where only some organisations of an ICS report", () => {
  let warehouse: MigratedWarehouse;
  let site: SiteBuildResult;
  let ics: { code: string; reporting: number; expected: number };
  let reportingOrg: string;

  let fixture: PartialCoverageCopy;
  let dir: string;

  beforeAll(async () => {
    fixture = await partialCoverageWarehouse();
    dir = fixture.dir;
    site = fixture.site;
    warehouse = await openWarehouse(fixture.warehousePath);
    const [first] = await rows(
      warehouse.connection,
      `SELECT code, organisations_reporting, organisations_expected FROM mart_coverage
       WHERE level = 'ics' AND source = 'esr' AND month_end = DATE '2023-12-31' AND organisations_reporting > 0
       ORDER BY code LIMIT 1`,
    );
    ics = {
      code: String(first?.code),
      reporting: Number(first?.organisations_reporting),
      expected: Number(first?.organisations_expected),
    };
    const [org] = await rows(
      warehouse.connection,
      `SELECT DISTINCT org_code FROM stg_fte_monthly ORDER BY org_code LIMIT 1`,
    );
    reportingOrg = String(org?.org_code);
  }, 300_000);
  afterAll(() => {
    warehouse?.close();
    fixture?.dispose();
  });

  it("labels every event figure on the ICS page with n of N, 'reporting organisations only' and its source", () => {
    expect(ics.expected).toBeGreaterThan(ics.reporting); // only some report
    const charts = pageCharts(site.dir, pageFile("ics", ics.code));
    const fromEvents = charts.filter((c) => c.source.startsWith("Source: the organisations' own"));
    expect(fromEvents.map((c) => c.id)).toContain("value-roi");
    for (const c of fromEvents) {
      expect(c.note, c.id).toMatch(
        /\d+ of \d+ organisations reporting, \d{4}-\d\d: reporting organisations only/,
      );
    }
    const valueNote = charts.find((c) => c.id === "value-roi")?.note ?? "";
    expect(valueNote).toContain(`${ics.reporting} of ${ics.expected} organisations reporting`);
    // the published figures name NHS England as theirs
    for (const id of ["spc", "staff-group"]) {
      expect(charts.find((c) => c.id === id)?.source, id).toMatch(
        /^Source: NHS England, NHS Sickness Absence benchmarking tool \(published statistics\), reference months Jan 2023 to Dec 2023\.$/,
      );
    }
    const html = readFileSync(join(site.dir, pageFile("ics", ics.code)), "utf8");
    expect(html).toContain('<p class="chart-source">Source: the organisations');
    expect(html).toMatch(
      /<p class="page-dates">Built \d{4}-\d\d-\d\d: the date of the warehouse's last transform run/,
    );
  });

  it("withholds the ICS's cost, days saved and ROI as area totals: not on the page, not in its JSON or CSV", () => {
    const file = pageFile("ics", ics.code);
    const value = pageCharts(site.dir, file).find((c) => c.id === "value-roi");
    expect(value?.variants.all?.spec).toBeUndefined();
    expect(value?.variants.all?.unavailable).toMatch(
      /^Not shown: cost, days saved and return on investment are totals, and only some of the area's organisations report \(\d+ of \d+ organisations reporting/,
    );
    const json = (
      JSON.parse(readFileSync(join(site.dir, pageDataFile(file)), "utf8")) as { rows: { chart: string }[] }
    ).rows;
    expect(json.filter((r) => r.chart === "value-roi")).toEqual([]);
    expect(json.length).toBeGreaterThan(0);
    const csv = parseCsv(readFileSync(join(site.dir, tableCsvFile(file, "value-roi")), "utf8"));
    expect(csv.header).toContain("gbp");
    expect(csv.rows).toEqual([]);
    // the figures that are shown carry their coverage in the downloads too
    const timeliness = parseCsv(readFileSync(join(site.dir, tableCsvFile(file, "oh-timeliness")), "utf8"));
    const column = timeliness.header.indexOf("coverage");
    expect(column).toBeGreaterThan(0);
    expect(timeliness.rows.length).toBeGreaterThan(0);
    for (const row of timeliness.rows) {
      expect(row.values[column]).toMatch(/organisations reporting, \d{4}-\d\d: reporting organisations only/);
    }
    const download = JSON.parse(readFileSync(join(site.dir, pageDataFile(file)), "utf8")) as {
      chart_coverage: Record<string, string>;
    };
    expect(download.chart_coverage["oh-timeliness"]).toContain("reporting organisations only");
    // the reporting organisation's own page is its total: shown, with its rows downloadable
    const own = pageFile("organisation", reportingOrg);
    const ownValue = pageCharts(site.dir, own).find((c) => c.id === "value-roi");
    expect(ownValue?.variants.all?.spec?.data?.values?.length ?? 0).toBeGreaterThan(0);
    expect(ownValue?.note).not.toContain("organisations reporting");
    const ownCsv = parseCsv(readFileSync(join(site.dir, tableCsvFile(own, "value-roi")), "utf8"));
    expect(ownCsv.rows.length).toBeGreaterThan(0);
  });

  it("takes the threshold from configuration: at 0% every reporting area counts as covered", async () => {
    expect(configSchema.parse({}).coverageThresholdPct).toBe(80);
    expect(() => configSchema.parse({ coverageThresholdPct: 120 })).toThrow();
    const open = await buildDashboardSite(warehouse.connection, join(dir, "site-0"), "generated", {
      coverageThresholdPct: configSchema.parse({ coverageThresholdPct: 0 }).coverageThresholdPct,
    });
    const value = pageCharts(open.dir, pageFile("ics", ics.code)).find((c) => c.id === "value-roi");
    expect(value?.variants.all?.spec?.data?.values?.length ?? 0).toBeGreaterThan(0);
    expect(value?.note).toContain(`${ics.reporting} of ${ics.expected} organisations reporting`);
    expect(value?.note).not.toContain("reporting organisations only");
  }, 120_000);
});
