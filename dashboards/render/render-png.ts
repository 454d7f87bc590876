/**
 * SVG → PNG with resvg (@resvg/resvg-js ships its native binary as a registry package, so nothing is
 * downloaded at install). System fonts are NOT loaded: the same DejaVu files are always used, so the
 * output does not depend on the machine, and text cannot silently vanish for want of a font.
 * Fonts default to Debian's fonts-dejavu-core; the setting `render.fontDir` (OHWB_FONT_DIR), passed
 * in as `fontFiles`, points elsewhere.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { Resvg } from "@resvg/resvg-js";
import type { TopLevelSpec } from "vega-lite";
import { CHART_FONT } from "../charts/chart-style.js";
import { ChartRenderError } from "../dashboard-errors.js";
import { dashboardMessages } from "../dashboard-messages.js";
import { renderSvg } from "./render-svg.js";

export const DEFAULT_FONT_DIR = "/usr/share/fonts/truetype/dejavu";
const FONT_FILE_NAMES = ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf"];

export interface PngOptions {
  /** Zoom factor (2 = double resolution for print). */
  scale?: number;
  fontFiles?: readonly string[];
}

/** The DejaVu files in `dir` (the setting `render.fontDir`, OHWB_FONT_DIR; default Debian's folder). */
export function defaultFontFiles(dir: string = DEFAULT_FONT_DIR): string[] {
  return FONT_FILE_NAMES.map((name) => join(dir, name));
}

export interface Raster {
  width: number;
  height: number;
  /** RGBA, 4 bytes per pixel, row-major. */
  pixels: Buffer;
  png: Buffer;
}

export function rasteriseSvg(svg: string, options: PngOptions = {}): Raster {
  const fontFiles = [...(options.fontFiles ?? defaultFontFiles())];
  for (const file of fontFiles) {
    if (!existsSync(file)) throw new ChartRenderError(dashboardMessages.renderFontMissing(file));
  }
  try {
    const resvg = new Resvg(svg, {
      background: "#FFFFFF",
      fitTo: { mode: "zoom", value: options.scale ?? 1 },
      font: { loadSystemFonts: false, fontFiles, defaultFontFamily: CHART_FONT, sansSerifFamily: CHART_FONT },
    });
    const image = resvg.render();
    return { width: image.width, height: image.height, pixels: image.pixels, png: image.asPng() };
  } catch (error) {
    throw new ChartRenderError(dashboardMessages.renderFailed((error as Error).message), { cause: error });
  }
}

export function svgToPng(svg: string, options: PngOptions = {}): Buffer {
  return rasteriseSvg(svg, options).png;
}

export async function renderPng(spec: TopLevelSpec, options: PngOptions = {}): Promise<Buffer> {
  return svgToPng(await renderSvg(spec), options);
}
