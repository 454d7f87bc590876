/**
 * The built site in a real browser: headless Debian Chromium (driven by playwright-core) opens pages
 * from disk over file://, every chart renders an SVG with marks, the staff-group and period filters
 * change the data shown, and the console stays free of errors. A shorter period keeps the SPC chart's
 * baseline limits unless "Recalculate the SPC limits" is ticked, which recomputes mean, limits and
 * signals for the months shown (checked against dashboards/spc/xmr.ts and the chart builder), and the page script's copy of the XmR calculation equals computeXmr on random series.
 * Rebuilding into the site's directory removes stale pages; a foreign directory is refused untouched.
 * Fails (never skips) without Chromium.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projectRoot } from "../../core/project-root.js";
import { absenceSpcChart } from "../../dashboards/charts/absence-spc-chart.js";
import { discloseAbsenceRates } from "../../dashboards/disclosure/disclosure-control.js";
import { ALL_STAFF_GROUPS } from "../../dashboards/mart-rows.js";
import { OUTPUT_MARKER } from "../../dashboards/output-directory.js";
import { readBenchmarkSource } from "../../dashboards/site/benchmark-source.js";
import { buildDashboardSite } from "../../dashboards/site/build-site.js";
import { BROWSER_XMR } from "../../dashboards/site/site-script.js";
import { computeXmr, type ImprovementDirection, type SpecialCauseSignal } from "../../dashboards/spc/xmr.js";
import { chartMarkCount, launchChromium, offlinePage } from "../support/chromium.js";
import { type BuiltSite, buildReferenceSite } from "./site-fixture.js";

const ARTIFACTS = join(projectRoot(), "test-artifacts");

interface OpenedPage {
  page: Page;
  errors: string[];
}

describe("dashboard site in headless Chromium (file://)", () => {
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

  /** Waits for the page script's latest render (window.ohwbReady is replaced on every filter change). */
  async function settled(page: Page): Promise<void> {
    await page.waitForFunction("window.ohwbReady !== undefined");
    await page.evaluate("window.ohwbReady");
  }

  async function open(file: string): Promise<OpenedPage> {
    // Any request off the disk means the site is not offline.
    const { page, errors } = await offlinePage(browser);
    await page.goto(pathToFileURL(join(built.site.dir, file)).href);
    await settled(page);
    return { page, errors };
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
        expect(await chartMarkCount(page, s.id), `${file} ${s.id}`).toBeGreaterThan(0);
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

  it("a shorter period keeps the SPC baseline limits, and recomputes mean, limits and signals from the months shown on request", async () => {
    const { page, errors } = await open("england.html");
    const groups = await page
      .locator("#filter-staff-group option")
      .evaluateAll((os) => os.map((o) => o.getAttribute("value") ?? ""));
    const group = groups.find((g) => g !== ALL_STAFF_GROUPS) as string;
    const [from, to] = ["2023-04-30", "2023-11-30"];
    await page.selectOption("#filter-staff-group", group);
    await page.selectOption("#filter-from", from);
    await page.selectOption("#filter-to", to);
    await settled(page);

    // Independently: the same disclosed warehouse rows, cut to the window, through xmr.ts.
    const source = await readBenchmarkSource(built.warehouse.connection);
    const series = discloseAbsenceRates(source.rows)
      .filter((r) => r.level === "england" && r.staff_group === group && !r.suppressed && r.rate_pct !== null)
      .sort((a, b) => a.month_end.localeCompare(b.month_end));
    const window = series.filter((r) => r.month_end >= from && r.month_end <= to);
    expect(window).toHaveLength(8);
    const rates = window.map((r) => r.rate_pct as number);
    const xmr = computeXmr(rates, { direction: "lower_is_better" });
    const whole = computeXmr(
      series.map((r) => r.rate_pct as number),
      { direction: "lower_is_better" },
    );
    // The window's statistics differ from the whole year's, so trimming alone would fail below.
    expect(Math.abs(xmr.mean - whole.mean)).toBeGreaterThan(0.005);
    expect(Math.abs(xmr.upl - whole.upl)).toBeGreaterThan(0.005);
    const r3 = (x: number) => Math.round(x * 1000) / 1000;

    // By default the limits stay the baseline's (here the whole year): the period only trims the months.
    const fixed = await page
      .locator("#chart-spc details table tbody tr")
      .evaluateAll((trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent ?? "")));
    expect(fixed.map((row) => row[0])).toEqual(window.map((r) => r.month_end));
    for (const row of fixed) {
      expect(Number(row[2]), "baseline mean").toBe(r3(whole.mean));
      expect(Number(row[4]), "baseline upper limit").toBe(r3(whole.upl));
    }
    expect(await page.locator("#chart-spc .chart-description").textContent()).toContain(
      "not recalculated for the selected period",
    );
    // Rebasing on request: the limits are recomputed from the months shown.
    await page.check("#filter-recalculate");
    await settled(page);

    const cells = await page
      .locator("#chart-spc details table tbody tr")
      .evaluateAll((trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent ?? "")));
    expect(cells.map((row) => row[0])).toEqual(window.map((r) => r.month_end));
    for (const row of cells) {
      expect(Number(row[2]), "mean").toBe(r3(xmr.mean));
      expect(Number(row[3]), "lower process limit").toBe(r3(xmr.lpl));
      expect(Number(row[4]), "upper process limit").toBe(r3(xmr.upl));
    }
    // Every column, signals and variation included, as the chart builder gives them for that window.
    const windowChart = absenceSpcChart(window, { code: "ENG", staffGroup: group }) as {
      data: { values: Record<string, unknown>[] };
      title: { subtitle: string[] };
    };
    const expected = windowChart.data.values.map((v) =>
      ["month_end", "rate_pct", "mean", "lpl", "upl", "variation", "signals"].map((k) => String(v[k])),
    );
    expect(cells).toEqual(expected);

    // The chart's own subtitle and the description state the window's figures.
    const limits = `Mean ${xmr.mean.toFixed(2)}%, process limits ${xmr.lpl.toFixed(2)}% to ${xmr.upl.toFixed(2)}%.`;
    expect(await page.locator("#chart-spc .chart-view svg").textContent()).toContain(limits);
    const description = (await page.locator("#chart-spc .chart-description").textContent()) ?? "";
    expect(description).toContain(limits);
    expect(description).toContain("Apr 2023 to Nov 2023 (8 months");
    // The icon line and the short-series warning survive the rebase, as the builder words them for the window.
    const [, , , icons, warning] = windowChart.title.subtitle;
    expect(icons).toMatch(/^Variation: .*assurance icon: no target set\.$/i);
    expect(warning).toContain("Only 8 months");
    const svgText = (await page.locator("#chart-spc .chart-view svg").textContent()) ?? "";
    for (const line of [icons, warning] as string[]) {
      expect(svgText).toContain(line);
      expect(description).toContain(line);
    }
    expect(description).toContain(group);
    expect(await page.locator("#chart-spc .chart-view svg").textContent()).not.toContain(
      `Mean ${whole.mean.toFixed(2)}%, process limits`,
    );
    expect(await page.locator("#chart-spc .chart-note").textContent()).toContain("recomputed");
    expect(await chartMarkCount(page, "spc")).toBeGreaterThan(0);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page
      .locator("#chart-spc")
      .screenshot({ path: join(ARTIFACTS, "dashboard-site-england-spc-period.png") });

    // One month cannot make an XmR chart: said so, nothing drawn, no error.
    await page.selectOption("#filter-from", "2023-09-30");
    await page.selectOption("#filter-to", "2023-09-30");
    await settled(page);
    expect(await page.locator("#chart-spc .chart-unavailable").isVisible()).toBe(true);
    expect(await page.locator("#chart-spc .chart-unavailable").textContent()).toContain("at least 2");
    expect(await page.locator("#chart-spc .chart-view svg").count()).toBe(0);

    // The whole year again: the statistics of every published month.
    await page.selectOption("#filter-from", series[0]?.month_end as string);
    await page.selectOption("#filter-to", series[series.length - 1]?.month_end as string);
    await settled(page);
    const full = await page
      .locator("#chart-spc details table tbody tr")
      .evaluateAll((trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent ?? "")));
    expect(full).toHaveLength(series.length);
    expect(Number(full[0]?.[2])).toBe(r3(whole.mean));
    expect(Number(full[0]?.[4])).toBe(r3(whole.upl));
    expect(errors).toEqual([]);
    await page.close();
  });

  it("rebuilding into the site's directory removes stale pages; a directory of foreign files is refused untouched", async () => {
    const dir = built.site.dir;
    writeFileSync(join(dir, "org-RETIRED.html"), "<p>an organisation that merged away</p>");
    writeFileSync(join(dir, "data", "org-RETIRED.json"), "[]");
    const before = readdirSync(dir)
      .filter((f) => f !== "org-RETIRED.html")
      .sort();
    const again = await buildDashboardSite(built.warehouse.connection, dir);
    expect(existsSync(join(dir, "org-RETIRED.html"))).toBe(false);
    expect(existsSync(join(dir, "data", "org-RETIRED.json"))).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(before);
    expect(readdirSync(dir)).toContain(OUTPUT_MARKER);
    expect(again.pages.length).toBe(built.site.pages.length);

    const foreign = join(dir, "..", `${dir.split(/[\\/]/).pop()}-foreign`);
    mkdirSync(foreign);
    try {
      writeFileSync(join(foreign, "report.html"), "<p>not ours</p>");
      await expect(buildDashboardSite(built.warehouse.connection, foreign)).rejects.toMatchObject({
        code: "OUTPUT_DIR_NOT_OURS",
      });
      expect(readdirSync(foreign)).toEqual(["report.html"]);
      expect(readFileSync(join(foreign, "report.html"), "utf8")).toBe("<p>not ours</p>");
    } finally {
      rmSync(foreign, { recursive: true, force: true });
    }
  }, 120_000);
});

/** The page script's XmR copy (site-script.ts BROWSER_XMR) against computeXmr, on series built to trip every rule. */
describe("the page script's XmR calculation", () => {
  type BrowserXmr = (
    values: number[],
    direction: ImprovementDirection,
  ) => {
    mean: number;
    upl: number;
    lpl: number;
    points: { signals: SpecialCauseSignal[]; variation: string }[];
  };
  const xmrWindow = new Function(`${BROWSER_XMR}\nreturn xmrWindow;`)() as BrowserXmr;

  /** Deterministic PRNG (mulberry32) so a failure names a reproducible seed. */
  function random(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  function series(seed: number): number[] {
    const next = random(seed);
    const length = 2 + Math.floor(next() * 30);
    const kind = seed % 4;
    return Array.from({ length }, (_, i) => {
      if (kind === 0) return Math.round(next() * 4); // few distinct values: ties with the mean, flat steps
      if (kind === 1) return 5 + i * 0.1 + (next() < 0.2 ? -0.3 : 0); // trends, interrupted
      if (kind === 2) return (i > length / 2 ? 6 : 4) + next() * 0.5; // a shift
      return Math.round((4 + next() * 2 + (next() < 0.1 ? 5 : 0)) * 100) / 100; // outliers, 2-dp rates
    });
  }

  const key = (signals: readonly SpecialCauseSignal[]) => signals.map((x) => `${x.rule}:${x.side}`).sort();

  it("equals computeXmr (mean, limits, each point's signals and variation) on 400 random series", () => {
    const rulesSeen = new Set<string>();
    for (let seed = 1; seed <= 400; seed++) {
      const values = series(seed);
      for (const direction of ["lower_is_better", "higher_is_better", "neither"] as const) {
        const expected = computeXmr(values, { direction });
        const actual = xmrWindow(values, direction);
        expect([actual.mean, actual.upl, actual.lpl], `seed ${seed}`).toEqual([
          expected.mean,
          expected.upl,
          expected.lpl,
        ]);
        expect(
          actual.points.map((p) => [key(p.signals), p.variation]),
          `seed ${seed} ${direction}`,
        ).toEqual(expected.points.map((p) => [key(p.signals), p.variation]));
        for (const p of expected.points) for (const sig of p.signals) rulesSeen.add(sig.rule);
      }
    }
    // The series exercise every rule, so a broken rule in the copy cannot pass unnoticed.
    expect([...rulesSeen].sort()).toEqual(["beyond_limits", "shift", "trend", "two_of_three"]);
  });
});
