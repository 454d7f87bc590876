/** The chart specs built from the fixed fixture, shared by the schema, golden and render tests. */
import type { TopLevelSpec } from "vega-lite";
import { absenceFunnelChart } from "../../dashboards/charts/absence-funnel-chart.js";
import { absenceSpcChart } from "../../dashboards/charts/absence-spc-chart.js";
import { reasonShareChart } from "../../dashboards/charts/reason-share-chart.js";
import { staffGroupChart } from "../../dashboards/charts/staff-group-chart.js";
import { absenceMartFixture, reasonDaysFixture } from "./fixtures/absence-mart-fixture.js";

export function fixtureChartSpecs(): Record<string, TopLevelSpec> {
  const rows = absenceMartFixture();
  return {
    "absence-spc-zza": absenceSpcChart(rows, { code: "ZZA" }),
    "absence-spc-zzc-nurses": absenceSpcChart(rows, { code: "ZZC", staffGroup: "Nurses & health visitors" }),
    "absence-funnel-2024-12": absenceFunnelChart(rows, { monthEnd: "2024-12-31" }),
    "reason-share": reasonShareChart(reasonDaysFixture(), { periodLabel: "fixture, 12 months", maxBars: 10 }),
    "staff-group-zzd": staffGroupChart(rows, { code: "ZZD", monthEnd: "2024-12-31", comparatorCode: "ENG" }),
  };
}
