/**
 * The output checker reads everything it publishes (issue 14, item 7): a
 * small-denominator rate drawn in a chart's SVG (Vega writes each mark's
 * fields into its aria-label), counts in JSON embedded in HTML, and a staff
 * pseudonym in a PDF's compressed, font-encoded text are all found. The same
 * chart drawn from publishable rows passes (the funnel's limit curves below
 * 330 FTE days are not a figure about anyone).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { absenceFunnelChart } from "../../dashboards/charts/absence-funnel-chart.js";
import { checkOutputs } from "../../dashboards/disclosure/output-checker.js";
import type { AbsenceMartRow } from "../../dashboards/mart-rows.js";
import { renderSvg } from "../../dashboards/render/render-svg.js";
import { launchChromium } from "../support/chromium.js";

const PSEUDONYM = "ps_0123456789abcdef0123456789abcdef";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "ohwb-reads-everything-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function row(level: AbsenceMartRow["level"], code: string, lost: number, available: number): AbsenceMartRow {
  const month_end = "2024-01-31";
  const rate_pct = Math.round((lost / available) * 10_000) / 100;
  return {
    month_end,
    level,
    code,
    name: `${code} Trust`,
    staff_group: "All staff groups",
    fte_days_lost: lost,
    fte_days_available: available,
    rate_pct,
    suppressed: false,
  };
}

const england = row("england", "ENG", 50_000, 1_000_000);
const big = [row("organisation", "RAA", 500, 10_000), row("organisation", "RBB", 2_100, 40_000)];

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
});

/** A PDF printed by headless Chromium, as the packs are: embedded DejaVu subsets, Identity-H, ToUnicode maps. */
async function pdf(body: string): Promise<Buffer> {
  const page = await browser.newPage();
  try {
    await page.setContent(
      `<!doctype html><html lang="en-GB"><body style="font-family:'DejaVu Sans'">${body}</body></html>`,
    );
    return Buffer.from(await page.pdf({ format: "A4", tagged: true }));
  } finally {
    await page.close();
  }
}

const pdfWith = (text: string) =>
  pdf(
    `<p style="font-size:11pt">Evidence pack, Q4 2023: flu uptake 44% (ffi ligatures too).</p><p style="font-family:serif">Case reviewed for ${text}</p>`,
  );

describe("the output checker reads what a reader sees", () => {
  it("finds a rate from 300 FTE days drawn in a funnel SVG, and passes the chart without it", async () => {
    writeFileSync(join(dir, "funnel.svg"), await renderSvg(absenceFunnelChart([england, ...big])));
    expect(checkOutputs(dir)).toEqual([]);
    const leaky = [england, ...big, row("organisation", "RCC", 15, 300)];
    writeFileSync(join(dir, "funnel.svg"), await renderSvg(absenceFunnelChart(leaky)));
    const found = checkOutputs(dir);
    expect(found.map((v) => v.kind)).toContain("small_denominator");
    expect(found.every((v) => v.file === "funnel.svg")).toBe(true);
    expect(found[0]?.where).toMatch(/aria-label \d+, fte_days_available/);
  });

  it("checks JSON embedded in HTML (Vega specs and their data)", () => {
    const spec = { data: { values: [{ code: "RXX", dna_count: 3 }] } };
    writeFileSync(
      join(dir, "page.html"),
      `<html><body><script type="application/json" id="page-data">${JSON.stringify({ spec })}</script></body></html>`,
    );
    const found = checkOutputs(dir);
    expect(found.map((v) => [v.file, v.kind])).toEqual([["page.html", "small_count"]]);
    expect(found[0]?.where).toContain("data.values[0].dna_count");
  });

  it("reads a PDF's text through its fonts' ToUnicode maps", async () => {
    writeFileSync(join(dir, "pack.pdf"), await pdfWith("nobody"));
    expect(checkOutputs(dir)).toEqual([]);
    writeFileSync(join(dir, "pack.pdf"), await pdfWith(PSEUDONYM));
    expect(checkOutputs(dir).map((v) => v.kind)).toEqual(["staff_pseudonym"]);
  });

  it("finds a pseudonym set in the embedded font's text, which no byte scan of the file sees", async () => {
    const bytes = await pdf(`<p>staff ${PSEUDONYM}</p>`);
    expect(bytes.includes(Buffer.from(PSEUDONYM))).toBe(false);
    writeFileSync(join(dir, "pack.pdf"), bytes);
    expect(checkOutputs(dir).map((v) => v.kind)).toEqual(["staff_pseudonym"]);
  });
});
