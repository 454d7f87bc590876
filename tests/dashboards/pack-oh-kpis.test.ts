/**
 * A pack from OH events: a year of synthetic events (generator) loaded through ingest's file path and
 * transformed, with no NHS England benchmark rows, so the absence sections fall back to the warehouse's
 * own ESR absence (mart_absence_rate) and the OH access and value sections carry figures. The narrative's
 * numbers are checked against the marts, and the outputs (OH counts included) pass the disclosure checker.
 * The OH charts (timeliness against targets, referrals, flu uptake, value) are in their driver sections,
 * rendered with marks, with CSVs and manifest entries, and the PDF names OH headline figures.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { packMessages } from "../../dashboards/dashboard-messages.js";
import { discloseCount, disclosePercentage } from "../../dashboards/disclosure/disclosure-control.js";
import { checkOutputs } from "../../dashboards/disclosure/output-checker.js";
import { buildEvidencePack, type PackBuildResult } from "../../dashboards/pack/build-pack.js";
import { parseQuarter } from "../../dashboards/pack/pack-quarter.js";
import { parseScope } from "../../dashboards/pack/pack-scope.js";
import { dataTestOutcome } from "../../dashboards/publish-gate.js";
import { runTransforms } from "../../transforms/run-transforms.js";
import { openWarehouse } from "../../warehouse/open-warehouse.js";
import { runAxe, seriousOrCritical } from "../support/axe.js";
import { launchChromium, offlinePage } from "../support/chromium.js";
import { ingestGeneratedEvents } from "../support/generated-warehouse.js";
import { pdfWords } from "../support/pdf-words.js";
import { rows } from "../transforms/warehouse-fixture.js";

const dir = mkdtempSync(join(tmpdir(), "ohwb-pack-oh-"));
const warehousePath = join(dir, "warehouse.duckdb");

describe("ohwb pack from a year of generated OH events", () => {
  let org: string;
  let built: PackBuildResult;
  let text: string;

  beforeAll(async () => {
    await ingestGeneratedEvents(dir, warehousePath, {
      orgs: 2,
      months: 12,
      seed: 11,
      scale: 0.3,
      start: "2024-01",
    });
    const warehouse = await openWarehouse(warehousePath);
    try {
      await runTransforms(warehouse.connection, { asOf: "2024-12-31" });
      const [first] = await rows(
        warehouse.connection,
        "SELECT min(code) AS code FROM mart_absence_rate WHERE level = 'organisation'",
      );
      org = String(first?.code);
      // Generated data must pass every data test, so the pack publishes through the gate
      // (the refusal path is covered in pack-build.test.ts).
      const outcome = await dataTestOutcome(warehouse.connection, "2024-12-31");
      expect(outcome.failing).toEqual([]);
      built = await buildEvidencePack(warehouse.connection, {
        scope: parseScope(`org:${org}`),
        quarter: parseQuarter("2024-Q4"),
        dir: join(dir, "pack"),
        warehouseLabel: "generated.duckdb",
      });
    } finally {
      warehouse.close();
    }
    text = execFileSync("pdftotext", [join(built.dir, "pack.pdf"), "-"], { encoding: "utf8" }).replace(
      /\s+/g,
      " ",
    );
  }, 300_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("falls back to the warehouse's own absence and names the quarter rate from its sums", async () => {
    const warehouse = await openWarehouse(warehousePath);
    try {
      const [expected] = await rows(
        warehouse.connection,
        `SELECT sum(fte_days_lost) / sum(fte_days_available) * 100 AS rate FROM mart_absence_rate
         WHERE level = 'organisation' AND code = '${org}' AND staff_group = 'All staff groups'
           AND NOT suppressed AND month_end BETWEEN '2024-10-01' AND '2024-12-31'`,
      );
      const rate = `${Number(expected?.rate).toFixed(2)}%`;
      expect(built.content.headline[0]?.value).toBe(rate);
      expect(text).toContain(`in Q4 2024 (Oct–Dec) was ${rate}`);
      expect(text).toContain("come from this warehouse's own ESR absence episodes");
      expect(built.manifest.assumptions.absenceSource).toBe("mart_absence_rate");
    } finally {
      warehouse.close();
    }
  });

  it("reports OH access and value from the marts, with counts under disclosure control", async () => {
    const warehouse = await openWarehouse(warehousePath);
    try {
      const [dna] = await rows(
        warehouse.connection,
        `SELECT appointments_dna::BIGINT AS dna, appointments_booked::BIGINT AS booked FROM mart_appointment_dna
         WHERE period_kind = 'quarter' AND period_end = '2024-12-31' AND level = 'organisation' AND code = '${org}'`,
      );
      expect(Number(dna?.booked)).toBeGreaterThan(7);
      const n = Number(dna?.dna);
      // A withheld numerator (1–7) withholds the percentage too; otherwise rule 3 from unrounded counts.
      const share = n >= 1 && n <= 7 ? "*" : `${disclosePercentage(n, Number(dna?.booked))}%`;
      expect(text).toContain(`Did-not-attend rate: ${share} of booked appointments`);
      const csv = readFileSync(join(built.dir, "data", "oh-activity.csv"), "utf8");
      expect(csv.split("\n")[0]).toBe("quarter,level,code,measure,numerator_count,denominator_count,percent");
      const dnaRow = csv.split("\n").find((line) => line.includes(",did not attend,"));
      expect(dnaRow?.endsWith(`,${share.replace("%", "")}`)).toBe(true);
      const [cost] = await rows(
        warehouse.connection,
        `SELECT cost_of_absence_gbp::DOUBLE AS gbp FROM mart_sickness_cost WHERE period_kind = 'quarter'
         AND period_end = '2024-12-31' AND level = 'organisation' AND code = '${org}' AND staff_group = 'All staff groups'`,
      );
      expect(text).toContain(`cost an estimated £${Math.round(Number(cost?.gbp)).toLocaleString("en-GB")}`);
      expect(built.manifest.assumptions.sicknessCost).toBeDefined();
      expect(checkOutputs(built.dir)).toEqual([]);
      expect(built.manifest.inputs.dataTests.failed).toBe(0);
    } finally {
      warehouse.close();
    }
  });

  it("says ROI is missing for want of baseline months (2024 data, 2023 pre-period), the mart's own reason", async () => {
    const warehouse = await openWarehouse(warehousePath);
    try {
      const [row] = await rows(
        warehouse.connection,
        `SELECT roi_status, service_cost_gbp FROM mart_value_roi
         WHERE period_kind = 'quarter' AND period_end = DATE '2024-12-31' AND level = 'organisation' AND code = '${org}'`,
      );
      expect(row?.roi_status).toBe("no_baseline");
      expect(Number(row?.service_cost_gbp)).toBeGreaterThan(0); // so "no service cost" would be wrong
    } finally {
      warehouse.close();
    }
    const value = built.content.sections.find((s) => s.id === "value")?.paragraphs.join(" ") ?? "";
    const baseline = "the pre-period 2023-01-01 to 2023-12-31";
    expect(value).toContain(packMessages.packRoiMissing("no_baseline", baseline));
    expect(value).not.toContain(packMessages.packRoiMissing("no_service_cost", baseline));
  });

  it("organises the OH sections by strategy driver, with their charts, CSVs and manifest entries", () => {
    const sections = built.manifest.sections.map((s) => s.id);
    expect(sections).toEqual([
      "headline",
      "spc",
      "benchmark",
      "staff-groups",
      "reasons",
      "oh-timeliness",
      "oh-referrals",
      "prevention",
      "value",
      "method",
    ]);
    const section = (id: string) => built.manifest.sections.find((s) => s.id === id);
    expect(section("oh-timeliness")).toMatchObject({
      title: "Timely, high-quality OH services",
      charts: ["oh-timeliness"],
      tables: ["oh-activity.csv", "oh-timeliness-monthly.csv"],
    });
    expect(section("oh-referrals")?.charts).toEqual(["referral-outcomes"]);
    expect(section("prevention")?.title).toBe("Prevention: immunisation and exposures");
    expect(section("prevention")?.charts).toContain("immunisation-uptake");
    expect(section("value")?.charts).toEqual(["value-roi"]);
    const files = built.manifest.files.map((f) => f.path);
    for (const id of ["oh-timeliness", "referral-outcomes", "immunisation-uptake", "value-roi"]) {
      expect(files).toContain(`charts/${id}.svg`);
      expect(files).toContain(`charts/${id}.png`);
      // Vega drew marks (lines, points or bars), not just axes.
      expect(readFileSync(join(built.dir, "charts", `${id}.svg`), "utf8")).toMatch(
        /class="mark-(line|symbol|rect)/,
      );
    }
    for (const csv of [
      "oh-timeliness-monthly.csv",
      "referrals-by-quarter.csv",
      "flu-uptake-monthly.csv",
      "value-roi-quarterly.csv",
    ]) {
      expect(built.manifest.files.find((f) => f.path === `data/${csv}`)?.rows ?? 0, csv).toBeGreaterThan(0);
    }
    expect(readFileSync(join(built.dir, "index.html"), "utf8")).toContain(
      '<figure id="chart-oh-timeliness">',
    );
    expect(built.manifest.inputs.tablesRead.mart_referral_mix).toBeGreaterThan(0);
    expect(built.manifest.assumptions.ohTimelinessTargets).toMatchObject({
      firstAppointmentWithin10WorkingDaysPct: 90,
    });
    // Cover, contents, then the sections (tests/dashboards/pack-pdf.test.ts checks the layout).
    const pages = Number(
      /Pages:\s+(\d+)/.exec(
        execFileSync("pdfinfo", [join(built.dir, "pack.pdf")], { encoding: "utf8" }),
      )?.[1],
    );
    expect(pages).toBeGreaterThanOrEqual(sections.length);
    for (const s of built.content.sections) expect(text).toContain(s.title);
    // Every OH chart's text prints at 8 pt or more too (pdftotext -bbox word heights).
    const smallest = pdfWords(join(built.dir, "pack.pdf")).reduce((a, w) => (w.size < a.size ? w : a));
    expect(smallest.size, `"${smallest.text}" on page ${smallest.page}`).toBeGreaterThanOrEqual(7.95);
  });

  it("its index.html works offline in Chromium: no errors, nothing fetched beyond the pack, every chart loaded, headline shown", async () => {
    const browser = await launchChromium();
    try {
      const { page, errors: problems } = await offlinePage(browser);
      page.on("requestfailed", (r) => problems.push(`failed: ${r.url()}`));
      page.on("request", (r) => {
        if (!r.url().startsWith(pathToFileURL(built.dir).href)) problems.push(`outside the pack: ${r.url()}`);
      });
      await page.goto(pathToFileURL(join(built.dir, "index.html")).href, { waitUntil: "load" });
      // every chart inline, drawn (marks), with a size
      expect(await page.locator("figure > svg.marks").count()).toBe(built.content.charts.length);
      for (const chart of built.content.charts) {
        const svg = page.locator(`#chart-${chart.id} > svg`);
        expect((await svg.boundingBox())?.width ?? 0, chart.id).toBeGreaterThan(300);
        expect(await svg.locator("path, line, rect").count(), chart.id).toBeGreaterThan(0);
      }
      // WCAG 2.2 AA basics (axe-core): no serious or critical violation, OH charts and tiles included
      const axe = await runAxe(page);
      expect(axe.passes).toBeGreaterThan(10);
      expect(seriousOrCritical(axe)).toEqual([]);
      const body = ((await page.locator("body").textContent()) ?? "").replace(/\s+/g, " ");
      for (const figure of built.content.headline) expect(body).toContain(figure.value);
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 120_000);

  it("names OH headline figures in the PDF, computed from the marts under disclosure control", async () => {
    const warehouse = await openWarehouse(warehousePath);
    try {
      const [waits] = await rows(
        warehouse.connection,
        `SELECT first_appointment_within_10_wd::BIGINT AS n, first_appointment_referrals::BIGINT AS d FROM mart_referral_waits
         WHERE period_kind = 'quarter' AND period_end = '2024-12-31' AND level = 'organisation' AND code = '${org}'`,
      );
      const first = disclosePercentage(Number(waits?.n), Number(waits?.d));
      expect(typeof first).toBe("number");
      // page one's tile, and the PDF shows its value
      const tile = built.content.tiles.find((t) =>
        t.label.startsWith("First OH appointment within 10 working days"),
      );
      expect(tile?.value).toBe(`${first}%`);
      expect(tile?.source).toContain("Own OH case-management events");
      expect(text).toContain(`${first}%`);
      expect(text).toContain(`First appointment within 10 working days of referral: ${first}% of referrals`);
      // The flu series (aggregated from fct_immunisation by month) ends on the mart's season numerator.
      const [flu] = await rows(
        warehouse.connection,
        `SELECT frontline_vaccinated::BIGINT AS n, frontline_headcount::BIGINT AS d FROM mart_flu_uptake
         WHERE season = '2024/25' AND level = 'organisation' AND code = '${org}'`,
      );
      const uptake = disclosePercentage(Number(flu?.n), Number(flu?.d));
      const csv = readFileSync(join(built.dir, "data", "flu-uptake-monthly.csv"), "utf8")
        .trim()
        .split("\n");
      expect(csv[0]).toBe("level,code,season,month_end,vaccinated_count,headcount_count,uptake_pct");
      expect(csv.at(-1)).toBe(
        `organisation,${org},2024/25,2024-12-31,${discloseCount(Number(flu?.n))},${discloseCount(Number(flu?.d))},${uptake}`,
      );
      expect(built.content.headline).toContainEqual({
        label: "Frontline flu uptake, 2024/25 to Dec 2024",
        value: `${uptake}%`,
      });
      expect(built.content.tiles.find((t) => t.label.startsWith("Frontline flu vaccine uptake"))?.value).toBe(
        `${uptake}%`,
      );
      expect(text).toContain(`${uptake}%`);
    } finally {
      warehouse.close();
    }
  });
});
