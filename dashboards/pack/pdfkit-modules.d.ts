/**
 * The slice of pdfkit 0.17 the evidence pack uses (pdfkit ships no type declarations and @types/pdfkit
 * is not a dependency). Only what pack-pdf.ts calls is declared, so a misuse fails typechecking.
 */
declare module "pdfkit" {
  interface PDFDocumentOptions {
    size?: string | [number, number];
    margin?: number;
    autoFirstPage?: boolean;
    compress?: boolean;
    lang?: string;
    displayTitle?: boolean;
    info?: {
      Title?: string;
      Author?: string;
      Subject?: string;
      Creator?: string;
      Producer?: string;
      CreationDate?: Date;
      ModDate?: Date;
    };
  }
  interface TextOptions {
    width?: number;
    align?: "left" | "center" | "right" | "justify";
    lineGap?: number;
    paragraphGap?: number;
    continued?: boolean;
  }
  interface ImageOptions {
    width?: number;
    height?: number;
    fit?: [number, number];
    align?: "center" | "right";
  }
  class PDFDocument {
    constructor(options?: PDFDocumentOptions);
    x: number;
    y: number;
    page: {
      width: number;
      height: number;
      margins: { top: number; bottom: number; left: number; right: number };
    };
    registerFont(name: string, src: string): this;
    font(name: string): this;
    fontSize(size: number): this;
    fillColor(color: string): this;
    text(text: string, options?: TextOptions): this;
    text(text: string, x: number, y: number, options?: TextOptions): this;
    moveDown(lines?: number): this;
    image(src: Buffer | string, options?: ImageOptions): this;
    image(src: Buffer | string, x: number, y: number, options?: ImageOptions): this;
    heightOfString(text: string, options?: TextOptions): number;
    addPage(): this;
    on(event: "data", listener: (chunk: Buffer) => void): this;
    on(event: "end", listener: () => void): this;
    end(): void;
  }
  export default PDFDocument;
}

declare module "svg-to-pdfkit" {
  import type PDFDocument from "pdfkit";

  interface SvgToPdfOptions {
    width?: number;
    height?: number;
    preserveAspectRatio?: string;
    assumePt?: boolean;
    /** Maps an SVG font family (+ bold/italic) to a font name registered on the document. */
    fontCallback?: (family: string, bold: boolean, italic: boolean) => string;
    warningCallback?: (message: string) => void;
  }
  export default function SVGtoPDF(
    doc: PDFDocument,
    svg: string,
    x: number,
    y: number,
    options?: SvgToPdfOptions,
  ): void;
}
