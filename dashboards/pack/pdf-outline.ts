/**
 * The page each outline entry of a Chromium-printed PDF points to, read from the PDF itself (the
 * outline's /Title and /Dest, and the page tree's order): how the contents page learns its page
 * numbers. Enough for the PDFs Skia writes (uncompressed outline and page-tree objects), no renderer.
 */

interface PdfDictionary {
  text: string;
}

function dictionaries(pdf: string): Map<number, PdfDictionary> {
  const found = new Map<number, PdfDictionary>();
  for (const match of pdf.matchAll(/(\d+) 0 obj\s*<<([\s\S]*?)>>\s*(?:endobj|stream)/g)) {
    found.set(Number(match[1]), { text: match[2] ?? "" });
  }
  return found;
}

/** A PDF text string: a literal `(…)` with escapes, or hex `<FEFF…>` (UTF-16BE). */
export function pdfString(raw: string): string {
  if (raw.startsWith("<")) {
    const hex = raw.slice(1, -1);
    const bytes = Buffer.from(hex, "hex");
    if (bytes[0] === 0xfe && bytes[1] === 0xff) {
      let out = "";
      for (let i = 2; i + 1 < bytes.length; i += 2)
        out += String.fromCharCode(((bytes[i] as number) << 8) | (bytes[i + 1] as number));
      return out;
    }
    return bytes.toString("latin1");
  }
  return raw.slice(1, -1).replace(/\\([0-7]{1,3}|.)/g, (_, escaped: string) => {
    if (/^[0-7]+$/.test(escaped)) return String.fromCharCode(Number.parseInt(escaped, 8));
    return ({ n: "\n", r: "\r", t: "\t", b: "\b", f: "\f" } as Record<string, string>)[escaped] ?? escaped;
  });
}

/** Page object numbers in reading order, from the page tree's root. */
function pageOrder(objects: Map<number, PdfDictionary>): number[] {
  const root = [...objects.entries()].find(
    ([, d]) => /\/Type\s*\/Pages\b/.test(d.text) && !/\/Parent\s/.test(d.text),
  );
  if (!root) return [];
  const walk = (id: number): number[] => {
    const dictionary = objects.get(id)?.text ?? "";
    if (!/\/Type\s*\/Pages\b/.test(dictionary)) return [id];
    const kids = /\/Kids\s*\[([^\]]*)\]/.exec(dictionary)?.[1] ?? "";
    return [...kids.matchAll(/(\d+) 0 R/g)].flatMap((k) => walk(Number(k[1])));
  };
  return walk(root[0]);
}

/**
 * How an outline title is matched: Chromium joins a heading's wrapped lines without the space between
 * them, so titles are compared with all white space removed.
 */
export function outlineKey(title: string): string {
  return title.replace(/\s+/g, "");
}

/** Outline titles (as outlineKey) → 1-based page numbers (the first entry of a title wins). */
export function outlinePages(pdf: Buffer): Map<string, number> {
  const text = pdf.toString("latin1");
  const objects = dictionaries(text);
  const order = pageOrder(objects);
  const pages = new Map<string, number>();
  for (const match of text.matchAll(
    /\/Title\s*(\((?:\\[\s\S]|[^\\)])*\)|<[0-9A-Fa-f]*>)\s*\/Dest\s*\[(\d+) 0 R/g,
  )) {
    const title = outlineKey(pdfString(match[1] as string));
    const index = order.indexOf(Number(match[2]));
    if (index >= 0 && !pages.has(title)) pages.set(title, index + 1);
  }
  return pages;
}
