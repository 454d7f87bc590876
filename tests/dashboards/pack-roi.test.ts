/**
 * The value section of a pack on the demo's default span of generated data (cli/commands/demo.ts:
 * start and months) with the committed value model (config/value-model.json): the last quarter has a
 * return on investment with its low–high range and assumptions, and a quarter that is the baseline
 * says so, which is the real reason (mart_value_roi.roi_status), not "no service cost". With the
 * shipped by-reason CSVs imported, the reasons section shows the published national breakdown beside
 * the one from events, naming its period and files.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoDefaults } from "../../cli/commands/demo.js";
import { benchmarkingFiles, reasonFiles } from "../../core/reference-data.js";
import { packMessages } from "../../dashboards/dashboard-messages.js";
import { buildEvidencePack, type PackBuildResult } from "../../dashboards/pack/build-pack.js";
import { parseQuarter } from "../../dashboards/pack/pack-quarter.js";
import { parseScope } from "../../dashboards/pack/pack-scope.js";
import { runTransforms } from "../../transforms/run-transforms.js";
import { importNhsAbsenceFiles } from "../../warehouse/nhs-absence-import.js";
import { importNhsReasonFiles } from "../../warehouse/nhs-reasons-import.js";
import { openWarehouse } from "../../warehouse/open-warehouse.js";
import { ingestGeneratedEvents } from "../support/generated-warehouse.js";
import { rows } from "../transforms/warehouse-fixture.js";

const dir = mkdtempSync(join(tmpdir(), "ohwb-pack-roi-"));
const warehousePath = join(dir, "warehouse.duckdb");
const valueSection = (built: PackBuildResult) => built.content.sections.find((s) => s.id === "value");

describe("the pack's return on investment on the demo's default span", () => {
  const packs: Record<string, PackBuildResult> = {};
  const status: Record<string, string> = {};
  beforeAll(async () => {
    await ingestGeneratedEvents(dir, warehousePath, {
      orgs: 2,
      months: demoDefaults.months,
      seed: 3,
      scale: 0.2,
      start: demoDefaults.start,
    });
    const warehouse = await openWarehouse(warehousePath);
    try {
      await importNhsReasonFiles(warehouse.connection, reasonFiles());
      // 2023's publication: the 2024 quarters are then the warehouse's own absence, with 2023's
      // published figures to show beside the events' own
      await importNhsAbsenceFiles(warehouse.connection, benchmarkingFiles());
      await runTransforms(warehouse.connection, { asOf: "2024-12-31" });
      for (const r of await rows(
        warehouse.connection,
        "SELECT strftime(period_end, '%Y-%m-%d') AS q, roi_status FROM mart_value_roi WHERE period_kind = 'quarter' AND level = 'england'",
      ))
        status[String(r.q)] = String(r.roi_status);
      for (const quarter of ["2023-Q4", "2024-Q4"]) {
        packs[quarter] = await buildEvidencePack(warehouse.connection, {
          scope: parseScope("england"),
          quarter: parseQuarter(quarter),
          dir: join(dir, `pack-${quarter}`),
          warehouseLabel: "generated.duckdb",
        });
      }
    } finally {
      warehouse.close();
    }
  }, 600_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("computes ROI for the last quarter and shows it with its range and assumptions", () => {
    expect(demoDefaults.months).toBeGreaterThanOrEqual(24); // a baseline year, then a year to compare
    expect(status["2024-12-31"]).toBe("computed");
    const built = packs["2024-Q4"] as PackBuildResult;
    const text = (valueSection(built)?.paragraphs ?? []).join(" ");
    expect(text).toMatch(/the return on investment was −?\d+\.\d\d \(−?£\d+\.\d\d of benefit per £1\)/);
    expect(text).toMatch(/ranges from −?\d+\.\d\d to −?\d+\.\d\d \(−?£\d+\.\d\d to −?£\d+\.\d\d per £1\)/);
    expect(text).toContain("Assumptions (low / central / high): cost per FTE at 80% / 100% / 120%");
    expect(text).not.toMatch(/No return on investment/);
    expect(built.content.headline.some((h) => h.label.startsWith("Return on investment"))).toBe(true);
  });

  it("gives the real reason when ROI is missing: a baseline quarter is the baseline, not a missing cost", () => {
    expect(status["2023-12-31"]).toBe("baseline_period");
    const text = (valueSection(packs["2023-Q4"] as PackBuildResult)?.paragraphs ?? []).join(" ");
    expect(text).toContain(
      packMessages.packRoiMissing("baseline_period", "the pre-period 2023-01-01 to 2023-12-31"),
    );
    for (const other of ["no_service_cost", "no_absence_data", "no_baseline", "no_value_row"])
      expect(text).not.toContain(
        packMessages.packRoiMissing(other, "the pre-period 2023-01-01 to 2023-12-31"),
      );
  });

  it("shows NHS England's published reasons beside the events' reasons, with period and source files", () => {
    const reasons = (packs["2024-Q4"] as PackBuildResult).content.sections.find((s) => s.id === "reasons");
    const text = (reasons?.paragraphs ?? []).join(" ");
    expect(text).toMatch(/The largest reasons for FTE days lost in Q4 2024/); // from the ESR events
    expect(text).toContain(
      "Published, England (NHS England, national sickness absence by reason, Oct 2024 to Dec 2024; national-by-reason-12m-to-2025-02.csv): the largest reasons were Anxiety/stress/depression/other psychiatric illnesses (",
    );
    expect(text).toContain("covers every NHS organisation in England, as published");
  });

  it("labels England's absence figures from two organisations' own events with their coverage, never as England's", () => {
    const built = packs["2024-Q4"] as PackBuildResult;
    expect(built.content.dates.absenceSource).toMatch(
      /^Sickness absence: the organisations' own ESR events \(2 (of \d+ )?organisations reporting/,
    );
    for (const id of ["headline", "spc"]) {
      const first = built.content.sections.find((s) => s.id === id)?.paragraphs[0] ?? "";
      expect(first, id).toMatch(
        /^Coverage: 2 (of \d+ )?organisations reporting.*reporting organisations only/,
      );
    }
    const rate = built.content.tiles.find((t) => t.label.startsWith("Sickness absence rate"));
    expect(rate?.label).toBe("Sickness absence rate (reporting organisations only), Q4 2024 (Oct–Dec)");
    expect(rate?.source).toMatch(/own ESR events\. Coverage: 2 (of \d+ )?organisations reporting/);
    expect(built.manifest.sections.find((s) => s.id === "headline")?.reads).toContain("mart_coverage");
    // the same quarter last year is published: both figures, with their difference
    const headline = (built.content.sections.find((s) => s.id === "headline")?.paragraphs ?? []).join(" ");
    expect(headline).toMatch(
      /NHS England published \d+\.\d\d% for Q4 2023 \(Oct–Dec\); the organisations' own ESR events give \d+\.\d\d% \(a difference of \d+\.\d\d percentage points\)/,
    );
  });

  it("says when the published reasons come from months after the quarter, none earlier being loaded", () => {
    const reasons = (packs["2023-Q4"] as PackBuildResult).content.sections.find((s) => s.id === "reasons");
    expect((reasons?.paragraphs ?? []).join(" ")).toContain(
      "Feb 2024 to Jan 2025, published for months after this quarter: none earlier is loaded;",
    );
  });
});
