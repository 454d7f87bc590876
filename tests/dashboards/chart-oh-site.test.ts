/**
 * The OH charts on the dashboard site: a warehouse with NHS England's 2023 benchmark and a year of
 * generated OH events for two of its organisations (ingested through the file path, transformed), built
 * into a site. Pages that have OH data carry the OH charts (timeliness, flu uptake, exposures and PEP,
 * referrals, value) with title, description and data table, their figures match the marts, and in
 * headless Chromium from file:// they render as SVG with marks, stay put when the filters change, and log
 * no console errors. Pages without OH data are as before (site-build.test.ts checks those).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projectRoot } from "../../core/project-root.js";
import { checkOutputs } from "../../dashboards/disclosure/output-checker.js";
import { buildDashboardSite, type SiteBuildResult } from "../../dashboards/site/build-site.js";
import { expandPageScript } from "../../dashboards/site/chart-templates.js";
import { CHART_TEMPLATES_FILE, PAGE_DATA_GLOBAL, pageScriptFile } from "../../dashboards/site/site-html.js";
import { pageFile } from "../../dashboards/site/site-pages.js";
import { runTransforms } from "../../transforms/run-transforms.js";
import { importNhsAbsenceFiles } from "../../warehouse/nhs-absence-import.js";
import { openWarehouse } from "../../warehouse/open-warehouse.js";
import { chartMarkCount, launchChromium, offlinePage } from "../support/chromium.js";
import { ingestGeneratedEvents } from "../support/generated-warehouse.js";
import { rows } from "../transforms/warehouse-fixture.js";
import { ABSENCE_CHARTS_ALL_GROUPS, referenceFiles } from "./site-fixture.js";

const ARTIFACTS = join(projectRoot(), "test-artifacts");
const OH_CHARTS = ["oh-timeliness", "exposure-pep", "immunisation-uptake", "referral-outcomes", "value-roi"];

/** A count as published: 0 kept, 1–7 withheld (null), else rounded half-up to 5 — at every level. */
const published = (n: number): number | null => (n === 0 ? 0 : n <= 7 ? null : Math.floor(n / 5 + 0.5) * 5);

interface EmbeddedChart {
  id: string;
  keyedBy: string;
  variants: Record<
    string,
    {
      spec?: {
        title?: { text?: string };
        description?: string;
        data?: { values: Record<string, unknown>[] };
      };
    }
  >;
}

/** A page's charts, from the data script it loads (data/<page>.page.js). */
function embeddedCharts(script: string): EmbeddedChart[] {
  const prefix = `window.${PAGE_DATA_GLOBAL} = `;
  if (!script.startsWith(prefix)) throw new Error("no page data script");
  const templates = readFileSync(join(dir, "site", CHART_TEMPLATES_FILE), "utf8");
  return (expandPageScript(script, templates) as { charts: EmbeddedChart[] }).charts;
}

const dir = mkdtempSync(join(tmpdir(), "ohwb-site-oh-"));
const warehousePath = join(dir, "warehouse.duckdb");

describe("OH charts on the dashboard site", () => {
  let site: SiteBuildResult;
  let orgs: string[];
  /** England's OH charts: the exposures chart only when some month has a publishable count (≥ 8). */
  let englandOhCharts: string[];
  let browser: Browser;

  beforeAll(async () => {
    await ingestGeneratedEvents(dir, warehousePath, {
      orgs: 2,
      months: 12,
      seed: 5,
      scale: 0.5,
      start: "2023-01",
    });
    const warehouse = await openWarehouse(warehousePath);
    try {
      await importNhsAbsenceFiles(warehouse.connection, referenceFiles);
      await runTransforms(warehouse.connection, { asOf: "2023-12-31" });
      orgs = (
        await rows(
          warehouse.connection,
          "SELECT DISTINCT code FROM mart_referral_waits WHERE period_kind = 'month' AND level = 'organisation' ORDER BY code",
        )
      ).map((r) => String(r.code));
      const [exposures] = await rows(
        warehouse.connection,
        "SELECT max(exposures)::INTEGER AS most FROM mart_exposure_pep WHERE period_kind = 'month' AND level = 'england'",
      );
      // England's value chart is withheld as an area total (2 of its organisations report, below the
      // coverage threshold: tests/dashboards/site-coverage.test.ts), so it is not drawn there.
      englandOhCharts = OH_CHARTS.filter(
        (id) => (id !== "exposure-pep" || Number(exposures?.most) > 7) && id !== "value-roi",
      );
      site = await buildDashboardSite(warehouse.connection, join(dir, "site"));
    } finally {
      warehouse.close();
    }
    browser = await launchChromium();
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("puts every OH chart on England's page, with title, description and the marts' figures", async () => {
    expect(orgs).toHaveLength(2);
    const charts = embeddedCharts(readFileSync(join(site.dir, pageScriptFile("england.html")), "utf8"));
    expect(charts.map((c) => c.id).filter((id) => id !== "reasons-events")).toEqual([
      ...ABSENCE_CHARTS_ALL_GROUPS,
      ...englandOhCharts,
      "value-roi",
    ]);
    expect(charts.find((c) => c.id === "value-roi")?.variants.all?.spec).toBeUndefined();
    for (const id of englandOhCharts) {
      const chart = charts.find((c) => c.id === id);
      expect(chart?.keyedBy, id).toBe("none");
      const spec = chart?.variants.all?.spec;
      expect(spec?.title?.text, id).toBeTruthy();
      expect(spec?.description?.length ?? 0, id).toBeGreaterThan(80);
      expect(spec?.data?.values.length ?? 0, id).toBeGreaterThan(0);
    }
    // England's first-appointment % by month = the mart's counts as published (rounded to 5, 1–7
    // withheld: England is two organisations here), to 1 dp.
    const warehouse = await openWarehouse(warehousePath);
    try {
      const mart = await rows(
        warehouse.connection,
        `SELECT strftime(period_end, '%Y-%m-%d') AS m, first_appointment_within_10_wd::BIGINT AS n,
                first_appointment_referrals::BIGINT AS d
         FROM mart_referral_waits WHERE period_kind = 'month' AND level = 'england' AND first_appointment_referrals > 0
         ORDER BY m`,
      );
      const timeliness = charts.find((c) => c.id === "oh-timeliness")?.variants.all?.spec?.data?.values ?? [];
      const first = timeliness.filter((v) => v.measure === "First appointment within 10 working days");
      expect(first.map((v) => v.month_end)).toEqual(mart.map((r) => r.m));
      for (const [i, r] of mart.entries()) {
        const d = Number(r.d);
        const [n, shownN, shownD] = [Number(r.n), published(Number(r.n)), published(d)];
        expect(first[i]?.percent).toBe(
          shownD === null || (shownN === null && n > 0)
            ? null
            : Math.round(((shownN ?? 0) / shownD) * 1000) / 10,
        );
        expect(first[i]?.denominator_count).toBe(shownD);
      }
      // The flu series ends on the mart's season numerator for every month the data covers.
      const [uptake] = await rows(
        warehouse.connection,
        "SELECT frontline_vaccinated::BIGINT AS n FROM mart_flu_uptake WHERE level = 'england' AND season = '2023/24'",
      );
      const flu = charts.find((c) => c.id === "immunisation-uptake")?.variants.all?.spec?.data?.values ?? [];
      expect(flu.at(-1)?.season).toBe("2023/24");
      expect(flu.at(-1)?.vaccinated_count).toBe(published(Number(uptake?.n)));
    } finally {
      warehouse.close();
    }
  });

  it("gives organisations with OH data OH charts under disclosure control; others none", () => {
    const own = embeddedCharts(
      readFileSync(join(site.dir, pageScriptFile(pageFile("organisation", orgs[0] as string))), "utf8"),
    );
    const ohOwn = own.filter((c) => OH_CHARTS.includes(c.id));
    expect(ohOwn.length).toBeGreaterThanOrEqual(3);
    for (const chart of ohOwn) {
      for (const v of chart.variants.all?.spec?.data?.values ?? []) {
        for (const [k, x] of Object.entries(v)) {
          if (k.endsWith("_count") && typeof x === "number") {
            expect(x === 0 || x % 5 === 0, `${chart.id} ${k}=${x}`).toBe(true);
          }
        }
      }
    }
    const other = site.pages.find((p) => p.level === "organisation" && !orgs.includes(p.code));
    const charts = embeddedCharts(
      readFileSync(join(site.dir, pageScriptFile(other?.file ?? "missing")), "utf8"),
    );
    expect(charts.map((c) => c.id)).toEqual(["spc", "staff-group"]);
    expect(checkOutputs(site.dir)).toEqual([]);
  });

  it("renders the OH charts in Chromium from file:// as SVG with marks, unchanged by the filters, without errors", async () => {
    for (const file of ["england.html", pageFile("organisation", orgs[0] as string)]) {
      const { page, errors } = await offlinePage(browser);
      await page.goto(pathToFileURL(join(site.dir, file)).href);
      await page.waitForFunction("window.ohwbReady !== undefined");
      await page.evaluate("window.ohwbReady");
      const ids = await page
        .locator("section.chart")
        .evaluateAll((els) => els.map((el) => el.id.replace("chart-", "")));
      const oh = ids.filter((id) => (file === "england.html" ? englandOhCharts : OH_CHARTS).includes(id));
      expect(oh.length, file).toBeGreaterThanOrEqual(file === "england.html" ? englandOhCharts.length : 3);
      for (const id of oh) {
        expect(await page.locator(`#chart-${id}`).getAttribute("data-rendered"), `${file} ${id}`).toBe("all");
        const marks = await chartMarkCount(page, id);
        expect(marks, `${file} ${id}`).toBeGreaterThan(0);
        expect(
          (await page.locator(`#chart-${id} .chart-description`).textContent())?.length ?? 0,
        ).toBeGreaterThan(80);
        expect(
          await page.locator(`#chart-${id} details table tbody tr`).count(),
          `${file} ${id}`,
        ).toBeGreaterThan(0);
      }
      // A staff-group filter change re-renders the page; the OH charts keep their one variant.
      const groups = await page
        .locator("#filter-staff-group option")
        .evaluateAll((os) => os.map((o) => o.getAttribute("value") ?? ""));
      await page.selectOption(
        "#filter-staff-group",
        groups.find((g) => g !== "All staff groups") ?? groups[0] ?? "",
      );
      await page.waitForFunction("window.ohwbReady !== undefined");
      await page.evaluate("window.ohwbReady");
      for (const id of oh) {
        expect(await page.locator(`#chart-${id}`).getAttribute("data-rendered"), `${file} ${id}`).toBe("all");
        expect(await page.locator(`#chart-${id} .chart-view svg`).count()).toBe(1);
      }
      if (file === "england.html") {
        mkdirSync(ARTIFACTS, { recursive: true });
        await page
          .locator("#chart-oh-timeliness")
          .screenshot({ path: join(ARTIFACTS, "dashboard-site-oh-timeliness.png") });
      }
      expect(errors, file).toEqual([]);
      await page.close();
    }
  });
});
