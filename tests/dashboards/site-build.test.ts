/**
 * The dashboard site built from the 2023 NHS England benchmarking data: a page for England, every
 * region, ICS and organisation in the mart, an index linking them all, offline assets, embedded
 * disclosure-controlled data, and a directory that passes the disclosure output check.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toCsv } from "../../core/csv-writer.js";
import { DisclosureViolationError } from "../../dashboards/dashboard-errors.js";
import { parseCsv } from "../../dashboards/disclosure/csv-rows.js";
import { discloseAbsenceRates } from "../../dashboards/disclosure/disclosure-control.js";
import { assertPublishable } from "../../dashboards/disclosure/output-checker.js";
import { readProvenance } from "../../dashboards/provenance.js";
import { readBenchmarkSource } from "../../dashboards/site/benchmark-source.js";
import { buildDashboardSite, siteCsvFiles } from "../../dashboards/site/build-site.js";
import { expandPageScript } from "../../dashboards/site/chart-templates.js";
import { readSiteReasons } from "../../dashboards/site/reason-source.js";
import {
  CHART_TEMPLATES_FILE,
  INDEX_DIRECTORY_CSV,
  PAGE_DATA_GLOBAL,
  pageScriptFile,
  tableCsvFile,
} from "../../dashboards/site/site-html.js";
import { buildSitePages, pageFile, pageTableRows } from "../../dashboards/site/site-pages.js";
import { computeXmr, variationIcon, variationLabel } from "../../dashboards/spc/xmr.js";
import { runCli } from "../config/cli-run.js";
import { rows } from "../transforms/warehouse-fixture.js";
import { ABSENCE_CHARTS_ALL_GROUPS, type BuiltSite, buildReferenceSite } from "./site-fixture.js";

interface EmbeddedPage {
  staffGroups: string[];
  months: string[];
  charts: {
    id: string;
    tableLayer: number | null;
    variants: Record<
      string,
      {
        spec?: {
          title?: { text?: string };
          description?: string;
          data?: { values: Record<string, unknown>[] };
        };
        unavailable?: string;
      }
    >;
  }[];
}

/** A page's charts and filters, from the data script it loads (data/<page>.page.js). */
function embedded(dir: string, pageFileName: string): EmbeddedPage {
  const html = readFileSync(join(dir, pageFileName), "utf8");
  const script = pageScriptFile(pageFileName);
  expect(html).toContain(`<script src="${script}"></script>`);
  const text = readFileSync(join(dir, script), "utf8");
  const prefix = `window.${PAGE_DATA_GLOBAL} = `;
  if (!text.startsWith(prefix)) throw new Error(`${script} does not set window.${PAGE_DATA_GLOBAL}`);
  return expandPageScript(text, readFileSync(join(dir, CHART_TEMPLATES_FILE), "utf8")) as EmbeddedPage;
}

describe("ohwb dashboards build on the 2023 NHS benchmark data", () => {
  let built: BuiltSite;
  beforeAll(async () => {
    built = await buildReferenceSite();
  }, 180_000);
  afterAll(() => built?.dispose());

  it("writes a page for England and every region, ICS and organisation in the mart, all linked from index.html", async () => {
    const geographies = await rows(
      built.warehouse.connection,
      "SELECT DISTINCT level, code FROM mart_absence_benchmark ORDER BY level, code",
    );
    const counts = { england: 0, region: 0, ics: 0, organisation: 0 } as Record<string, number>;
    for (const g of geographies) counts[String(g.level)] = (counts[String(g.level)] ?? 0) + 1;
    expect(counts.england).toBe(1);
    expect(counts.region).toBeGreaterThanOrEqual(7);
    expect(counts.ics).toBeGreaterThanOrEqual(42);
    expect(counts.organisation).toBeGreaterThan(200);
    const index = readFileSync(join(built.site.dir, "index.html"), "utf8");
    for (const g of geographies) {
      const file = pageFile(g.level as never, String(g.code));
      expect(existsSync(join(built.site.dir, file)), file).toBe(true);
      expect(index).toContain(`href="${file}"`);
    }
    expect(built.site.pages).toHaveLength(geographies.length);
  });

  it("names the data's as-of date and the publications it comes from on every page", () => {
    for (const page of built.site.pages.slice(0, 20)) {
      const html = readFileSync(join(built.site.dir, page.file), "utf8");
      expect(html, page.file).toContain('<p class="provenance">Data as of 2023-12-31.');
      expect(html, page.file).toContain(
        "NHS England, NHS Sickness Absence benchmarking tool, monthly publications Jan 2023 to Dec 2023.",
      );
    }
  });

  it("does not count QZZ (special health authorities and other statutory bodies) as a region or an ICS", () => {
    const areas = built.site.pages.filter((p) => p.level === "region" || p.level === "ics");
    expect(areas.map((p) => p.code)).not.toContain("QZZ");
    expect(built.site.pages.filter((p) => p.level === "region")).toHaveLength(7);
    expect(built.site.pages.filter((p) => p.level === "ics")).toHaveLength(42);
    const index = readFileSync(join(built.site.dir, "index.html"), "utf8");
    expect(index).toContain("England, 7 regions, 42 integrated care systems");
  });

  it("keeps pages small: charts load from the page's data script, no page embeds its data", () => {
    for (const page of built.site.pages) {
      const html = readFileSync(join(built.site.dir, page.file), "utf8");
      expect(html, page.file).not.toContain('type="application/json"');
      expect(html, page.file).toContain(`<script src="${pageScriptFile(page.file)}"></script>`);
    }
    // england.html was 812 KB with its charts embedded
    expect(readFileSync(join(built.site.dir, "england.html")).length).toBeLessThan(40_000);
  });

  it("names each chart's source and the build date (from the warehouse) on every page", async () => {
    const provenance = await readProvenance(built.warehouse.connection);
    expect(provenance.transformedOn).toMatch(/^\d{4}-\d\d-\d\d$/);
    for (const page of built.site.pages.slice(0, 30)) {
      const html = readFileSync(join(built.site.dir, page.file), "utf8");
      const sections = html.match(/<section class="chart"/g)?.length ?? 0;
      const sources = [...html.matchAll(/<p class="chart-source">([^<]*)<\/p>/g)].map((m) => m[1] ?? "");
      expect(sources.length, page.file).toBe(sections);
      for (const source of sources)
        expect(source, page.file).toMatch(/^Source: NHS England, NHS Sickness Absence/);
      expect(html, page.file).toContain(
        `<p class="page-dates">Built ${provenance.transformedOn}: the date of the warehouse's last transform run`,
      );
    }
    const index = readFileSync(join(built.site.dir, "index.html"), "utf8");
    expect(index).toContain('<p class="provenance">Data as of 2023-12-31.');
    expect(index).toContain(`Built ${provenance.transformedOn}`);
  });

  it("tabulates each page's Making Data Count icons as computeXmr gives them from the baseline", async () => {
    const source = await readBenchmarkSource(built.warehouse.connection);
    const disclosed = discloseAbsenceRates(source.rows, source.parents);
    for (const page of built.site.pages.filter((p) => p.level !== "organisation").slice(0, 12)) {
      const html = readFileSync(join(built.site.dir, page.file), "utf8");
      for (const row of page.mdc) {
        const series = disclosed
          .filter(
            (r) =>
              r.level === page.level &&
              r.code === page.code &&
              r.staff_group === row.staff_group &&
              !r.suppressed &&
              r.rate_pct !== null,
          )
          .sort((a, b) => a.month_end.localeCompare(b.month_end));
        const xmr = computeXmr(
          series.map((r) => r.rate_pct as number),
          { direction: "lower_is_better", baselinePoints: 24 },
        );
        expect(row.variation, `${page.file} ${row.staff_group}`).toBe(variationLabel(variationIcon(xmr)));
        expect(row.latest_rate_pct).toBe(series[series.length - 1]?.rate_pct);
        expect(html).toContain(`<td>${variationLabel(variationIcon(xmr))}</td>`);
      }
      expect(html).toContain("Only 12 months: Making Data Count advises at least 15");
    }
    const england = built.site.pages.find((p) => p.level === "england");
    expect(england?.mdc.length).toBe(england?.staffGroups.length);
  });

  it("recalculates SPC limits only where a rebase is asked for", async () => {
    const source = await readBenchmarkSource(built.warehouse.connection);
    type SpcRow = { month_end: string; rate_pct: number; mean: number };
    const spcRows = (pages: ReturnType<typeof buildSitePages>): SpcRow[] => {
      const england = pages.find((p) => p.level === "england");
      const spec = england?.charts.find((c) => c.id === "spc")?.variants["All staff groups"]?.spec as
        | { data?: { values?: SpcRow[] } }
        | undefined;
      return spec?.data?.values ?? [];
    };
    const fixed = spcRows(buildSitePages(source));
    expect(fixed).toHaveLength(12);
    expect(new Set(fixed.map((r) => r.mean)).size).toBe(1);
    const rebased = spcRows(buildSitePages(source, undefined, undefined, { spc: { rebaseAt: ["2023-07"] } }));
    const rates = rebased.map((r) => r.rate_pct);
    const expected = computeXmr(rates, { direction: "lower_is_better", rebaseAt: [6] });
    expect(rebased.map((r) => r.mean)).toEqual(expected.points.map((p) => Math.round(p.mean * 1000) / 1000));
    expect(rebased[0]?.mean).not.toBe(rebased[11]?.mean);
    expect(rebased[0]?.mean).toBe(rebased[5]?.mean);
    expect(rebased[6]?.mean).toBe(rebased[11]?.mean);
  });

  it("ohwb dashboards build --spc-rebase refuses a month that is not YYYY-MM, before touching anything", () => {
    const out = join(tmpdir(), "ohwb-rebase-refused-never-written");
    const result = runCli([
      "dashboards",
      "build",
      "--warehouse",
      "missing.duckdb",
      "--out",
      out,
      "--spc-rebase",
      "2023-07,2023-13",
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      '--spc-rebase takes comma-separated months as YYYY-MM (e.g. 2024-04), got "2023-13".',
    );
    expect(existsSync(out)).toBe(false);
  });

  it("shows NHS England's published reasons on England's page, with the files they come from", async () => {
    // the fixture is as of 2023-12-31 and the publication runs Mar 2024 to Feb 2025: as of a date
    // after it, the site's pages show its latest 12 months
    const reasons = await readSiteReasons(built.warehouse.connection, "2025-02-28");
    const pages = buildSitePages(
      await readBenchmarkSource(built.warehouse.connection),
      undefined,
      undefined,
      {
        reasons,
      },
    );
    const england = pages.find((p) => p.level === "england");
    const chart = england?.charts.find((c) => c.id === "reasons-published");
    expect(chart?.source).toMatch(
      /^Source: NHS England, NHS Sickness Absence Rates, national absence by reason \(published statistics\), Mar 2024 to Feb 2025; files national-by-reason/,
    );
    const spec = chart?.variants.all?.spec as
      | { data?: { values?: { reason_code: string; share_pct: number }[] } }
      | undefined;
    const values = spec?.data?.values ?? [];
    const [top] = await rows(
      built.warehouse.connection,
      `SELECT reason_code, sum(fte_days_lost) / sum(sum(fte_days_lost)) OVER () * 100 AS share
       FROM mart_published_absence_reason
       WHERE staff_group = 'All staff groups' AND month_end BETWEEN DATE '2024-03-31' AND DATE '2025-02-28'
       GROUP BY reason_code ORDER BY share DESC LIMIT 1`,
    );
    expect(values[0]?.reason_code).toBe(top?.reason_code);
    expect(values[0]?.share_pct).toBeCloseTo(Number(top?.share), 1);
    // not on other pages: the publication is national
    const region = pages.find((p) => p.level === "region");
    expect(region?.charts.map((c) => c.id)).not.toContain("reasons-published");
  });

  it("never shows published reasons from months after the data's as-of date", async () => {
    const partYear = (await readSiteReasons(built.warehouse.connection, "2024-08-31")).published;
    expect([partYear?.from, partYear?.to]).toEqual(["2024-02-29", "2024-08-31"]);
    expect((await readSiteReasons(built.warehouse.connection, "2023-12-31")).published).toBeNull();
    // the built site is as of 2023-12-31, before the publication's first month: no published reasons
    const england = built.site.pages.find((p) => p.level === "england");
    expect(england?.charts.map((c) => c.id)).not.toContain("reasons-published");
  });

  it("writes every table's CSV through the one CSV writer: each chart's rows, as-of date and source, formulas neutralised", async () => {
    const england = built.site.pages.find((p) => p.level === "england");
    if (!england) throw new Error("no England page");
    const spc = england.charts.find((c) => c.id === "spc");
    const fields = spc?.tableColumns.map((c) => c.field) ?? [];
    const { transformedOn } = await readProvenance(built.warehouse.connection);
    const expected = toCsv(
      ["staff_group_filter", ...fields, "data_as_of", "built", "source"],
      pageTableRows({ ...england, charts: spc ? [spc] : [] }).map((r) => [
        r.staff_group_filter,
        ...fields.map((f) => r[f]),
        "2023-12-31",
        transformedOn,
        spc?.source,
      ]),
    );
    expect(readFileSync(join(built.site.dir, tableCsvFile("england.html", "spc")), "utf8")).toBe(expected);
    // a hostile organisation name reaches a spreadsheet as text, never as a formula
    const provenance = await readProvenance(built.warehouse.connection);
    const hostile = built.site.pages.map((p) =>
      p.level === "organisation" && p.code === built.site.pages.find((q) => q.level === "organisation")?.code
        ? { ...p, name: '=HYPERLINK("http://evil.example","x")' }
        : p,
    );
    const directory = siteCsvFiles(hostile, provenance).find((f) => f.file === INDEX_DIRECTORY_CSV);
    const parsed = parseCsv(directory?.text ?? "");
    const names = parsed.rows.map((r) => r.values[2] ?? "");
    expect(names).toContain('\'=HYPERLINK("http://evil.example","x")');
    expect(names.filter((n) => /^[=+\-@]/.test(n))).toEqual([]);
  });

  it("works offline: vega, vega-lite and vega-embed are local assets, nothing is loaded from the network", () => {
    for (const asset of ["vega.min.js", "vega-lite.min.js", "vega-embed.min.js", "site.js", "site.css"]) {
      expect(existsSync(join(built.site.dir, "assets", asset)), asset).toBe(true);
    }
    const html = readFileSync(join(built.site.dir, "england.html"), "utf8");
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(html).toContain('<script src="assets/vega-embed.min.js">');
  });

  it("gives England, region and ICS pages SPC, staff-group and funnel charts with titles and descriptions; organisation pages no funnel", () => {
    const ics = built.site.pages.find((p) => p.level === "ics");
    const org = built.site.pages.find((p) => p.level === "organisation");
    for (const file of ["england.html", ics?.file ?? "", org?.file ?? ""]) {
      const page = embedded(built.site.dir, file);
      const ids = page.charts.map((c) => c.id);
      if (file === org?.file) expect(ids, file).toEqual(["spc", "staff-group"]);
      else expect(ids.slice(0, 3), file).toEqual(["spc", "staff-group", "funnel"]);
      if (file === "england.html") expect(ids).toEqual(ABSENCE_CHARTS_ALL_GROUPS);
      for (const chart of page.charts) {
        const drawn = Object.values(chart.variants).filter((v) => v.spec);
        expect(drawn.length, `${file} ${chart.id}`).toBeGreaterThan(0);
        for (const v of drawn) {
          expect(v.spec?.title?.text).toBeTruthy();
          expect(v.spec?.description?.length).toBeGreaterThan(40);
        }
      }
      expect(page.staffGroups[0]).toBe("All staff groups");
      expect(page.months).toHaveLength(12);
    }
  });

  it("compares like with like on England's funnels: one provider group each, no ICBs, CSUs or national bodies, a summarised text alternative", async () => {
    const page = embedded(built.site.dir, "england.html");
    const clusters = new Map(
      (
        await rows(
          built.warehouse.connection,
          "SELECT org_code, arg_max(cluster_group, month_end) AS c FROM stg_absence_published GROUP BY org_code",
        )
      ).map((r) => [String(r.org_code), String(r.c)]),
    );
    const expected: Record<string, string> = {
      funnel: "Acute",
      "funnel-mental-health": "Mental Health",
      "funnel-community": "Community Provider Trust",
      "funnel-ambulance": "Ambulance",
    };
    let plotted = 0;
    for (const [id, cluster] of Object.entries(expected)) {
      const spec = page.charts.find((c) => c.id === id)?.variants["All staff groups"]?.spec as
        | { description?: string; layer?: { data?: { values?: Record<string, unknown>[] } }[] }
        | undefined;
      const points = spec?.layer?.[2]?.data?.values ?? [];
      expect(points.length, id).toBeGreaterThan(5);
      for (const p of points) expect(clusters.get(String(p.code)), `${id} ${String(p.code)}`).toBe(cluster);
      plotted += points.length;
      // counts and at most five names, never one name per organisation
      expect(spec?.description).toMatch(/\d+ organisations? lies? above and \d+ below the 99\.8% limits/);
      expect(spec?.description).toMatch(/adjusted for overdispersion/);
      const named = points.filter((p) => spec?.description?.includes(String(p.name))).length;
      expect(named, id).toBeLessThanOrEqual(5);
    }
    // 229 providers of the 285 published organisations (December 2023): the rest are not compared
    expect(plotted).toBe(229);
  });

  it("embeds England's published national rates (SPC of all staff groups = the mart, CY 2023 months)", async () => {
    const page = embedded(built.site.dir, "england.html");
    const spc = page.charts.find((c) => c.id === "spc")?.variants["All staff groups"]?.spec;
    const mart = await rows(
      built.warehouse.connection,
      "SELECT strftime(month_end, '%Y-%m-%d') AS m, rate_pct::DOUBLE AS r FROM mart_absence_benchmark WHERE level = 'england' AND staff_group = 'All staff groups' ORDER BY m",
    );
    expect(spc?.data?.values.map((v) => [v.month_end, v.rate_pct])).toEqual(mart.map((r) => [r.m, r.r]));
    expect(mart.find((r) => r.m === "2023-12-31")?.r).toBe(5.52);
  });

  it("keeps suppressed organisation rates null: a withheld month is neither plotted nor tabulated", async () => {
    const suppressed = await rows(
      built.warehouse.connection,
      `SELECT code, staff_group, strftime(month_end, '%Y-%m-%d') AS m FROM mart_absence_benchmark
       WHERE level = 'organisation' AND suppressed ORDER BY code, staff_group, month_end LIMIT 1`,
    );
    const row = suppressed[0];
    expect(row).toBeDefined();
    const org = built.site.pages.find((p) => p.level === "organisation" && p.code === row?.code);
    const page = embedded(built.site.dir, org?.file ?? "missing");
    const group = String(row?.staff_group);
    const spc = page.charts.find((c) => c.id === "spc")?.variants[group];
    for (const v of spc?.spec?.data?.values ?? []) expect(v.month_end).not.toBe(row?.m);
    const bars = page.charts.find((c) => c.id === "staff-group")?.variants[String(row?.m)]?.spec?.data
      ?.values;
    const bar = bars?.find((v) => v.staff_group === group);
    expect(bar).toMatchObject({ rate_pct: null, note: "withheld (small numbers)" });
    // Whatever the data, no page may carry a staff pseudonym or an FTE-day denominator ≤ 330.
    expect(() => assertPublishable(built.site.dir)).not.toThrow();
  });

  it("says when an ICB's staff-group rate sums fewer organisations than were published, in its table and text", async () => {
    const [cell] = await rows(
      built.warehouse.connection,
      `SELECT code, staff_group, strftime(month_end, '%Y-%m-%d') AS m, organisations_summed AS n,
              organisations_published AS of
       FROM mart_absence_benchmark JOIN mart_published_absence_organisations USING (month_end, level, code, staff_group)
       WHERE level = 'ics' AND NOT suppressed AND organisations_summed < organisations_published
         AND month_end = DATE '2023-12-31'
       ORDER BY code, staff_group LIMIT 1`,
    );
    expect(cell).toBeDefined();
    const ics = built.site.pages.find((p) => p.level === "ics" && p.code === cell?.code);
    const chart = embedded(built.site.dir, ics?.file ?? "missing").charts.find((c) => c.id === "staff-group");
    const variant = chart?.variants[String(cell?.m)]?.spec;
    const bar = variant?.data?.values.find((v) => v.staff_group === cell?.staff_group);
    const part = `from ${Number(cell?.n)} of ${Number(cell?.of)} organisations`;
    expect(String(bar?.note)).toMatch(new RegExp(`^\\d+\\.\\d{2}% \\(${part}\\)$`));
    expect(variant?.description).toContain(`${String(cell?.staff_group)} ${part}`);
    // and the staff group's SPC chart, over its months
    const spc = embedded(built.site.dir, ics?.file ?? "missing").charts.find((c) => c.id === "spc")?.variants[
      String(cell?.staff_group)
    ]?.spec;
    expect(spc?.description).toMatch(
      /In \d+ months? the rate sums fewer organisations than NHS England published \(the others blank\), as few as \d+ of \d+ organisations\./,
    );
    // an organisation's own published rate is never "of" anything
    const org = built.site.pages.find((p) => p.level === "organisation");
    const orgChart = embedded(built.site.dir, org?.file ?? "missing").charts.find(
      (c) => c.id === "staff-group",
    );
    for (const v of Object.values(orgChart?.variants ?? {}))
      for (const value of v.spec?.data?.values ?? [])
        expect(String(value.note)).not.toContain("organisations");
  });

  it("writes each page's table rows as data JSON the output check parses; a denominator ≤ 330 there fails it", () => {
    const download = JSON.parse(readFileSync(join(built.site.dir, "data", "england.json"), "utf8")) as {
      data_as_of: string;
      built: string;
      chart_sources: Record<string, string>;
      rows: Record<string, unknown>[];
    };
    expect(download.data_as_of).toBe("2023-12-31");
    expect(download.built).toMatch(/^\d{4}-\d\d-\d\d$/);
    expect(download.chart_sources.spc).toMatch(/^Source: NHS England/);
    const tables = download.rows;
    const funnelRows = tables.filter((r) => r.chart === "funnel");
    expect(funnelRows.length).toBeGreaterThan(200);
    for (const r of funnelRows) expect(Number(r.fte_days_available)).toBeGreaterThan(330);
    const leak = join(built.site.dir, "data", "tampered.json");
    writeFileSync(leak, JSON.stringify([{ level: "organisation", fte_days_available: 200, rate_pct: 4.5 }]));
    expect(() => assertPublishable(built.site.dir)).toThrow(/330/);
    writeFileSync(leak, "[]");
  });

  it("never publishes a leaked pseudonym left in the output directory: refused when foreign, removed when ours", async () => {
    // Builds replace their directory (dashboards/output-directory.ts), so a planted file cannot reach
    // the output check: a directory that is not an earlier build's is refused as it is.
    const out = mkdtempSync(join(tmpdir(), "ohwb-site-leak-"));
    const leak = JSON.stringify([{ level: "organisation", staff_pseudo_id: "ps_0123456789abcdef01" }]);
    try {
      writeFileSync(join(out, "leak.json"), leak);
      await expect(buildDashboardSite(built.warehouse.connection, out)).rejects.toMatchObject({
        code: "OUTPUT_DIR_NOT_OURS",
      });
      expect(readFileSync(join(out, "leak.json"), "utf8")).toBe(leak);
      rmSync(join(out, "leak.json"));
      // an earlier build in the directory (a copy of the one built for this file, marker included)
      rmSync(out, { recursive: true });
      cpSync(built.site.dir, out, { recursive: true });
      writeFileSync(join(out, "data", "leak.json"), leak);
      expect(() => assertPublishable(out)).toThrow(DisclosureViolationError);
      await buildDashboardSite(built.warehouse.connection, out);
      expect(existsSync(join(out, "data", "leak.json"))).toBe(false);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 240_000); // a full site build: minutes on a loaded machine
  it("publishes nothing from a build that fails the disclosure gate, and keeps the last good site", async () => {
    const parent = mkdtempSync(join(tmpdir(), "ohwb-site-gate-"));
    const out = join(parent, "site");
    const connection = built.warehouse.connection;
    try {
      // the last good site: a copy of the one built for this file
      cpSync(built.site.dir, out, { recursive: true });
      const before = readFileSync(join(out, "index.html"), "utf8");
      // An organisation whose published name looks like a staff pseudonym: every page naming it fails the check.
      await connection.run(`CREATE TEMP TABLE saved_benchmark AS SELECT * FROM mart_absence_benchmark`);
      await connection.run(
        `UPDATE mart_absence_benchmark SET name = 'ps_0123456789abcdef0123' WHERE level = 'organisation'`,
      );
      try {
        await expect(buildDashboardSite(connection, out)).rejects.toBeInstanceOf(DisclosureViolationError);
      } finally {
        await connection.run(`DELETE FROM mart_absence_benchmark`);
        await connection.run(`INSERT INTO mart_absence_benchmark SELECT * FROM saved_benchmark`);
        await connection.run(`DROP TABLE saved_benchmark`);
      }
      expect(readFileSync(join(out, "index.html"), "utf8")).toBe(before);
      expect(() => assertPublishable(out)).not.toThrow();
      expect(readdirSync(parent)).toEqual(["site"]); // no staging directory left behind
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  }, 300_000); // a full site build that fails: minutes on a loaded machine
});
