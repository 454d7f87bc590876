/**
 * Coverage as data: NHS England's 2023 benchmark (the reference organisation list) and a year of generated
 * events for two of its organisations, so only some organisations of their ICS report. mart_coverage
 * counts them against the ICS's providers; the ICS page's OH charts and the ICS pack say "n of N
 * organisations reporting" and "reporting organisations only", and the pack does not present the
 * reporting organisations' cost of absence as the ICS's total.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildEvidencePack, type PackBuildResult } from "../../dashboards/pack/build-pack.js";
import { parseQuarter } from "../../dashboards/pack/pack-quarter.js";
import { parseScope } from "../../dashboards/pack/pack-scope.js";
import type { SiteBuildResult } from "../../dashboards/site/build-site.js";
import { pageFile } from "../../dashboards/site/site-pages.js";
import { openWarehouse } from "../../warehouse/open-warehouse.js";
import { type PartialCoverageCopy, partialCoverageWarehouse } from "../support/partial-coverage-fixture.js";
import { rows } from "../transforms/warehouse-fixture.js";

interface IcsCoverage {
  ics: string;
  icsName: string;
  reporting: number;
  expected: number;
}

describe("coverage of an ICS where only some organisations report", () => {
  let site: SiteBuildResult;
  let pack: PackBuildResult;
  /** The same ICS pack built with a threshold at its coverage and a configured OH target. */
  let lowThreshold: PackBuildResult;
  let threshold: number;
  let ics: IcsCoverage;
  let martRow: Record<string, unknown>;
  let orgRow: Record<string, unknown>;

  let fixture: PartialCoverageCopy;

  beforeAll(async () => {
    fixture = await partialCoverageWarehouse();
    const dir = fixture.dir;
    site = fixture.site;
    const warehouse = await openWarehouse(fixture.warehousePath);
    try {
      const c = warehouse.connection;
      // Expected, worked from the published rows themselves: the providers last published under the ICS.
      const [first] = await rows(
        c,
        `WITH latest AS (
           SELECT org_code, arg_max(ics_code, month_end) AS ics, arg_max(ics_name, month_end) AS ics_name,
                  arg_max(cluster_group, month_end) AS cluster
           FROM stg_absence_published GROUP BY org_code
         ), reporting AS (SELECT DISTINCT org_code FROM stg_fte_monthly)
         SELECT latest.ics, any_value(latest.ics_name) AS ics_name,
                count(*) FILTER (WHERE latest.org_code IN (SELECT org_code FROM reporting)) AS reporting,
                count(*) FILTER (WHERE cluster IN ('Acute', 'Mental Health', 'Community Provider Trust', 'Ambulance')) AS expected
         FROM latest WHERE latest.ics IN (SELECT ics FROM latest WHERE org_code IN (SELECT org_code FROM reporting))
         GROUP BY latest.ics ORDER BY latest.ics LIMIT 1`,
      );
      ics = {
        ics: String(first?.ics),
        icsName: String(first?.ics_name),
        reporting: Number(first?.reporting),
        expected: Number(first?.expected),
      };
      [martRow = {}] = await rows(
        c,
        `SELECT * FROM mart_coverage WHERE level = 'ics' AND code = '${ics.ics}' AND source = 'esr' AND month_end = DATE '2023-12-31'`,
      );
      [orgRow = {}] = await rows(
        c,
        `SELECT * FROM mart_coverage WHERE level = 'organisation' AND source = 'esr' AND month_end = DATE '2023-12-31'
           AND code IN (SELECT org_code FROM stg_fte_monthly) ORDER BY code LIMIT 1`,
      );
      pack = await buildEvidencePack(c, {
        scope: parseScope(`ics:${ics.ics}`),
        quarter: parseQuarter("2023-Q4"),
        dir: join(dir, "pack"),
        warehouseLabel: "generated.duckdb",
      });
      // The ICS's coverage reaches this threshold, so its figures stand for the ICS.
      threshold = Math.floor(Number(martRow.coverage_pct));
      lowThreshold = await buildEvidencePack(c, {
        scope: parseScope(`ics:${ics.ics}`),
        quarter: parseQuarter("2023-Q4"),
        dir: join(dir, "pack-low-threshold"),
        warehouseLabel: "generated.duckdb",
        evidence: {
          coverageThresholdPct: threshold,
          targets: {
            ohFirstAppointmentPct: { value: 75, scopes: {}, source: "the ICS's OH service specification" },
            ohReportPct: { value: 60, scopes: { [`ics:${ics.ics}`]: 65 } },
          },
        },
      });
    } finally {
      warehouse.close();
    }
  }, 300_000);
  afterAll(() => fixture?.dispose());

  it("counts the ICS's reporting organisations against its providers on the reference list", () => {
    expect(ics.reporting).toBeGreaterThan(0);
    expect(ics.expected).toBeGreaterThan(ics.reporting); // only some report
    expect(Number(martRow.organisations_expected)).toBe(ics.expected);
    expect(Number(martRow.expected_reporting)).toBe(ics.reporting);
    expect(Number(martRow.organisations_reporting)).toBe(ics.reporting);
    expect(Number(martRow.coverage_pct)).toBeCloseTo((ics.reporting / ics.expected) * 100, 9);
    expect(Number(martRow.staff_covered)).toBeGreaterThan(0);
    expect(
      [orgRow.organisations_expected, orgRow.expected_reporting, orgRow.coverage_pct].map(Number),
    ).toEqual([1, 1, 100]);
  });

  it("labels the ICS page's OH charts with n of N and 'reporting organisations only'", () => {
    const html = readFileSync(join(site.dir, pageFile("ics", ics.ics)), "utf8");
    const label = `${ics.reporting} of ${ics.expected} organisations reporting, 2023-12: reporting organisations only`;
    // each chart's note, with the source line under it
    const charts = [
      ...html.matchAll(/<p class="chart-note">([^<]*)<\/p>\n<p class="chart-source">([^<]*)<\/p>/g),
    ].map((m) => ({ note: m[1] ?? "", source: m[2] ?? "" }));
    const labelled = charts.filter((c) => c.note.includes(label));
    expect(labelled.length).toBeGreaterThanOrEqual(1); // every chart from the events the page has
    expect(labelled).toEqual(charts.filter((c) => c.source.startsWith("Source: the organisations' own")));
    expect(
      charts.filter((c) => c.note.startsWith("From the warehouse's OH events")).length,
    ).toBeGreaterThanOrEqual(1);
  });

  it("labels the ICS pack's sections and does not present the reporting organisations' cost as the ICS total", () => {
    const value = pack.content.sections.find((s) => s.id === "value");
    const paragraphs = value?.paragraphs ?? [];
    expect(paragraphs[0]).toContain(`Coverage: ${ics.reporting} of ${ics.expected} organisations reporting`);
    expect(paragraphs[0]).toContain("reporting organisations only");
    const cost = paragraphs.find((p) => p.includes("cost an estimated"));
    expect(cost).toContain(
      `at the ${ics.reporting} organisation${ics.reporting === 1 ? "" : "s"} reporting ESR events (not ${ics.icsName}'s total)`,
    );
    // one number, one source: the headline's published days and the events' priced days, both named
    expect(pack.content.headline.find((h) => h.label.startsWith("FTE days lost"))?.label).toBe(
      "FTE days lost (NHS England published)",
    );
    const two = paragraphs.find((p) => p.startsWith("Two sources for FTE days lost"));
    expect(two).toMatch(
      /prices [\d,]+ FTE days from the organisations' own ESR events; NHS England's published benchmark, in the headline, has [\d,]+ \(a difference of -?[\d,]+\)\. Priced the same way, the published days would cost £[\d,]+\./,
    );
    for (const id of ["oh-timeliness", "prevention"]) {
      const section = pack.content.sections.find((s) => s.id === id);
      if (section) expect(section.paragraphs[0], id).toMatch(/^Coverage: \d+ of \d+ organisations reporting/);
    }
    expect(
      pack.content.headline.filter(
        (h) =>
          h.label.startsWith("Return on investment") && !h.label.includes("reporting organisations only"),
      ),
    ).toEqual([]);
  });

  it("takes the configured coverage threshold: at the ICS's own coverage its figures stand for the ICS", () => {
    expect(threshold).toBeGreaterThan(0);
    expect(threshold).toBeLessThan(80); // the default labels this ICS; the configured threshold does not
    const value = lowThreshold.content.sections.find((s) => s.id === "value");
    const paragraphs = value?.paragraphs ?? [];
    expect(paragraphs[0]).toContain(`Coverage: ${ics.reporting} of ${ics.expected} organisations reporting`);
    expect(paragraphs[0]).not.toContain("reporting organisations only");
    const cost = paragraphs.find((p) => p.includes("cost an estimated"));
    expect(cost).toBeDefined();
    expect(cost).not.toContain(`not ${ics.icsName}'s total`);
    expect(cost).not.toContain("organisations reporting ESR events");
    // no section labels a figure (the method page only explains the rule)
    for (const section of lowThreshold.content.sections.filter((s) => s.id !== "method"))
      expect(section.paragraphs.join(" "), section.id).not.toContain("reporting organisations only");
    expect(lowThreshold.content.headline.some((h) => h.label.includes("reporting organisations only"))).toBe(
      false,
    );
    expect(lowThreshold.manifest.assumptions.coverageThresholdPct).toBe(threshold);
    expect(pack.manifest.assumptions.coverageThresholdPct).toBe(80);
  });

  it("judges OH timeliness against the configured targets, a scope's own over the one for all", () => {
    const section = lowThreshold.content.sections.find((s) => s.id === "oh-timeliness");
    const text = section?.paragraphs.join(" ") ?? "";
    expect(text).toContain("first appointments met the 75% target");
    expect(text).toContain("reports the 65% target");
    expect(text).toContain("the ICS's OH service specification");
    const csv = readFileSync(join(lowThreshold.dir, "data", "oh-timeliness-monthly.csv"), "utf8");
    const [header = "", ...lines] = csv.trim().split("\n");
    const targetAt = header.split(",").indexOf("target_pct");
    const measureAt = header.split(",").indexOf("measure");
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      const cells = line.split(",");
      expect(cells[targetAt]).toBe(cells[measureAt]?.startsWith("First appointment") ? "75" : "65");
    }
    // the default build: 90% for both, the stated local-SLA assumption
    expect(pack.content.sections.find((s) => s.id === "oh-timeliness")?.paragraphs.join(" ")).toContain(
      "first appointments met the 90% target",
    );
  });
});
