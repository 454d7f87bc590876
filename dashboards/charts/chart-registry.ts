/**
 * The one registry of charts the site and the packs draw: each chart's id (its file stem under charts/
 * and its element id on a site page), its heading, the builder that turns rows into its Vega-Lite spec,
 * and the columns of its data table (the accessible table beside it and its CSV). A new chart is added
 * here once and both outputs find it.
 */
import { absenceFunnelChart } from "./absence-funnel-chart.js";
import { absenceSpcChart } from "./absence-spc-chart.js";
import { exposurePepChart } from "./exposure-pep-chart.js";
import { immunisationUptakeChart } from "./immunisation-uptake-chart.js";
import { ohTimelinessChart } from "./oh-timeliness-chart.js";
import { reasonShareChart } from "./reason-share-chart.js";
import { referralOutcomesChart } from "./referral-outcomes-chart.js";
import { staffGroupChart } from "./staff-group-chart.js";
import { valueRoiChart } from "./value-roi-chart.js";

export interface ChartEntry<Build> {
  heading: string;
  build: Build;
}

export const CHART_REGISTRY = {
  "absence-spc": { heading: "Sickness absence rate over time (SPC chart)", build: absenceSpcChart },
  "benchmark-funnel": { heading: "Sickness absence funnel plot", build: absenceFunnelChart },
  "staff-groups": { heading: "Sickness absence rate by staff group", build: staffGroupChart },
  "reason-share": { heading: "Reasons for absence", build: reasonShareChart },
  "oh-timeliness": { heading: "OH timeliness against targets", build: ohTimelinessChart },
  "exposure-pep": { heading: "Exposures and PEP timeliness", build: exposurePepChart },
  "immunisation-uptake": {
    heading: "Frontline flu vaccine uptake through the season",
    build: immunisationUptakeChart,
  },
  "referral-outcomes": { heading: "OH referrals by type and outcome", build: referralOutcomesChart },
  "value-roi": { heading: "Value and return on investment", build: valueRoiChart },
} as const satisfies Record<string, ChartEntry<unknown>>;

export type ChartId = keyof typeof CHART_REGISTRY;

export function chartHeading(id: ChartId): string {
  return CHART_REGISTRY[id].heading;
}
