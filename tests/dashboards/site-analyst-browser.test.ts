/**
 * The site as an analyst uses it, in real headless Chromium over file://: the index's search over
 * organisations, ICSs and regions, sortable tables (index and chart data tables), CSV downloads that are
 * byte for byte the files the one CSV writer wrote, the layout at 390 px wide (nothing cut off, no
 * horizontal scrolling, every chart inside the viewport), and axe-core's WCAG 2.2 AA rules with no
 * serious or critical violation on the index, England, a region, an ICS and an organisation page.
 * Fails (never skips) without Chromium.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCsv } from "../../dashboards/disclosure/csv-rows.js";
import { INDEX_DIRECTORY_CSV, tableCsvFile } from "../../dashboards/site/site-html.js";
import { launchChromium } from "../support/chromium.js";
import { type BuiltSite, buildReferenceSite } from "./site-fixture.js";

const AXE = join(dirname(createRequire(import.meta.url).resolve("axe-core")), "axe.min.js");

describe("the dashboard site for analysts, in headless Chromium", () => {
  let built: BuiltSite;
  let browser: Browser;

  beforeAll(async () => {
    built = await buildReferenceSite();
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    built?.dispose();
  });

  /** The five kinds of page: index, England, and the first region, ICS and organisation. */
  function samplePages(): string[] {
    return [
      "index.html",
      "england.html",
      ...(["region", "ics", "organisation"] as const).map(
        (level) => built.site.pages.find((p) => p.level === level)?.file ?? `missing-${level}`,
      ),
    ];
  }

  async function open(file: string, width = 1100): Promise<{ page: Page; errors: string[] }> {
    const page = await browser.newPage({ viewport: { width, height: 900 }, acceptDownloads: true });
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    await page.goto(pathToFileURL(join(built.site.dir, file)).href);
    if (file !== "index.html") {
      await page.waitForFunction("window.ohwbReady !== undefined");
      await page.evaluate("window.ohwbReady");
    }
    return { page, errors };
  }

  const visibleRows = (page: Page) =>
    page
      .locator("#directory tbody tr:not([hidden])")
      .evaluateAll((trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent ?? "")));

  it("searches organisations, ICSs and regions on the index by name or code", async () => {
    const { page, errors } = await open("index.html");
    const all = await visibleRows(page);
    expect(all).toHaveLength(built.site.pages.length);

    await page.fill("#site-search", "manchester");
    const manchester = await visibleRows(page);
    expect(manchester.length).toBeGreaterThan(1);
    expect(manchester.length).toBeLessThan(all.length);
    // every match names Manchester itself or sits in a Manchester ICS; every such page is found
    const expected = built.site.pages.filter((p) =>
      [p.name, p.code, ...p.parents.map((l) => l.label)].some((t) => /manchester/i.test(t)),
    );
    expect(manchester.map((r) => r[1]).sort()).toEqual(expected.map((p) => p.code).sort());
    expect(manchester.map((r) => r[2])).toContain("Integrated care system");
    expect(await page.locator("#search-count").textContent()).toBe(
      `${manchester.length} pages match “manchester”`,
    );

    // by code: an organisation's ODS code finds its page
    const org = built.site.pages.find((p) => p.level === "organisation");
    await page.fill("#site-search", org?.code.toLowerCase() ?? "missing");
    const byCode = await visibleRows(page);
    expect(byCode.map((r) => r[1])).toContain(org?.code);
    // a region by name, and nothing for nonsense
    await page.fill("#site-search", "north west");
    expect((await visibleRows(page)).map((r) => r[2])).toContain("NHS England region");
    await page.fill("#site-search", "no such place xyz");
    expect(await visibleRows(page)).toHaveLength(0);
    expect(await page.locator("#search-count").textContent()).toMatch(/^0 pages match/);
    await page.fill("#site-search", "");
    expect(await visibleRows(page)).toHaveLength(all.length);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("sorts the index's national summary and a chart's data table by any column, numbers as numbers", async () => {
    const { page, errors } = await open("index.html");
    const column = (table: string, i: number) =>
      page
        .locator(`${table} tbody tr`)
        .evaluateAll((trs, n) => trs.map((tr) => tr.children[n]?.textContent ?? ""), i);
    const rateHead = page.locator("#national-summary thead th").nth(3);
    expect(await rateHead.textContent()).toContain("Latest rate");
    await rateHead.locator("button").click();
    const ascending = (await column("#national-summary", 3)).map(Number);
    expect(ascending).toHaveLength(8);
    expect(ascending).toEqual([...ascending].sort((a, b) => a - b));
    expect(await rateHead.getAttribute("aria-sort")).toBe("ascending");
    await rateHead.locator("button").click();
    const descending = (await column("#national-summary", 3)).map(Number);
    expect(descending).toEqual([...ascending].reverse());
    expect(await rateHead.getAttribute("aria-sort")).toBe("descending");
    // text columns sort as text
    await page.locator("#directory thead th").nth(0).locator("button").click();
    const names = await column("#directory", 0);
    expect(names).toEqual([...names].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1)));
    await page.close();

    const england = await open("england.html");
    await england.page.locator("#chart-spc details summary").click();
    const head = england.page.locator("#chart-spc details table thead th").nth(1);
    expect(await head.textContent()).toBe("Rate (%)");
    await head.locator("button").click();
    await head.locator("button").click();
    const rates = (
      await england.page
        .locator("#chart-spc details table tbody tr")
        .evaluateAll((trs) => trs.map((tr) => tr.children[1]?.textContent ?? ""))
    ).map(Number);
    expect(rates).toHaveLength(12);
    expect(rates).toEqual([...rates].sort((a, b) => b - a));
    expect(errors.concat(england.errors)).toEqual([]);
    await england.page.close();
  });

  it("downloads each table as the CSV the one CSV writer wrote, with its source, as-of and build dates", async () => {
    const { page } = await open("index.html");
    const [directory] = await Promise.all([
      page.waitForEvent("download"),
      page.locator(`a[href="${INDEX_DIRECTORY_CSV}"]`).click(),
    ]);
    const text = readFileSync(await directory.path(), "utf8");
    expect(text).toBe(readFileSync(join(built.site.dir, INDEX_DIRECTORY_CSV), "utf8"));
    const table = parseCsv(text);
    expect(table.header).toEqual([
      "level",
      "code",
      "name",
      "page",
      "latest_month",
      "latest_rate_pct",
      "data_as_of",
      "built",
      "source",
    ]);
    expect(table.rows).toHaveLength(built.site.pages.length);
    for (const row of table.rows) {
      expect(row.values[6]).toBe("2023-12-31");
      expect(row.values[7]).toMatch(/^\d{4}-\d\d-\d\d$/);
      expect(row.values[8]).toMatch(/^Source: NHS England, NHS Sickness Absence benchmarking tool/);
    }
    await page.close();

    const england = await open("england.html");
    await england.page.locator("#chart-spc details summary").click();
    const [spc] = await Promise.all([
      england.page.waitForEvent("download"),
      england.page.locator("#chart-spc details a[download]").click(),
    ]);
    const spcText = readFileSync(await spc.path(), "utf8");
    expect(spcText).toBe(readFileSync(join(built.site.dir, tableCsvFile("england.html", "spc")), "utf8"));
    const spcTable = parseCsv(spcText);
    expect(spcTable.header.slice(0, 3)).toEqual(["staff_group_filter", "month_end", "rate_pct"]);
    // every staff group's series: the table on screen shows one of them
    const allStaff = spcTable.rows.filter((r) => r.values[0] === "All staff groups");
    const shown = await england.page
      .locator("#chart-spc details table tbody tr")
      .evaluateAll((trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent ?? "")));
    expect(allStaff.map((r) => r.values.slice(1, 8))).toEqual(shown);
    await england.page.close();
  });

  it("fits a 390 px wide screen: no horizontal scrolling, every chart inside the viewport", async () => {
    for (const file of samplePages()) {
      const { page, errors } = await open(file, 390);
      expect(await page.evaluate("document.documentElement.scrollWidth"), file).toBeLessThanOrEqual(390);
      const boxes = await page.locator(".chart-view svg").evaluateAll((svgs) =>
        svgs.map((s) => {
          const r = s.getBoundingClientRect();
          return { left: r.left, right: r.right, width: r.width };
        }),
      );
      if (file !== "index.html") expect(boxes.length, file).toBeGreaterThanOrEqual(2);
      for (const box of boxes) {
        expect(box.left, file).toBeGreaterThanOrEqual(0);
        expect(box.right, file).toBeLessThanOrEqual(390);
        expect(box.width, file).toBeGreaterThan(250); // laid out for the column, not shrunk to a stamp
      }
      expect(errors, file).toEqual([]);
      await page.close();
    }
  });

  it("prints without the controls: filters, downloads and breadcrumbs hidden, charts kept whole, data tables opened", async () => {
    const { page } = await open("england.html");
    await page.emulateMedia({ media: "print" });
    // getComputedStyle runs in the page (the test's TypeScript has no DOM library)
    const style = (selector: string, property: string) =>
      page.evaluate(
        `getComputedStyle(document.querySelector(${JSON.stringify(selector)})).${property}`,
      ) as Promise<string>;
    expect(await style(".filters", "display")).toBe("none");
    expect(await style(".downloads", "display")).toBe("none");
    expect(await style("nav.breadcrumbs", "display")).toBe("none");
    expect(await style("#chart-spc .chart-view", "display")).not.toBe("none");
    expect(await style("section.chart", "breakInside")).toBe("avoid");
    await page.evaluate("window.dispatchEvent(new Event('beforeprint'))");
    expect(await page.locator("details:not([open])").count()).toBe(0);
    await page.close();
  });

  it("has no serious or critical WCAG 2.2 AA violation (axe-core) on the index, England, a region, an ICS and an organisation page", async () => {
    for (const file of samplePages()) {
      const { page } = await open(file);
      await page.addScriptTag({ path: AXE });
      const violations = (await page.evaluate(`axe
        .run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] } })
        .then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length, first: v.nodes[0].target.join(" ") })))`)) as {
        id: string;
        impact: string;
        nodes: number;
        first: string;
      }[];
      expect(
        violations.filter((v) => v.impact === "serious" || v.impact === "critical"),
        file,
      ).toEqual([]);
      // every chart keeps its text alternative and data table
      for (const id of await page.locator("section.chart").evaluateAll((els) => els.map((el) => el.id))) {
        expect(
          (await page.locator(`#${id} .chart-description`).textContent())?.length ?? 0,
          id,
        ).toBeGreaterThan(40);
        expect(await page.locator(`#${id} details table tbody tr`).count(), id).toBeGreaterThan(0);
      }
      await page.close();
    }
  });
});
