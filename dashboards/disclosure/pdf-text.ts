/**
 * The text of a PDF as the output checker needs it: every string a page
 * shows, decoded through its font's ToUnicode map. Enough for the PDFs this
 * project writes (headless Chromium: Flate-compressed content, embedded fonts with
 * Identity-H encoding and a ToUnicode CMap, simple fonts as literal strings),
 * with no renderer or external tool. Not a general PDF parser: a font without
 * a map shows its codes as Latin-1, so unexpected input still yields text.
 */
import { inflateSync } from "node:zlib";

interface PdfObject {
  dictionary: string;
  stream?: Buffer;
}

function objects(pdf: Buffer): Map<number, PdfObject> {
  const text = pdf.toString("latin1");
  const found = new Map<number, PdfObject>();
  const pattern = /(\d+) 0 obj([\s\S]*?)endobj/g;
  for (const match of text.matchAll(pattern)) {
    const body = match[2] ?? "";
    const streamAt = body.indexOf("stream");
    const dictionary = streamAt === -1 ? body : body.slice(0, streamAt);
    let stream: Buffer | undefined;
    if (streamAt !== -1) {
      const start = body.startsWith("\r\n", streamAt + 6) ? streamAt + 8 : streamAt + 7;
      const end = body.lastIndexOf("endstream");
      const raw = Buffer.from(body.slice(start, end), "latin1");
      try {
        stream = /\/FlateDecode/.test(dictionary) ? inflateSync(raw) : raw;
      } catch {
        stream = undefined; // a stream we cannot inflate (an image codec): no text in it
      }
    }
    found.set(Number(match[1]), stream ? { dictionary, stream } : { dictionary });
  }
  return found;
}

/** Code (hex, as written) → Unicode text, from a ToUnicode CMap's bfchar and bfrange sections. */
function parseCmap(cmap: string): Map<string, string> {
  const map = new Map<string, string>();
  const utf16 = (spaced: string) => {
    const hex = spaced.replace(/\s+/g, "");
    const codes: number[] = [];
    for (let i = 0; i + 4 <= hex.length; i += 4) codes.push(Number.parseInt(hex.slice(i, i + 4), 16));
    return String.fromCharCode(...codes);
  };
  const width = (hex: string) => hex.length;
  for (const section of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const [, src, dst] of (section[1] ?? "").matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F\s]*)>/g)) {
      map.set((src ?? "").toLowerCase(), utf16(dst ?? ""));
    }
  }
  for (const section of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    const body = section[1] ?? "";
    const entry = /<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(\[[^\]]*\]|<[0-9a-fA-F\s]*>)/g;
    for (const [, lo, hi, dst] of body.matchAll(entry)) {
      const from = Number.parseInt(lo ?? "0", 16);
      const to = Number.parseInt(hi ?? "0", 16);
      const digits = width(lo ?? "");
      const targets = (dst ?? "").startsWith("[")
        ? [...(dst ?? "").matchAll(/<([0-9a-fA-F\s]*)>/g)].map((m) => utf16(m[1] ?? ""))
        : undefined;
      const base = targets ? 0 : Number.parseInt((dst ?? "<0>").slice(1, -1).replace(/\s+/g, "") || "0", 16);
      for (let code = from; code <= to && code - from < 65_536; code++) {
        const key = code.toString(16).padStart(digits, "0");
        map.set(key, targets ? (targets[code - from] ?? "") : String.fromCharCode(base + code - from));
      }
    }
  }
  return map;
}

/** Font resource name (F1…) → its ToUnicode map, from every /Font resource dictionary in the file. */
function fontMaps(all: Map<number, PdfObject>): Map<string, Map<string, string>> {
  const byObject = new Map<number, Map<string, string>>();
  for (const [number, object] of all) {
    const ref = /\/ToUnicode (\d+) 0 R/.exec(object.dictionary);
    const cmap = ref ? all.get(Number(ref[1]))?.stream : undefined;
    if (cmap) byObject.set(number, parseCmap(cmap.toString("latin1")));
  }
  const byName = new Map<string, Map<string, string>>();
  for (const object of all.values()) {
    for (const resources of object.dictionary.matchAll(/\/Font\s*<<([\s\S]*?)>>/g)) {
      for (const [, name, ref] of (resources[1] ?? "").matchAll(/\/([^\s/<>]+)\s+(\d+) 0 R/g)) {
        const map = byObject.get(Number(ref));
        if (map && name) byName.set(name, map);
      }
    }
  }
  return byName;
}

function decodeHex(hex: string, map: Map<string, string> | undefined): string {
  const clean = hex.replace(/\s+/g, "").toLowerCase();
  if (!map) return Buffer.from(clean, "hex").toString("latin1");
  const step = [...map.keys()][0]?.length ?? 4;
  let out = "";
  for (let i = 0; i + step <= clean.length; i += step) out += map.get(clean.slice(i, i + step)) ?? "";
  return out;
}

function decodeLiteral(literal: string): string {
  return literal.replace(/\\([nrtbf()\\]|[0-7]{1,3})/g, (_, sequence: string) => {
    const simple: Record<string, string> = { n: "\n", r: "\r", t: "\t", b: "\b", f: "\f" };
    if (/^[0-7]+$/.test(sequence)) return String.fromCharCode(Number.parseInt(sequence, 8));
    return simple[sequence] ?? sequence;
  });
}

/** The shown text of every content stream, one line per text object (BT … ET). */
export function pdfText(pdf: Buffer): string {
  const all = objects(pdf);
  const fonts = fontMaps(all);
  const lines: string[] = [];
  for (const object of all.values()) {
    const content = object.stream?.toString("latin1");
    if (!content || !/\bBT\b/.test(content)) continue;
    let font: Map<string, string> | undefined;
    const token = /\/([^\s/<>[\]()]+)\s+[-\d.]+\s+Tf|<([0-9a-fA-F\s]*)>|\((?:\\.|[^\\)])*\)|\bET\b/g;
    let line = "";
    for (const match of content.matchAll(token)) {
      const [text, fontName, hex] = match;
      if (fontName !== undefined) font = fonts.get(fontName);
      else if (hex !== undefined) line += decodeHex(hex, font);
      else if (text === "ET") {
        if (line.trim()) lines.push(line);
        line = "";
      } else line += decodeLiteral(text.slice(1, -1));
    }
    if (line.trim()) lines.push(line);
  }
  return lines.join("\n");
}
