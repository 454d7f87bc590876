/**
 * A quarterly evidence pack's index.html in a real browser: a pack is built from a warehouse holding a
 * year of NHS England benchmark data (2023), then headless Debian Chromium (playwright-core) opens it
 * from file://. The page must work offline: no console errors, no request leaving file://, every
 * reference resolving inside the pack directory, every chart image loaded with a size, and the headline
 * figures equal to manifest.json and to the figures in the pack's own CSV. A screenshot is kept in
 * test-artifacts/. axe-core finds no serious or critical WCAG 2.2 AA violation, on screen or printed. Rebuilding into the same directory removes a planted stale file. Fails (never skips)
 * without Chromium.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCsvObjects } from "../../core/csv-records.js";
import { projectRoot } from "../../core/project-root.js";
import { checkOutputs } from "../../dashboards/disclosure/output-checker.js";
import { OUTPUT_MARKER } from "../../dashboards/output-directory.js";
import {
  buildPack,
  type PackBuildResult,
  type PackInputs,
  preparePackInputs,
} from "../../dashboards/pack/build-pack.js";
import type { PackManifest } from "../../dashboards/pack/pack-manifest.js";
import { parseQuarter } from "../../dashboards/pack/pack-quarter.js";
import { parseScope } from "../../dashboards/pack/pack-scope.js";
import { runAxe, seriousOrCritical } from "../support/axe.js";
import { launchChromium, offlinePage } from "../support/chromium.js";
import { referenceWarehouse } from "../support/reference-warehouse.js";
import type { TestWarehouse } from "../transforms/warehouse-fixture.js";

const ARTIFACTS = join(projectRoot(), "test-artifacts");

describe("evidence pack index.html in headless Chromium (file://)", () => {
  let warehouse: TestWarehouse;
  let inputs: PackInputs;
  let out: string;
  let built: PackBuildResult;
  let browser: Browser;

  beforeAll(async () => {
    warehouse = await referenceWarehouse(); // the 2023 benchmark, transformed as of 2023-12-31
    out = mkdtempSync(join(tmpdir(), "ohwb-pack-browser-"));
    inputs = await preparePackInputs(warehouse.connection, "reference-2023.duckdb");
    built = await buildPack(
      warehouse.connection,
      inputs,
      parseScope("england"),
      parseQuarter("2023-Q4"),
      join(out, "pack"),
    );
    browser = await launchChromium();
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    warehouse?.dispose();
    if (out) rmSync(out, { recursive: true, force: true });
  });

  it("opens offline: no console errors, no request leaves file:// or the pack directory, every chart loaded", async () => {
    const dir = resolve(built.dir);
    const { page, errors } = await offlinePage(browser);
    const requested: string[] = [];
    page.on("requestfailed", (r) => errors.push(`request failed: ${r.url()} (${r.failure()?.errorText})`));
    page.on("request", (r) => requested.push(r.url()));
    await page.goto(pathToFileURL(join(dir, "index.html")).href, { waitUntil: "load" });

    // Every request is a file inside the pack directory that exists (the charts are inline SVG).
    expect(requested.length).toBeGreaterThanOrEqual(1);
    for (const url of requested) {
      const path = fileURLToPath(url);
      const inside = relative(dir, path);
      expect(inside.startsWith("..") || inside.startsWith(sep), url).toBe(false);
      expect(existsSync(path), url).toBe(true);
    }
    // Every link and source in the page resolves inside the pack to a file it has (PDF, CSVs, PNGs too).
    const base = page.url();
    const refs = (
      await page
        .locator("[href], [src]")
        .evaluateAll((els) => els.map((el) => el.getAttribute("href") ?? el.getAttribute("src") ?? ""))
    ).map((ref) => new URL(ref, base).href);
    const files = new Set(refs.map((ref) => relative(dir, fileURLToPath(ref.split("#")[0] as string))));
    // The page reaches every file of the pack: PDF, manifest, chart SVGs and PNGs, data CSVs.
    const published = built.manifest.files.map((m) => m.path).filter((p) => p !== "index.html");
    for (const f of ["manifest.json", ...published]) {
      expect(files.has(f.split("/").join(sep)), `index.html links ${f}`).toBe(true);
    }
    for (const ref of refs) {
      expect(ref.startsWith("file://"), ref).toBe(true);
      const path = fileURLToPath(ref.split("#")[0] as string);
      expect(relative(dir, path).startsWith(".."), ref).toBe(false);
      expect(existsSync(path), ref).toBe(true);
    }

    // Every chart is inline SVG, full width, with marks, a text alternative (its <title> and <desc>,
    // named by aria-labelledby) and a data table beside it. Images (if any) are loaded, with a size.
    // (The test's tsconfig has no DOM types: element properties are read through structural types.)
    type LoadedImage = { complete: boolean; naturalWidth: number; naturalHeight: number };
    const images = await page.locator("img").evaluateAll((imgs) =>
      imgs.map((el) => {
        const img = el as unknown as LoadedImage;
        return { src: el.getAttribute("src") ?? "", complete: img.complete, width: img.naturalWidth };
      }),
    );
    for (const img of images) {
      expect(img.complete, img.src).toBe(true);
      expect(img.width, img.src).toBeGreaterThan(0);
    }
    expect(await page.locator("figure > svg.marks").count()).toBe(built.content.charts.length);
    for (const chart of built.content.charts) {
      const svg = page.locator(`#chart-${chart.id} > svg`);
      expect(await svg.locator("path, line, rect").count(), chart.id).toBeGreaterThan(0);
      const labelledBy = ((await svg.getAttribute("aria-labelledby")) ?? "").split(" ");
      expect(labelledBy, chart.id).toHaveLength(2);
      const alternative = await Promise.all(
        labelledBy.map(async (id) => (await page.locator(`[id="${id}"]`).textContent()) ?? ""),
      );
      expect(alternative.join(" ").length, chart.id).toBeGreaterThan(40);
      const box = await svg.boundingBox();
      const main = await page.locator("main").boundingBox();
      expect(box?.width ?? 0, `${chart.id} is full width`).toBeGreaterThan((main?.width ?? 0) * 0.95);
      const table = page.locator(`#chart-${chart.id} + details table`);
      expect(await table.locator("tbody tr").count(), `${chart.id} data table`).toBeGreaterThan(0);
    }
    // The chart files themselves carry vega marks (an empty SVG would still load with a size).
    for (const chart of built.content.charts) {
      const svg = readFileSync(join(dir, "charts", `${chart.id}.svg`), "utf8");
      expect(svg, chart.id).toMatch(/class="mark-(symbol|rect|line|rule|area)/);
    }

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, "evidence-pack-england-2023-Q4.png"), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it("shows the manifest's headline figures, which equal the pack's absence-quarter.csv", async () => {
    const manifest = JSON.parse(readFileSync(join(built.dir, "manifest.json"), "utf8")) as PackManifest;
    const page = await browser.newPage();
    await page.goto(pathToFileURL(join(built.dir, "index.html")).href);
    const shown = await page.locator("dl.tiles .tile").evaluateAll((tiles) =>
      tiles.map((tile) => ({
        label: tile.querySelector("dt")?.textContent ?? "",
        value: tile.querySelector("dd.value")?.textContent ?? "",
        text: tile.textContent ?? "",
      })),
    );
    expect(shown.map(({ label, value }) => ({ label, value }))).toEqual(
      manifest.tiles.map(({ label, value }) => ({ label, value })),
    );
    expect(shown.length).toBeGreaterThanOrEqual(2);

    // Independently from the published CSV: England, all staff groups, the quarter and the one before.
    const csv = parseCsvObjects(readFileSync(join(built.dir, "data", "absence-quarter.csv"), "utf8"));
    const england = (quarter: string) =>
      csv.find(
        (r) =>
          r.quarter === quarter &&
          r.level === "england" &&
          r.code === "ENG" &&
          r.staff_group === "All staff groups",
      );
    const q4 = england("2023-Q4");
    const q3 = england("2023-Q3");
    expect(q4).toBeDefined();
    expect(q3).toBeDefined();
    const rate = (r: Record<string, string> | undefined) =>
      `${((Number(r?.fte_days_lost) / Number(r?.fte_days_available)) * 100).toFixed(2)}%`;
    const byLabel = new Map(shown.map((f) => [f.label, f]));
    const rateTile = byLabel.get("Sickness absence rate, Q4 2023 (Oct–Dec)");
    expect(rateTile?.value).toBe(rate(q4));
    expect(rateTile?.value).toBe(`${Number(q4?.rate_pct).toFixed(2)}%`);
    // the change on the previous quarter, with that quarter's rate, and the Making Data Count icons
    expect(rateTile?.text).toContain(`on Q3 2023 (${rate(q3)})`);
    expect(rateTile?.text).toMatch(/Common cause variation|Special cause: (improvement|concern)/);
    expect(rateTile?.text).toContain("Source: NHS England");
    expect(byLabel.get("FTE days lost, Q4 2023 (Oct–Dec)")?.value).toBe(
      Math.round(Number(q4?.fte_days_lost)).toLocaleString("en-GB"),
    );
    // And the page text carries them in the narrative too.
    const text = (await page.locator("main").textContent()) ?? "";
    expect(text).toContain(`The sickness absence rate for England in Q4 2023 (Oct–Dec) was ${rate(q4)}`);
    await page.close();
  });

  it("fits a 390 px wide screen: nothing scrolls sideways but the data tables' own boxes", async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(pathToFileURL(join(built.dir, "index.html")).href, { waitUntil: "load" });
    expect(await page.evaluate("document.documentElement.scrollWidth")).toBeLessThanOrEqual(390);
    for (const chart of built.content.charts) {
      const box = await page.locator(`#chart-${chart.id} > svg`).boundingBox();
      expect(box?.width ?? 0, chart.id).toBeLessThanOrEqual(390);
      expect(box?.width ?? 0, chart.id).toBeGreaterThan(300);
    }
    await page.close();
  });

  it("has no serious or critical WCAG 2.2 AA violations by axe-core, on screen and as printed", async () => {
    for (const media of ["screen", "print"] as const) {
      const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
      await page.emulateMedia({ media });
      await page.goto(pathToFileURL(join(built.dir, "index.html")).href, { waitUntil: "load" });
      const outcome = await runAxe(page);
      const { passes } = outcome;
      expect(passes, `${media}: axe ran its rules`).toBeGreaterThan(10);
      expect(seriousOrCritical(outcome), media).toEqual([]);
      await page.close();
    }
  }, 60_000);

  it("rebuilding into the same directory removes a stale file, which the manifest does not list", async () => {
    const manifestBefore = readFileSync(join(built.dir, "manifest.json"));
    const stale = join(built.dir, "charts", "retired-chart.svg");
    writeFileSync(stale, "<svg xmlns='http://www.w3.org/2000/svg'/>");
    writeFileSync(join(built.dir, "notes-from-last-quarter.html"), "<p>stale</p>");
    const again = await buildPack(
      warehouse.connection,
      inputs,
      parseScope("england"),
      parseQuarter("2023-Q4"),
      built.dir,
    );
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(join(built.dir, "notes-from-last-quarter.html"))).toBe(false);
    expect(existsSync(join(built.dir, OUTPUT_MARKER))).toBe(true);
    const paths = again.manifest.files.map((f) => f.path);
    expect(paths).not.toContain(OUTPUT_MARKER);
    expect(paths).not.toContain("charts/retired-chart.svg");
    expect(readFileSync(join(built.dir, "manifest.json")).equals(manifestBefore)).toBe(true);
    expect(again.manifest).toEqual(built.manifest);
    expect(checkOutputs(built.dir)).toEqual([]);
  }, 60_000);

  it("refuses to build into a directory holding files it did not write, and leaves them alone", async () => {
    const foreign = join(out, "someone-elses");
    mkdirSync(foreign);
    writeFileSync(join(foreign, "budget.csv"), "line,amount\nstaff,1\n");
    await expect(
      buildPack(warehouse.connection, inputs, parseScope("england"), parseQuarter("2023-Q4"), foreign),
    ).rejects.toMatchObject({ code: "OUTPUT_DIR_NOT_OURS" });
    expect(readFileSync(join(foreign, "budget.csv"), "utf8")).toBe("line,amount\nstaff,1\n");
    expect(existsSync(join(foreign, "pack.pdf"))).toBe(false);
    expect(existsSync(join(foreign, OUTPUT_MARKER))).toBe(false);
  });
});
