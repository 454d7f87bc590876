/**
 * The words of a PDF with their page and font size, from poppler's `pdftotext -bbox` (never from
 * images): a word's box spans the font's ascent and descent, which for DejaVu Sans (every font of the
 * packs and charts) is 0.928 + 0.236 = 1.164 em, so its height ÷ 1.164 is its size in points.
 */
import { execFileSync } from "node:child_process";

const DEJAVU_BOX_EM = 1.164;

export interface PdfWord {
  page: number;
  text: string;
  yMin: number;
  yMax: number;
  /** Font size, points. */
  size: number;
}

export function xmlEntities(text: string): string {
  return text
    .replaceAll("&apos;", "'")
    .replaceAll("&quot;", '"')
    .replaceAll("&#34;", '"')
    .replaceAll("&#39;", "'")
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&amp;", "&");
}

export function pdfWords(pdf: string): PdfWord[] {
  const xml = execFileSync("pdftotext", ["-bbox", pdf, "-"], { encoding: "utf8" });
  const out: PdfWord[] = [];
  let page = 0;
  for (const line of xml.split("\n")) {
    if (line.includes("<page ")) page += 1;
    const m = /<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">(.*)<\/word>/.exec(line);
    if (!m) continue;
    const yMin = Number(m[1]);
    const yMax = Number(m[2]);
    out.push({ page, text: xmlEntities(m[3] as string), yMin, yMax, size: (yMax - yMin) / DEJAVU_BOX_EM });
  }
  return out;
}
