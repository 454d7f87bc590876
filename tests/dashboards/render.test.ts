import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TopLevelSpec } from "vega-lite";
import { describe, expect, it } from "vitest";
import { ChartRenderError } from "../../dashboards/dashboard-errors.js";
import { checkOutputs } from "../../dashboards/disclosure/output-checker.js";
import { rasteriseSvg, renderPng } from "../../dashboards/render/render-png.js";
import { renderSvg } from "../../dashboards/render/render-svg.js";
import { fixtureChartSpecs } from "./chart-fixture-specs.js";

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const specs = fixtureChartSpecs();
const spc = specs["absence-spc-zza"] as TopLevelSpec;

/** Pixels darker than mid-grey in an RGBA buffer. */
function darkPixels(pixels: Buffer): number {
  let dark = 0;
  for (let i = 0; i < pixels.length; i += 4) {
    const luminance =
      0.299 * pixels.readUInt8(i) + 0.587 * pixels.readUInt8(i + 1) + 0.114 * pixels.readUInt8(i + 2);
    if (pixels.readUInt8(i + 3) > 0 && luminance < 128) dark++;
  }
  return dark;
}

/** A white canvas with nothing but a big black title. */
function titleOnly(text: string): TopLevelSpec {
  return {
    title: { text, fontSize: 40, color: "#000000" },
    width: 400,
    height: 20,
    config: { background: "#FFFFFF", view: { stroke: null }, font: "DejaVu Sans" },
    data: { values: [] },
    mark: "point",
  };
}

describe("SVG rendering (vega View, renderer 'none')", () => {
  it("renders the SPC chart with marks, the title and the accessible description", async () => {
    const svg = await renderSvg(spc);
    // booleans, so a failure does not print the whole SVG
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg.match(/aria-roledescription="point"/g)?.length).toBe(24); // one symbol per month
    expect(svg.match(/aria-roledescription="line mark"/g)?.length).toBe(4); // UPL, LPL, mean, rate
    expect(/<text[^>]*>Sickness absence rate: Fixture Acute NHS Trust<\/text>/.test(svg)).toBe(true);
    expect(/<title>Sickness absence rate: Fixture Acute NHS Trust<\/title>/.test(svg)).toBe(true);
    expect(/<desc>XmR statistical process control chart[^<]+<\/desc>/.test(svg)).toBe(true);
    expect(svg.includes('font-family="DejaVu Sans"')).toBe(true);
  });

  it("renders every fixture chart, and the rendered outputs pass the disclosure checker", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ohwb-charts-"));
    try {
      for (const [name, spec] of Object.entries(specs)) {
        const svg = await renderSvg(spec);
        expect(svg.length, name).toBeGreaterThan(2000);
        writeFileSync(join(dir, `${name}.svg`), svg);
        writeFileSync(join(dir, `${name}.vl.json`), JSON.stringify(spec));
      }
      writeFileSync(join(dir, "absence-spc-zza.png"), await renderPng(spc));
      expect(checkOutputs(dir)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("reports a spec vega cannot run as a ChartRenderError", async () => {
    const bad = { ...titleOnly("x"), transform: [{ filter: "datum.x ===" }] } as TopLevelSpec;
    await expect(renderSvg(bad)).rejects.toBeInstanceOf(ChartRenderError);
  });
});

describe("PNG rendering (resvg, DejaVu fonts, no system fonts)", () => {
  it("produces a valid, non-trivial PNG of the SPC chart", async () => {
    const png = await renderPng(spc);
    expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(png.length).toBeGreaterThan(10_000);
    const width = png.readUInt32BE(16);
    const height = png.readUInt32BE(20);
    expect(width).toBeGreaterThan(600);
    expect(height).toBeGreaterThan(300);
    const double = await renderPng(spc, { scale: 2 });
    expect(double.readUInt32BE(16)).toBe(width * 2);
  });

  it("draws text: a title-only chart has many dark pixels, an empty title none", async () => {
    const withText = rasteriseSvg(await renderSvg(titleOnly("Sickness absence")));
    const without = rasteriseSvg(await renderSvg(titleOnly("")));
    expect(withText.width).toBeGreaterThan(300);
    expect(darkPixels(without.pixels)).toBe(0);
    // ~16 glyphs at 40 px: thousands of dark pixels if the font loaded, 0 if text vanished
    expect(darkPixels(withText.pixels)).toBeGreaterThan(2000);
  });

  it("fails loudly when a font file is missing instead of dropping text", async () => {
    const svg = await renderSvg(titleOnly("x"));
    expect(() => rasteriseSvg(svg, { fontFiles: ["/nonexistent/DejaVuSans.ttf"] })).toThrow(ChartRenderError);
  });
});
