/**
 * pack.pdf with pdfkit: a page per section (title, the strategy driver it evidences, the narrative, its
 * chart drawn as vectors from the pack's SVG by svg-to-pdfkit, so its text is selectable), set in the
 * DejaVu fonts the charts use. CreationDate is fixed
 * (pdfkit derives the file ID from the info dictionary) so the same content gives the same bytes.
 */
import { join } from "node:path";
import PDFDocument from "pdfkit";
import SVGtoPDF from "svg-to-pdfkit";
import { defaultFontFiles } from "../render/render-png.js";
import type { PackContent } from "./pack-content.js";

/** Fixed so the PDF is byte-reproducible; the pack's period is in its title, not its metadata. */
const FIXED_DATE = new Date(Date.UTC(2000, 0, 1));
const BLUE = "#005EB8";
const GREY = "#425563";
const BLACK = "#231F20";
/** Points of page a chart needs before it is moved to a continuation page. */
const MIN_CHART_HEIGHT = 220;

/** The SVG's own width and height (vega writes both on the root element). */
function svgSize(svg: string): { width: number; height: number } {
  const root = /^<svg[^>]*>/.exec(svg)?.[0] ?? "";
  const width = Number(/\bwidth="([\d.]+)"/.exec(root)?.[1] ?? "640");
  const height = Number(/\bheight="([\d.]+)"/.exec(root)?.[1] ?? "400");
  return { width, height };
}

/**
 * pdfkit rejects dash patterns with a zero length, which vega writes for solid lines (`1,0`): a
 * pattern with a zero in it is drawn solid instead.
 */
function pdfSafeSvg(svg: string): string {
  return svg.replace(/\sstroke-dasharray="([^"]*)"/g, (attribute, value: string) =>
    value.split(/[\s,]+/).some((part) => Number(part) === 0) ? "" : attribute,
  );
}

export function renderPackPdf(
  content: PackContent,
  charts: ReadonlyMap<string, { svg: string; png: Buffer }>,
): Promise<Buffer> {
  const [regular, bold, oblique] = defaultFontFiles();
  const doc = new PDFDocument({
    size: "A4",
    margin: 50,
    autoFirstPage: false,
    lang: "en-GB",
    displayTitle: true,
    info: {
      Title: content.title,
      Author: "OHWB evidence warehouse",
      Creator: "ohwb pack",
      Producer: "ohwb pack (pdfkit)",
      CreationDate: FIXED_DATE,
      ModDate: FIXED_DATE,
    },
  });
  doc.registerFont("body", regular as string);
  doc.registerFont("bold", bold as string);
  doc.registerFont("oblique", oblique as string);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve) => {
    doc.on("data", (chunk) => chunks.push(chunk));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
  });
  content.sections.forEach((section, index) => {
    doc.addPage();
    const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
    if (index === 0) {
      doc.font("bold").fontSize(20).fillColor(BLUE).text(content.title, { width });
      doc.moveDown(0.5);
      for (const figure of content.headline) {
        doc.font("body").fontSize(11).fillColor(GREY).text(`${figure.label}: `, { continued: true });
        doc.font("bold").fillColor(BLACK).text(figure.value);
      }
      doc.moveDown(1);
    }
    doc.font("bold").fontSize(16).fillColor(BLUE).text(section.title, { width });
    doc.font("oblique").fontSize(9.5).fillColor(GREY).text(`Strategy driver: ${section.driver}`, { width });
    doc.moveDown(0.8);
    for (const paragraph of section.paragraphs) {
      doc
        .font("body")
        .fontSize(10.5)
        .fillColor(BLACK)
        .text(paragraph, { width, lineGap: 2, paragraphGap: 6 });
    }
    for (const chart of section.charts) {
      const rendered = charts.get(chart);
      if (!rendered) continue;
      doc.moveDown(0.5);
      const bottom = doc.page.height - doc.page.margins.bottom - 16;
      const size = svgSize(rendered.svg);
      // A section with two charts (or a long narrative) continues on a new page rather than squeezing
      // a chart into a sliver or drawing it past the margin.
      if (bottom - doc.y < Math.min(size.height * (width / size.width), MIN_CHART_HEIGHT)) {
        doc.addPage();
        doc.font("oblique").fontSize(9.5).fillColor(GREY).text(`${section.title} (continued)`, { width });
        doc.moveDown(0.5);
      }
      const scale = Math.min(width / size.width, (bottom - doc.y) / size.height);
      const at = { x: doc.page.margins.left, y: doc.y };
      try {
        SVGtoPDF(doc, pdfSafeSvg(rendered.svg), at.x, at.y, {
          width: size.width * scale,
          height: size.height * scale,
          preserveAspectRatio: "xMinYMin meet",
          assumePt: true,
          fontCallback: (_family, bold, italic) => (bold ? "bold" : italic ? "oblique" : "body"),
        });
      } catch {
        // svg-to-pdfkit does not cover all of SVG; the PNG rendering of the same chart always fits.
        doc.image(rendered.png, at.x, at.y, { fit: [size.width * scale, size.height * scale] });
      }
      // Neither drawing call moves the text cursor: the next chart goes below this one.
      doc.x = doc.page.margins.left;
      doc.y = at.y + size.height * scale;
    }
    if (section.tables.length > 0) {
      doc
        .font("oblique")
        .fontSize(8.5)
        .fillColor(GREY)
        .text(
          `Data: ${section.tables.map((t) => join("data", t)).join(", ")}`,
          doc.page.margins.left,
          doc.page.height - doc.page.margins.bottom - 12,
          { width },
        );
    }
  });
  doc.end();
  return done;
}
