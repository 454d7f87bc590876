/**
 * pack.pdf as poppler's tools read it (never golden images): printed by headless Chromium from the
 * pack's HTML, it is tagged (pdfinfo), has an outline whose pages are the ones the contents page states
 * (pdftohtml -xml), says "page n of N", the protective marking, the publisher and the dates (as-of,
 * published, source release) on every page, and scope, quarter, publisher and dates on page one; body
 * text is 10 pt or more and every word, chart text included, 8 pt or more (word heights from pdftotext
 * -bbox); no page is mostly blank (its ink, from pdftoppm) except at a section's end or before a chart
 * too tall for the room left; and the same warehouse gives the same PDF text, PDF bytes and manifest.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildPack, type PackBuildResult, preparePackInputs } from "../../dashboards/pack/build-pack.js";
import { parseQuarter } from "../../dashboards/pack/pack-quarter.js";
import { parseScope } from "../../dashboards/pack/pack-scope.js";
import { runTransforms } from "../../transforms/run-transforms.js";
import { importNhsAbsenceFiles } from "../../warehouse/nhs-absence-import.js";
import { mostlyBlankPages } from "../support/pack-page-fill.js";
import { xmlEntities as entities, pdfWords as words } from "../support/pdf-words.js";
import { freshWarehouse, type TestWarehouse } from "../transforms/warehouse-fixture.js";
import { referenceFiles } from "./site-fixture.js";

const A4_HEIGHT_PT = 842;
const PUBLICATION = {
  publisher: "NHS Example Integrated Care Board",
  protectiveMarking: "OFFICIAL-SENSITIVE",
};

function pageTexts(pdf: string): string[] {
  return execFileSync("pdftotext", [pdf, "-"], { encoding: "utf8" })
    .split("\f")
    .map((p) => p.replace(/\s+/g, " ").trim())
    .filter((p) => p.length > 0);
}

function outline(pdf: string): { title: string; page: number }[] {
  const xml = execFileSync("pdftohtml", ["-stdout", "-xml", "-i", "-q", pdf], { encoding: "utf8" });
  return [...xml.matchAll(/<item page="(\d+)">([^<]*)<\/item>/g)].map((m) => ({
    page: Number(m[1]),
    title: entities(m[2] as string),
  }));
}

describe("pack.pdf printed by headless Chromium", () => {
  let warehouse: TestWarehouse;
  let out: string;
  let england: PackBuildResult;
  let again: PackBuildResult;
  let organisation: PackBuildResult;

  beforeAll(async () => {
    warehouse = await freshWarehouse();
    out = mkdtempSync(join(tmpdir(), "ohwb-pack-pdf-"));
    await importNhsAbsenceFiles(warehouse.connection, referenceFiles);
    await runTransforms(warehouse.connection, { asOf: "2023-12-31" });
    const inputs = await preparePackInputs(warehouse.connection, "reference-2023.duckdb");
    const q4 = parseQuarter("2023-Q4");
    const options = { publication: PUBLICATION };
    england = await buildPack(
      warehouse.connection,
      inputs,
      parseScope("england"),
      q4,
      join(out, "a"),
      options,
    );
    again = await buildPack(warehouse.connection, inputs, parseScope("england"), q4, join(out, "b"), options);
    const org = (
      await warehouse.connection.runAndReadAll(
        `SELECT code FROM mart_absence_benchmark WHERE level = 'organisation' AND staff_group = 'All staff groups'
           AND month_end = '2023-12-31' AND NOT suppressed ORDER BY code LIMIT 1`,
      )
    ).getRowObjectsJson()[0]?.code;
    organisation = await buildPack(
      warehouse.connection,
      inputs,
      parseScope(`org:${org}`),
      q4,
      join(out, "org"),
    );
  }, 300_000);
  afterAll(() => {
    warehouse?.dispose();
    if (out) rmSync(out, { recursive: true, force: true });
  });

  it("is tagged A4 with an outline of every section, at the pages its contents page states", () => {
    for (const built of [england, organisation]) {
      const pdf = join(built.dir, "pack.pdf");
      const info = execFileSync("pdfinfo", [pdf], { encoding: "utf8" });
      expect(info).toMatch(/^Tagged:\s+yes$/m);
      expect(info).toMatch(/^Page size:\s+595\.\d+ x 842\.\d+ pts \(A4\)$/m);
      expect(readFileSync(pdf).includes(Buffer.from("/Outlines"))).toBe(true);
      const entries = outline(pdf);
      const pages = pageTexts(pdf);
      // The contents follow page one's tiles: on page one when they fit, else at the top of page two.
      const contents = pages.slice(0, 2).find((text) => / Contents Headline: /.test(text)) ?? "";
      expect(contents).toContain("Contents");
      for (const section of built.content.sections) {
        // Chromium joins a wrapped heading's lines without their space: compared without white space.
        const entry = entries.find((e) => e.title.replace(/\s+/g, "") === section.title.replace(/\s+/g, ""));
        expect(entry, section.title).toBeDefined();
        const page = entry?.page ?? 0;
        // the outline's page holds the section's heading, and the contents page says that page
        expect(pages[page - 1], section.title).toContain(section.title);
        expect(contents).toContain(`${section.title} page ${page}`);
      }
    }
  });

  it("says 'page n of N', the protective marking and the publisher on every page; page one names scope, quarter and dates", () => {
    const pages = pageTexts(join(england.dir, "pack.pdf"));
    expect(pages.length).toBeGreaterThanOrEqual(4);
    pages.forEach((text, i) => {
      expect(text, `page ${i + 1}`).toContain(`page ${i + 1} of ${pages.length}`);
      expect(text, `page ${i + 1}`).toContain("OFFICIAL-SENSITIVE");
      expect(text, `page ${i + 1}`).toContain(PUBLICATION.publisher);
      // issue 15: the dates on every page, the source's release date said to be unrecorded
      expect(text, `page ${i + 1}`).toContain(
        "Data as of 31 Dec 2023 · published 31 Dec 2023 · NHS England source released not recorded",
      );
    });
    const first = pages[0] ?? "";
    for (const expected of [
      "Scope England (england)",
      "Quarter Q4 2023 (Oct–Dec)",
      `Published by ${PUBLICATION.publisher}`,
      "Publication date 31 December 2023",
      "Data as of 31 December 2023",
      "monthly publications Jan 2023 to Dec 2023",
      "Source publication date publication date not recorded in the shipped data",
      "At a glance",
      "Sickness absence rate, Q4 2023",
      `${england.content.tiles[0]?.value}`,
    ]) {
      expect(first).toContain(expected);
    }
    // the tile's Making Data Count icon in words, and its change on the previous quarter
    expect(first).toMatch(/Common cause variation|Special cause: (improvement|concern) \((high|low)\)/);
    expect(first).toMatch(/[+−±]\d+\.\d\d pp on Q3 2023 \(\d+\.\d\d%\)/);
    expect(england.manifest.pack).toMatchObject(PUBLICATION);
    expect(england.manifest.dates).toMatchObject({ asOf: "2023-12-31", published: "2023-12-31" });
  });

  it("sets every word at 8 pt or more, chart text included, and the narrative at 10 pt or more", () => {
    for (const built of [england, organisation]) {
      const all = words(join(built.dir, "pack.pdf"));
      expect(all.length).toBeGreaterThan(500);
      const smallest = all.reduce((a, w) => (w.size < a.size ? w : a));
      expect(smallest.size, `"${smallest.text}" on page ${smallest.page}`).toBeGreaterThanOrEqual(7.95);
      // Chart text is in the PDF as text (vector SVG), e.g. the SPC chart's title.
      const texts = all.map((w) => w.text).join(" ");
      expect(texts).toContain("Sickness absence rate:");
      // Narrative: the words of each section's first paragraph, found in order in the body of a page
      // (not the running header, which may repeat the scope's name at 8.5 pt).
      const body = all.filter((w) => w.yMin > 52 && w.yMax < A4_HEIGHT_PT - 52);
      for (const section of built.content.sections) {
        const first = (section.paragraphs[0] ?? "").split(" ").slice(0, 6);
        const at = body.findIndex((_, i) => first.every((word, k) => body[i + k]?.text === word));
        expect(at, section.id).toBeGreaterThanOrEqual(0);
        for (let k = 0; k < first.length; k++) {
          expect(body[at + k]?.size, `${section.id}: "${first[k]}"`).toBeGreaterThanOrEqual(9.95);
        }
      }
    }
  });

  it("leaves no page mostly blank, except where a section ends or a chart would not fit", () => {
    for (const built of [england, organisation]) {
      const titles = built.content.sections.map((s) => s.title);
      expect(mostlyBlankPages(built.dir, titles), built.content.scopeKey).toEqual([]);
    }
  });

  it("gives the same PDF text, PDF bytes and manifest when the same warehouse is built twice", () => {
    const text = (built: PackBuildResult) =>
      execFileSync("pdftotext", [join(built.dir, "pack.pdf"), "-"], { encoding: "utf8" });
    expect(text(again)).toBe(text(england));
    expect(
      readFileSync(join(again.dir, "pack.pdf")).equals(readFileSync(join(england.dir, "pack.pdf"))),
    ).toBe(true);
    expect(readFileSync(join(again.dir, "manifest.json"), "utf8")).toBe(
      readFileSync(join(england.dir, "manifest.json"), "utf8"),
    );
    // Chromium's print time is replaced by the publication date; no absolute path is linked.
    const info = execFileSync("pdfinfo", [join(england.dir, "pack.pdf")], { encoding: "utf8" });
    expect(info).toMatch(/^CreationDate:\s+Sun Dec 31 00:00:00 2023 UTC$/m);
    expect(readFileSync(join(england.dir, "pack.pdf")).includes(Buffer.from(out))).toBe(false);
    expect(readFileSync(join(england.dir, "pack.pdf")).includes(Buffer.from("file://"))).toBe(false);
  });
});
