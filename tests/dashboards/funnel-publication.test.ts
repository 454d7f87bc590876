/**
 * The funnel method on NHS England's December 2023 publication (the shipped reference CSV): how many
 * organisations lie outside the 99.8% limits when everyone is compared with England on binomial limits
 * (the old method), and when providers are compared within their cluster group with the overdispersion
 * adjustment (the default now). The numbers are quoted in dashboards/README.md.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { benchmarkingFiles } from "../../core/reference-data.js";
import { ALL_STAFF_GROUPS } from "../../dashboards/mart-rows.js";
import { type FunnelInput, funnelPoints, isFunnelOutlier } from "../../dashboards/spc/funnel.js";
import { FUNNEL_GROUPS } from "../../dashboards/spc/funnel-groups.js";
import { mapNhsBenchmarkCsv } from "../../warehouse/nhs-absence-import.js";

function december2023(): (FunnelInput & { cluster: string })[] {
  const file = benchmarkingFiles().find((f) => f.endsWith("2023-12.csv")) as string;
  return mapNhsBenchmarkCsv(file, readFileSync(file, "utf8"))
    .map((r) => r.event.payload)
    .filter((p) => p.staff_group === ALL_STAFF_GROUPS && p.fte_days_lost !== null && p.fte_days_available)
    .map((p) => ({
      code: p.reporting_org_code,
      name: p.org_name,
      cluster: p.cluster_group,
      fte_days_lost: p.fte_days_lost as number,
      fte_days_available: p.fte_days_available as number,
    }));
}

const outside = (p0: number, rows: readonly FunnelInput[], overdispersion: boolean) =>
  funnelPoints(p0, rows, { overdispersion }).points.filter((p) => isFunnelOutlier(p.classification)).length;
const pooled = (rows: readonly FunnelInput[]) =>
  rows.reduce((s, r) => s + r.fte_days_lost, 0) / rows.reduce((s, r) => s + r.fte_days_available, 0);

describe("funnel plot on the December 2023 publication", () => {
  it("flags most organisations on binomial limits, few after grouping and the overdispersion adjustment", () => {
    const all = december2023();
    expect(all).toHaveLength(285);
    const before = outside(pooled(all), all, false);
    const groups = FUNNEL_GROUPS.map((g) => all.filter((r) => r.cluster === g.cluster));
    const compared = groups.reduce((s, g) => s + g.length, 0);
    const afterUnadjusted = groups.reduce((s, g) => s + outside(pooled(g), g, false), 0);
    const after = groups.reduce((s, g) => s + outside(pooled(g), g, true), 0);
    const share = (n: number, of: number) => `${n} of ${of} (${((n / of) * 100).toFixed(1)}%)`;
    console.log(
      `outside 99.8%: all vs England, binomial ${share(before, all.length)}; providers by group, binomial ${share(afterUnadjusted, compared)}; by group, overdispersion-adjusted ${share(after, compared)}`,
    );
    expect(before / all.length).toBeGreaterThan(0.75);
    expect(compared).toBeLessThan(all.length); // ICBs, CSUs and national bodies are left out
    expect(after / compared).toBeLessThan(0.1);
    expect(after).toBeGreaterThan(0); // the adjustment widens the limits, it does not hide every outlier
  });

  it("reports each benchmark group before and after the adjustment, and the adjustment never adds outliers", () => {
    const all = december2023();
    const rows = FUNNEL_GROUPS.map((g) => {
      const members = all.filter((r) => r.cluster === g.cluster);
      const p0 = pooled(members);
      return {
        group: g.label,
        n: members.length,
        binomial: outside(p0, members, false),
        adjusted: outside(p0, members, true),
      };
    });
    console.table(rows);
    // the groups partition the providers: every provider is on exactly one funnel
    expect(rows.reduce((s, r) => s + r.n, 0)).toBe(
      all.filter((r) => FUNNEL_GROUPS.some((g) => g.cluster === r.cluster)).length,
    );
    for (const r of rows) {
      expect(r.n, r.group).toBeGreaterThan(0);
      // overdispersion only widens the limits
      expect(r.adjusted, r.group).toBeLessThanOrEqual(r.binomial);
      // a large group's binomial limits flag many trusts; the adjusted ones a small share
      if (r.n >= 40) expect(r.binomial / r.n, r.group).toBeGreaterThan(0.5);
      expect(r.adjusted / r.n, r.group).toBeLessThan(0.15);
    }
  });
});
