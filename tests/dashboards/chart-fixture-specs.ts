/** The chart specs built from the fixed fixture, shared by the schema, golden and render tests. */
import type { TopLevelSpec } from "vega-lite";
import { absenceFunnelChart } from "../../dashboards/charts/absence-funnel-chart.js";
import { absenceSpcChart } from "../../dashboards/charts/absence-spc-chart.js";
import { exposurePepChart } from "../../dashboards/charts/exposure-pep-chart.js";
import { immunisationUptakeChart } from "../../dashboards/charts/immunisation-uptake-chart.js";
import { ohTimelinessChart } from "../../dashboards/charts/oh-timeliness-chart.js";
import { reasonShareChart } from "../../dashboards/charts/reason-share-chart.js";
import { referralOutcomesChart } from "../../dashboards/charts/referral-outcomes-chart.js";
import { staffGroupChart } from "../../dashboards/charts/staff-group-chart.js";
import { valueRoiChart } from "../../dashboards/charts/value-roi-chart.js";
import { absenceMartFixture, reasonDaysFixture } from "./fixtures/absence-mart-fixture.js";
import {
  exposureFixture,
  fluFixture,
  referralCategoryFixture,
  referralWaitsFixture,
  valueFixture,
  valueFixtureWithoutBaseline,
} from "./fixtures/oh-mart-fixture.js";

/** The invented organisation the OH fixture belongs to (below England, so counts are disclosed). */
export const OH_FIXTURE_ORG = { level: "organisation", name: "Fixture Acute NHS Trust" } as const;

export function fixtureChartSpecs(): Record<string, TopLevelSpec> {
  const rows = absenceMartFixture();
  return {
    "absence-spc-zza": absenceSpcChart(rows, { code: "ZZA" }),
    "absence-spc-zza-target": absenceSpcChart(rows, { code: "ZZA", target: 4 }),
    "absence-spc-zzc-nurses": absenceSpcChart(rows, { code: "ZZC", staffGroup: "Nurses & health visitors" }),
    "absence-funnel-2024-12": absenceFunnelChart(rows, { monthEnd: "2024-12-31" }),
    "reason-share": reasonShareChart(reasonDaysFixture(), { periodLabel: "fixture, 12 months", maxBars: 10 }),
    "staff-group-zzd": staffGroupChart(rows, { code: "ZZD", monthEnd: "2024-12-31", comparatorCode: "ENG" }),
    "oh-timeliness": ohTimelinessChart(referralWaitsFixture(), OH_FIXTURE_ORG),
    "immunisation-uptake": immunisationUptakeChart(fluFixture(), OH_FIXTURE_ORG),
    "exposure-pep": exposurePepChart(exposureFixture(), OH_FIXTURE_ORG),
    "referral-outcomes": referralOutcomesChart(referralCategoryFixture(), OH_FIXTURE_ORG),
    "value-roi": valueRoiChart(valueFixture(), {
      ...OH_FIXTURE_ORG,
      costSource: "fixture cost per FTE",
      baselineSource: "fixture benchmark group",
    }),
    "value-roi-no-baseline": valueRoiChart(valueFixtureWithoutBaseline(), OH_FIXTURE_ORG),
  };
}
