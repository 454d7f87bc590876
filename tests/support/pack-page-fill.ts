/**
 * How full each page of a pack's PDF is, from poppler alone: `pdftoppm -gray` renders every page and
 * the lowest row with ink inside the body (between the 18 mm margins that hold the running header and
 * footer) is where the page's content ends — text, chart vectors, tile borders and images alike, which
 * `pdftotext -bbox` (text only) would miss. The words of a page's top line (`pdftotext -bbox`) say what
 * opens it: a section's heading, or a chart (its title is the chart's topmost text).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pdfWords, xmlEntities } from "./pdf-words.js";

export const A4_HEIGHT_PT = 842;
export const A4_WIDTH_PT = 595.28;
const MM = 72 / 25.4;
/** The pack's print margins (dashboards/pack/pack-pdf.ts): 18 mm top and bottom, 15 mm either side. */
export const BODY_TOP_PT = 18 * MM;
export const BODY_BOTTOM_PT = A4_HEIGHT_PT - 18 * MM;
export const BODY_WIDTH_PT = A4_WIDTH_PT - 2 * 15 * MM;
const DPI = 36;
/** Grey levels below this are ink; white paper is 255 (the palest rule the pack prints is #AEB7BD). */
const INK = 245;

export interface PageFill {
  page: number;
  /** Where the body's content ends, points from the page's top (BODY_TOP_PT when the body is empty). */
  bottom: number;
  /** bottom as a fraction of the body's height. */
  fill: number;
  /** The words of the body's top line, in reading order. */
  opensWith: string;
}

/** One binary greymap (P5) as written by pdftoppm -gray. */
function lowestInkRow(pgm: Buffer, fromRow: number, toRow: number): number | undefined {
  const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(pgm.toString("latin1", 0, 64));
  if (!header) throw new Error("pdftoppm did not write a binary greymap");
  const width = Number(header[1]);
  const offset = header[0].length;
  for (let y = Math.min(toRow, Number(header[2])) - 1; y >= fromRow; y--) {
    const row = pgm.subarray(offset + y * width, offset + (y + 1) * width);
    if (row.some((grey) => grey < INK)) return y;
  }
  return undefined;
}

export function pageFills(pdf: string): PageFill[] {
  const dir = mkdtempSync(join(tmpdir(), "ohwb-page-fill-"));
  try {
    execFileSync("pdftoppm", ["-gray", "-r", String(DPI), pdf, join(dir, "page")]);
    const words = pdfWords(pdf).filter((w) => w.yMin > BODY_TOP_PT && w.yMax < BODY_BOTTOM_PT);
    const scale = DPI / 72;
    return readdirSync(dir)
      .sort()
      .map((file, i) => {
        const page = i + 1;
        const row = lowestInkRow(
          readFileSync(join(dir, file)),
          Math.ceil(BODY_TOP_PT * scale),
          Math.floor(BODY_BOTTOM_PT * scale),
        );
        const bottom = row === undefined ? BODY_TOP_PT : (row + 1) / scale;
        const onPage = words.filter((w) => w.page === page);
        const top = Math.min(...onPage.map((w) => w.yMin));
        const opensWith = onPage
          .filter((w) => w.yMin < top + 3)
          .map((w) => w.text)
          .join(" ");
        return { page, bottom, fill: (bottom - BODY_TOP_PT) / (BODY_BOTTOM_PT - BODY_TOP_PT), opensWith };
      });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The chart a page opens with, if its top line is a chart's title, and the chart's printed height. */
interface PrintedChart {
  title: string;
  /** Printed full body width, so height = body width × the SVG's height ÷ width. */
  height: number;
}

function printedCharts(dir: string): PrintedChart[] {
  return readdirSync(join(dir, "charts"))
    .filter((file) => file.endsWith(".svg"))
    .map((file) => {
      const svg = readFileSync(join(dir, "charts", file), "utf8");
      const size = /<svg[^>]*\swidth="([\d.]+)"[^>]*\sheight="([\d.]+)"/.exec(svg);
      const title = /<title>([^<]*)<\/title>/.exec(svg)?.[1] ?? "";
      return { title: xmlEntities(title), height: (BODY_WIDTH_PT * Number(size?.[2])) / Number(size?.[1]) };
    });
}

const squeeze = (text: string) => text.replace(/\s+/g, "");

/** The page of a heading's outline entry (poppler's pdftohtml -xml), compared without white space. */
function outlinePage(pdf: string, title: string): number {
  const xml = execFileSync("pdftohtml", ["-stdout", "-xml", "-i", "-q", pdf], { encoding: "utf8" });
  for (const m of xml.matchAll(/<item page="(\d+)">([^<]*)<\/item>/g)) {
    if (squeeze(xmlEntities(m[2] as string)) === squeeze(title)) return Number(m[1]);
  }
  throw new Error(`no outline entry for "${title}" in ${pdf}`);
}

/** The line opens with the title (a wrapped heading's first line is a prefix of its title). */
function opens(line: string, title: string): boolean {
  const [a, b] = [squeeze(line), squeeze(title)];
  return a.length >= Math.min(b.length, 12) && (a.startsWith(b) || b.startsWith(a));
}

/**
 * The pages of a pack's PDF that are mostly blank (content ending above half the body's height) with no
 * reason: a page may end early only where a section ends (the next page opens a section's heading), or
 * where the chart that opens the next page was too tall for the room left. The cover and the contents
 * are not sections: the page after them is never forced. The last page may end anywhere.
 */
export function mostlyBlankPages(dir: string, sectionTitles: readonly string[]): string[] {
  const fills = pageFills(join(dir, "pack.pdf"));
  const charts = printedCharts(dir);
  // Pages before the first section's (its outline entry) are the cover and the contents.
  const firstSection = outlinePage(join(dir, "pack.pdf"), sectionTitles[0] ?? "");
  const found: string[] = [];
  for (const [i, page] of fills.slice(0, -1).entries()) {
    if (page.fill >= 0.5) continue;
    const next = fills[i + 1] as PageFill;
    const sectionEnds =
      page.page >= firstSection && sectionTitles.some((title) => opens(next.opensWith, title));
    if (sectionEnds) continue;
    const chart = charts.find((c) => opens(next.opensWith, c.title));
    // 24 pt: the figure's own margin and a line of slack; a chart any shorter would have fitted.
    if (chart && chart.height > BODY_BOTTOM_PT - page.bottom - 24) continue;
    found.push(
      `page ${page.page} ends at ${Math.round(page.fill * 100)}% of the body and page ${next.page} opens with "${next.opensWith}"`,
    );
  }
  return found;
}
