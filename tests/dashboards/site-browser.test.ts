/**
 * The built site in a real browser: headless Debian Chromium (driven by playwright-core) opens pages
 * from disk over file://, every chart renders an SVG with marks, the staff-group and period filters
 * change the data shown, and the console stays free of errors. Fails (never skips) without Chromium.
 */
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projectRoot } from "../../core/project-root.js";
import { type BuiltSite, buildReferenceSite } from "./site-fixture.js";

const CHROMIUM = "/usr/bin/chromium";
const ARTIFACTS = join(projectRoot(), "test-artifacts");

interface OpenedPage {
  page: Page;
  errors: string[];
}

describe("dashboard site in headless Chromium (file://)", () => {
  let built: BuiltSite;
  let browser: Browser;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `${CHROMIUM} is missing: the browser test needs Debian's chromium. Run scripts/bootstrap.sh (as root) or apt-get install -y chromium.`,
      );
    }
    built = await buildReferenceSite();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    built?.dispose();
  });

  /** Waits for the page script's latest render (window.ohwbReady is replaced on every filter change). */
  async function settled(page: Page): Promise<void> {
    await page.waitForFunction("window.ohwbReady !== undefined");
    await page.evaluate("window.ohwbReady");
  }

  async function open(file: string): Promise<OpenedPage> {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const errors: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    page.on("pageerror", (e) => errors.push(e.message));
    // Any request off the disk means the site is not offline.
    page.on("request", (r) => {
      if (!r.url().startsWith("file://")) errors.push(`network request: ${r.url()}`);
    });
    await page.goto(pathToFileURL(join(built.site.dir, file)).href);
    await settled(page);
    return { page, errors };
  }

  /** Marks drawn by vega in a chart's SVG (points, line paths, bars, ticks, rules). */
  async function markCount(page: Page, chartId: string): Promise<number> {
    return page
      .locator(
        `#chart-${chartId} .chart-view svg g.mark-symbol path, #chart-${chartId} .chart-view svg g.mark-line path, #chart-${chartId} .chart-view svg g.mark-rect path, #chart-${chartId} .chart-view svg g.mark-rule line`,
      )
      .count();
  }

  it("renders every chart of the England, a region, an ICS and an organisation page as SVG with marks, without console errors", async () => {
    const files = [
      "england.html",
      ...(["region", "ics", "organisation"] as const).map(
        (level) => built.site.pages.find((p) => p.level === level)?.file ?? `missing-${level}`,
      ),
    ];
    for (const file of files) {
      const { page, errors } = await open(file);
      const sections = await page.locator("section.chart").evaluateAll((els) =>
        els.map((el) => ({
          id: el.id.replace("chart-", ""),
          rendered: el.getAttribute("data-rendered"),
        })),
      );
      expect(sections.length, file).toBeGreaterThanOrEqual(2);
      for (const s of sections) {
        expect(s.rendered, `${file} ${s.id}`).toBeTruthy();
        expect(s.rendered, `${file} ${s.id}`).not.toBe("pending");
        expect(await page.locator(`#chart-${s.id} .chart-view svg`).count(), `${file} ${s.id}`).toBe(1);
        expect(await markCount(page, s.id), `${file} ${s.id}`).toBeGreaterThan(0);
        expect(await page.locator(`#chart-${s.id} h2`).textContent()).toBeTruthy();
        expect(
          (await page.locator(`#chart-${s.id} .chart-description`).textContent())?.length ?? 0,
        ).toBeGreaterThan(40);
        expect(
          await page.locator(`#chart-${s.id} details table tbody tr`).count(),
          `${file} ${s.id}`,
        ).toBeGreaterThan(0);
      }
      if (file === "england.html") {
        mkdirSync(ARTIFACTS, { recursive: true });
        await page.screenshot({ path: join(ARTIFACTS, "dashboard-site-england.png"), fullPage: true });
      }
      expect(errors, file).toEqual([]);
      await page.close();
    }
  });

  it("the staff-group filter changes the SPC data shown, and the period filter trims its months", async () => {
    const { page, errors } = await open("england.html");
    const spcTable = () =>
      page
        .locator("#chart-spc details table tbody tr")
        .evaluateAll((trs) => trs.map((tr) => tr.textContent ?? ""));
    const before = await spcTable();
    expect(before).toHaveLength(12);
    const groups = await page
      .locator("#filter-staff-group option")
      .evaluateAll((os) => os.map((o) => o.getAttribute("value") ?? ""));
    const other = groups.find((g) => g !== "All staff groups");
    expect(other).toBeDefined();
    await page.selectOption("#filter-staff-group", other as string);
    await settled(page);
    expect(await page.locator("#chart-spc").getAttribute("data-rendered")).toBe(other);
    const after = await spcTable();
    expect(after).toHaveLength(12);
    expect(after).not.toEqual(before);
    expect(await page.locator("#chart-spc .chart-description").textContent()).toContain(other as string);
    expect(await page.locator("#chart-funnel").getAttribute("data-key")).toBe(other);

    const pointsBefore = await page.locator("#chart-spc svg g.mark-symbol path").count();
    await page.selectOption("#filter-from", "2023-07-31");
    await settled(page);
    const months = (await spcTable()).map((row) => row.slice(0, 10));
    expect(months).toEqual([
      "2023-07-31",
      "2023-08-31",
      "2023-09-30",
      "2023-10-31",
      "2023-11-30",
      "2023-12-31",
    ]);
    expect(await page.locator("#chart-spc svg g.mark-symbol path").count()).toBeLessThan(pointsBefore);

    // The staff-group chart shows the period's end month.
    const barsBefore = await page.locator("#chart-staff-group details table").textContent();
    await page.selectOption("#filter-to", "2023-09-30");
    await settled(page);
    expect(await page.locator("#chart-staff-group").getAttribute("data-rendered")).toBe("2023-09-30");
    expect(await page.locator("#chart-staff-group svg").count()).toBe(1);
    expect(await page.locator("#chart-staff-group details table").textContent()).not.toBe(barsBefore);
    expect(await page.locator("#chart-spc").getAttribute("data-rows")).toBe("3");
    expect(errors).toEqual([]);
    await page.close();
  });
});
