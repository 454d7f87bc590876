/**
 * No page of a full pack is left mostly blank without a reason. The warehouse is NHS England's 2023
 * benchmark plus a year of generated OH events for a few real trusts, so England's page one carries
 * every headline tile (absence, FTE days lost, the regions' range, OH first appointments, flu uptake)
 * and every OH section is in the pack. How full a page is comes from poppler: the lowest ink in the
 * body (pdftoppm, so charts and tile borders count, not only text) and the words that open the next
 * page (pdftotext -bbox). A page may end above half its body only where a section ends or where the
 * chart opening the next page would not have fitted; the cover and the contents are not sections.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildPack, type PackBuildResult, preparePackInputs } from "../../dashboards/pack/build-pack.js";
import { PackPrinter } from "../../dashboards/pack/pack-pdf.js";
import { parseQuarter } from "../../dashboards/pack/pack-quarter.js";
import { parseScope } from "../../dashboards/pack/pack-scope.js";
import { runTransforms } from "../../transforms/run-transforms.js";
import { importNhsAbsenceFiles } from "../../warehouse/nhs-absence-import.js";
import { openWarehouse } from "../../warehouse/open-warehouse.js";
import { ingestGeneratedEvents } from "../support/generated-warehouse.js";
import { mostlyBlankPages, pageFills } from "../support/pack-page-fill.js";
import { rows } from "../transforms/warehouse-fixture.js";
import { referenceFiles } from "./site-fixture.js";

const dir = mkdtempSync(join(tmpdir(), "ohwb-pack-fill-"));

describe("pack pages are full except where a section ends", () => {
  const packs: PackBuildResult[] = [];

  beforeAll(async () => {
    const warehousePath = join(dir, "warehouse.duckdb");
    await ingestGeneratedEvents(dir, warehousePath, {
      orgs: 3,
      months: 12,
      seed: 5,
      scale: 0.2,
      start: "2023-01",
    });
    const warehouse = await openWarehouse(warehousePath);
    const printer = await PackPrinter.launch();
    try {
      await importNhsAbsenceFiles(warehouse.connection, referenceFiles);
      await runTransforms(warehouse.connection, { asOf: "2023-12-31" });
      const inputs = await preparePackInputs(warehouse.connection, "reference-and-oh.duckdb");
      // England, and the ICS of the first trust with OH events (its OH sections from one trust).
      const [ics] = await rows(
        warehouse.connection,
        `SELECT min(code) AS code FROM mart_referral_waits WHERE level = 'ics'`,
      );
      for (const scope of ["england", `ics:${String(ics?.code)}`]) {
        packs.push(
          await buildPack(
            warehouse.connection,
            inputs,
            parseScope(scope),
            parseQuarter("2023-Q4"),
            join(dir, scope.replace(":", "-")),
            { printer },
          ),
        );
      }
    } finally {
      await printer.close();
      warehouse.close();
    }
  }, 300_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("builds England with every headline tile and the OH sections", () => {
    const england = packs[0] as PackBuildResult;
    expect(england.content.tiles.length).toBeGreaterThanOrEqual(5);
    const ids = england.content.sections.map((s) => s.id);
    expect(ids).toEqual(expect.arrayContaining(["oh-timeliness", "oh-referrals", "prevention"]));
  });

  it("fits page one's headline tiles on page one", () => {
    for (const built of packs) {
      const fills = pageFills(join(built.dir, "pack.pdf"));
      // page two opens with the contents or a section, never with a tile pushed over
      const second = fills[1]?.opensWith ?? "";
      expect(
        ["Contents", ...built.content.sections.map((s) => s.title)].some((t) =>
          second.replace(/\s+/g, "").startsWith(t.replace(/\s+/g, "").slice(0, 12)),
        ),
        `${built.content.scopeKey}: page 2 opens with "${second}"`,
      ).toBe(true);
    }
  });

  it("leaves no page mostly blank except at a section's end or before a chart too tall for the room left", () => {
    for (const built of packs) {
      const titles = built.content.sections.map((s) => s.title);
      expect(mostlyBlankPages(built.dir, titles), built.content.scopeKey).toEqual([]);
    }
  });
});
