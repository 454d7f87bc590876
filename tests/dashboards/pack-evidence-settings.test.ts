/**
 * The pack's configured evidence settings, on hand-made monthly series (no warehouse, no browser: the
 * content is composed from a context, as buildPack composes it): SPC limits from the configured baseline
 * and rebasing, the same limits the site computes for the same settings, and a configured target that
 * gives each of the three Making Data Count assurance icons, drawn as a line on the SPC chart; without a
 * target there is no assurance icon and the pack says so.
 *
 * The series: 24 months alternating 5.00% and 4.00% (mean 4.5; every moving range 1, so the process
 * limits are 4.5 ± 2.66 = 1.84 to 7.16 by hand; 2σ lines 2.73 and 6.27; no rule fires), then 6 months
 * at 5.80% (above the mean after a month below it: a run of 6, one short of a shift).
 */
import { describe, expect, it } from "vitest";
import { configSchema, evidenceSettings } from "../../core/config.js";
import type { AbsenceMartRow } from "../../dashboards/mart-rows.js";
import { absenceXmr } from "../../dashboards/pack/absence-xmr.js";
import { packEvidence } from "../../dashboards/pack/build-pack.js";
import { composePack } from "../../dashboards/pack/pack-content.js";
import { packContext } from "../../dashboards/pack/pack-context.js";
import { packIndexHtml } from "../../dashboards/pack/pack-html.js";
import { parseQuarter } from "../../dashboards/pack/pack-quarter.js";
import { parseScope } from "../../dashboards/pack/pack-scope.js";
import type { BenchmarkSource, ScopeMarts } from "../../dashboards/pack/pack-source.js";
import type { PackContent, PackEvidenceSettings } from "../../dashboards/pack/pack-types.js";
import { spcSection } from "../../dashboards/pack/sections/spc-section.js";
import { targetFor } from "../../dashboards/spc/measure-targets.js";

const scope = parseScope("org:RXX");
const quarter = parseQuarter("2024-Q2"); // the 30th month (Jan 2022 … Jun 2024)

function monthEnd(index: number): string {
  const year = 2022 + Math.floor(index / 12);
  const month = (index % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, "0")}-${String(last).padStart(2, "0")}`;
}

const RATES = [...Array.from({ length: 24 }, (_, i) => (i % 2 === 0 ? 5 : 4)), ...Array(6).fill(5.8)];

function row(level: AbsenceMartRow["level"], code: string, name: string, i: number): AbsenceMartRow {
  const available = 10_000;
  const rate = RATES[i] as number;
  return {
    month_end: monthEnd(i),
    level,
    code,
    name,
    staff_group: "All staff groups",
    fte_days_lost: (rate / 100) * available,
    fte_days_available: available,
    rate_pct: rate,
    suppressed: false,
  };
}

const source: BenchmarkSource = {
  rows: RATES.flatMap((_, i) => [
    row("organisation", "RXX", "Example NHS Trust", i),
    row("england", "ENG", "England", i),
  ]),
  parents: [{ code: "RXX", icsCode: null, regionCode: null, cluster: "Acute" }],
};

const marts: ScopeMarts = {
  reasonShare: new Map(),
  sicknessCost: new Map(),
  valueRoi: new Map(),
  referralWaits: new Map(),
  appointmentDna: new Map(),
  exposurePep: new Map(),
  provenance: {
    asOf: "2024-06-30",
    transformedOn: "2024-07-01",
    benchmarkFrom: monthEnd(0),
    benchmarkTo: monthEnd(29),
    reasonFiles: [],
  },
};

function context(evidence: Partial<PackEvidenceSettings>) {
  return packContext(source, marts, scope, quarter, "benchmark", packEvidence(evidence));
}

function pack(evidence: Partial<PackEvidenceSettings>): PackContent {
  return composePack(context(evidence), { publisher: "Test publisher", protectiveMarking: "OFFICIAL" });
}

const withTarget = (value: number) =>
  ({ sicknessAbsenceRatePct: { value, scopes: {}, source: "the trust board" } }) as const;

function spcParagraphs(content: PackContent): string {
  return (content.sections.find((s) => s.id === "spc")?.paragraphs ?? []).join(" ");
}

describe("SPC limits from the configured baseline and rebasing", () => {
  it("takes mean and limits from the first 24 months by default and keeps them fixed after", () => {
    const spc = absenceXmr(context({}));
    expect(spc?.limits.baselinePoints).toBe(24);
    expect(spc?.xmr.mean).toBeCloseTo(4.5, 12);
    expect(spc?.xmr.upl).toBeCloseTo(7.16, 12);
    expect(spc?.xmr.lpl).toBeCloseTo(1.84, 12);
    // the last six months are a run of 6 above the mean: one fewer than a shift, so common cause
    expect(spc?.xmr.points.slice(24).every((p) => p.signals.length === 0)).toBe(true);
    const text = spcParagraphs(pack({}));
    expect(text).toContain("The limits come from the first 24 months");
    expect(text).toContain("recalculated only on request (spc.rebaseAt)");
  });

  it("moves the limits when the configured baseline takes every month", () => {
    const spc = absenceXmr(context({ spc: { baselineMonths: 30, rebaseAt: [] } }));
    // by hand: mean (12 × 5 + 12 × 4 + 6 × 5.8) / 30; moving ranges 23 × 1, then 1.8, then 5 × 0
    expect(spc?.xmr.mean).toBeCloseTo((60 + 48 + 34.8) / 30, 12);
    expect(spc?.xmr.meanMovingRange).toBeCloseTo((23 + 1.8) / 29, 12);
  });

  it("recalculates only from a configured rebase month, and says so", () => {
    const rebased = pack({ spc: { baselineMonths: 24, rebaseAt: ["2024-01"] } });
    const spc = absenceXmr(context({ spc: { baselineMonths: 24, rebaseAt: ["2024-01"] } }));
    expect(spc?.limits.rebaseAt).toEqual([24]);
    expect(spc?.xmr.mean).toBeCloseTo(5.8, 12); // the last segment: six months at 5.8
    expect(spc?.xmr.points[0]?.mean).toBeCloseTo(4.5, 12);
    expect(spcParagraphs(rebased)).toContain("Recalculated, as configured (spc.rebaseAt), from 2024-01");
    const icons = rebased.tables.find((t) => t.file === "mdc-icons.csv");
    const header = icons?.header ?? [];
    expect(icons?.rows[0]?.[header.indexOf("rebased_at")]).toBe("2024-01");
    expect(rebased.assumptions.spc).toMatchObject({ baselineMonths: 24, rebaseAt: ["2024-01"] });
  });
});

describe("targets and the assurance icon", () => {
  // lower is better: a target above the upper limit (7.16) is always met, below the lower (1.84)
  // always missed, between them hit and miss
  for (const [target, icon] of [
    [8, "pass"],
    [1.5, "fail"],
    [4.5, "hit_and_miss"],
  ] as const) {
    it(`gives the ${icon} icon for a target of ${target}%, on the tile, in the text, the table and the chart`, () => {
      const content = pack({ targets: withTarget(target) });
      const tile = content.tiles.find((t) => t.label.startsWith("Sickness absence rate"));
      expect(tile?.icons).toEqual({ variation: "common_cause", assurance: icon });
      const text = spcParagraphs(content);
      expect(text).toContain(`Target: ${target.toFixed(2)}% (for every scope, set by the trust board)`);
      const table = content.tables.find((t) => t.file === "mdc-icons.csv");
      const header = table?.header ?? [];
      expect(table?.rows[0]?.[header.indexOf("assurance_icon")]).toBe(icon);
      expect(table?.rows[0]?.[header.indexOf("target_pct")]).toBe(target);
      const spec = content.charts.find((c) => c.id === "absence-spc")?.spec as unknown as {
        layer: { encoding?: { y?: { field?: string } } }[];
        data: { values: { target_pct?: number }[] };
        description: string;
      };
      expect(spec.layer.filter((l) => l.encoding?.y?.field === "target_pct")).toHaveLength(1);
      expect(spec.data.values.every((v) => v.target_pct === target)).toBe(true);
      expect(spec.description).toContain(`(${target}%)`);
    });
  }

  it("has no target line and no assurance icon without a target, and says so", () => {
    const content = pack({});
    const tile = content.tiles.find((t) => t.label.startsWith("Sickness absence rate"));
    expect(tile?.icons?.assurance).toBeNull();
    expect(spcParagraphs(content)).toContain(
      "No target is configured for the sickness absence rate (targets.sicknessAbsenceRatePct)",
    );
    const spec = content.charts.find((c) => c.id === "absence-spc")?.spec as unknown as {
      layer: { encoding?: { y?: { field?: string } } }[];
    };
    expect(spec.layer.some((l) => l.encoding?.y?.field === "target_pct")).toBe(false);
    const table = content.tables.find((t) => t.file === "mdc-icons.csv");
    expect(table?.rows[0]?.[table.header.indexOf("assurance_icon")]).toBe("none (no target)");
  });

  it("takes a scope's own target over the one for every scope", () => {
    const targets = { sicknessAbsenceRatePct: { value: 8, scopes: { "org:RXX": 1.5 } } };
    expect(targetFor(targets, "sicknessAbsenceRatePct", "org:RXX")).toEqual({
      value: 1.5,
      appliesTo: "scope",
      source: null,
    });
    expect(targetFor(targets, "sicknessAbsenceRatePct", "org:RYY")?.value).toBe(8);
    expect(targetFor({}, "sicknessAbsenceRatePct", "org:RXX")).toBeNull();
    const tile = pack({ targets }).tiles.find((t) => t.label.startsWith("Sickness absence rate"));
    expect(tile?.icons?.assurance).toBe("fail");
  });

  it("reads targets, limits and the threshold from the configuration, with no absence target by default", () => {
    const defaults = evidenceSettings(configSchema.parse({}));
    expect(defaults.targets.sicknessAbsenceRatePct).toBeUndefined();
    expect(defaults.targets.ohFirstAppointmentPct.value).toBe(90);
    expect(defaults.spc).toEqual({ baselineMonths: 24, rebaseAt: [] });
    expect(defaults.coverageThresholdPct).toBe(80);
    const configured = evidenceSettings(
      configSchema.parse({
        coverageThresholdPct: 50,
        spc: { baselineMonths: 12, rebaseAt: ["2024-01"] },
        targets: { sicknessAbsenceRatePct: { value: 4.5, scopes: { "ics:QHL": 4.2 } } },
      }),
    );
    expect(configured.targets.sicknessAbsenceRatePct?.scopes).toEqual({ "ics:QHL": 4.2 });
    expect(packEvidence(configured).spc.baselineMonths).toBe(12);
    expect(() => configSchema.parse({ spc: { rebaseAt: ["2024-13"] } })).toThrow();
    expect(() =>
      configSchema.parse({ targets: { sicknessAbsenceRatePct: { scopes: { "trust:X": 4 } } } }),
    ).toThrow();
  });
});

describe("source publication dates", () => {
  it("says the release dates are not recorded rather than saying nothing", () => {
    const content = pack({});
    expect(content.dates.sourcePublished).toBeNull();
    expect(content.dates.sourcePublishedNote).toBe("publication date not recorded in the shipped data");
    const method = content.sections.find((s) => s.id === "method")?.paragraphs.join(" ") ?? "";
    expect(method).toContain("publication date not recorded in the shipped data");
  });

  it("states the source's publication date on the cover: the recorded date, else that it is not recorded", () => {
    const content = pack({});
    const loaded = { ...content.dates, sourceFrom: "2023-01-31", sourceTo: "2023-12-31" };
    const cover = (dates: PackContent["dates"]) =>
      /<dt>Source publication date<\/dt><dd>([^<]*)<\/dd>/.exec(
        packIndexHtml({ ...content, dates }, new Map()),
      )?.[1];
    expect(cover(loaded)).toBe("publication date not recorded in the shipped data");
    expect(cover({ ...loaded, sourcePublished: "2024-02-29" })).toBe("29 February 2024");
    expect(cover({ ...loaded, sourceFrom: null, sourceTo: null })).toBe("no NHS England publication loaded");
  });
});

describe("the SPC section's own reads", () => {
  it("declares the absence mart it draws", () => {
    expect(spcSection.reads(context({}))).toEqual(["mart_absence_benchmark"]);
  });
});
