/**
 * pack.pdf: headless Chromium (Debian's chromium, driven by playwright-core) prints the pack's own
 * index.html with its print stylesheet, so the PDF and the HTML share one layout: A4, tagged (a
 * structure tree for screen readers), an outline from the headings, the protective marking and the dates
 * (as-of, published, the source's release) at the top of every page and "page n of N" at the foot. Charts are the inline SVGs, so they print as vectors with
 * selectable text. Chromium stamps the print time as CreationDate/ModDate (and nothing else varies):
 * both are replaced, byte for byte, by the pack's publication date, so the same warehouse gives the same
 * PDF.
 */
import { existsSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { type Browser, chromium, type Page } from "playwright-core";
import { ChartRenderError } from "../dashboard-errors.js";
import { packMessages } from "../dashboard-messages.js";
import { shortDate } from "./pack-html.js";
import type { PackContent, PackDates } from "./pack-types.js";

/** Debian's chromium: the default of the setting `render.chromium` (OHWB_CHROMIUM). */
export const DEFAULT_CHROMIUM = "/usr/bin/chromium";

/**
 * One headless Chromium and one page that prints every pack handed to it: a set of packs (the bench, a
 * scheduler run, `ohwb pack`) shares one, since a new page costs about as much as a quarter of a print.
 */
export class PackPrinter {
  private page: Page | undefined;

  private constructor(private readonly browser: Browser) {}

  static async launch(path: string = DEFAULT_CHROMIUM): Promise<PackPrinter> {
    if (!existsSync(path)) throw new ChartRenderError(packMessages.packNoBrowser(path));
    const browser = await chromium.launch({
      executablePath: path,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
    return new PackPrinter(browser);
  }

  /** Prints `htmlPath` (the pack's index.html, in its directory so its links resolve) to PDF bytes. */
  async print(htmlPath: string, content: PackContent): Promise<Buffer> {
    this.page ??= await this.browser.newPage();
    try {
      return await printPage(this.page, htmlPath, content);
    } catch (error) {
      // A page that failed mid-print is not reused: the next print opens a fresh one.
      const failed = this.page;
      this.page = undefined;
      await failed.close().catch(() => undefined);
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.browser.close();
  }
}

function escapeHtml(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

const TEMPLATE_STYLE = `box-sizing:border-box;font-family:'DejaVu Sans',Arial,sans-serif;font-size:8.5pt;color:#231F20;width:100%;padding:0 15mm;display:flex;justify-content:space-between;gap:4mm`;

/** A PDF date for an ISO day, as long as Chromium's own (D:YYYYMMDDHHmmSS+00'00'). */
function pdfDate(iso: string): string {
  return `D:${iso.replaceAll("-", "")}000000+00'00'`;
}

/** Replaces the print time Chromium writes with the publication date, keeping every byte offset. */
export function fixPdfDates(pdf: Buffer, iso: string): Buffer {
  const text = pdf.toString("latin1");
  const fixed = text.replace(
    /\/(CreationDate|ModDate) \((D:[^)]*)\)/g,
    (whole, key: string, date: string) => {
      const replacement = pdfDate(iso);
      return replacement.length === date.length ? `/${key} (${replacement})` : whole;
    },
  );
  return Buffer.from(fixed, "latin1");
}

/** The dates every page states in its running header: data as of, published, and the source's release. */
function runningDates(dates: PackDates): string {
  const released = dates.sourcePublished ? shortDate(dates.sourcePublished) : "not recorded";
  return `Data as of ${shortDate(dates.asOf)} · published ${shortDate(dates.published)} · NHS England source released ${dates.sourceFrom ? released : "none loaded"}`;
}

async function printPage(page: Page, htmlPath: string, content: PackContent): Promise<Buffer> {
  await page.goto(pathToFileURL(htmlPath).href, { waitUntil: "load" });
  const marking = escapeHtml(content.publication.protectiveMarking);
  const pdf = await page.pdf({
    format: "A4",
    printBackground: true,
    tagged: true,
    outline: true,
    displayHeaderFooter: true,
    margin: { top: "18mm", bottom: "18mm", left: "15mm", right: "15mm" },
    headerTemplate: `<div style="width:100%"><div style="${TEMPLATE_STYLE}"><span>${escapeHtml(content.scopeName)}, ${escapeHtml(content.quarterLabel)}</span><span style="font-weight:bold">${marking}</span></div><div style="${TEMPLATE_STYLE};margin-top:1mm">${escapeHtml(runningDates(content.dates))}</div></div>`,
    footerTemplate: `<div style="${TEMPLATE_STYLE}"><span>${escapeHtml(content.publication.publisher)}</span><span>page <span class="pageNumber"></span> of <span class="totalPages"></span></span><span style="font-weight:bold">${marking}</span></div>`,
  });
  return fixPdfDates(Buffer.from(pdf), content.dates.published);
}
