/**
 * Method and disclosure, last: quarters, the absence source, SPC and funnel method, disclosure control,
 * the sections left out and why, and the data's as-of date with the publications used.
 */

import { formatMonth } from "../../charts/chart-text.js";
import { packMessages } from "../../dashboard-messages.js";
import { provenanceText } from "../../provenance.js";
import { FUNNEL_Z } from "../../spc/funnel.js";
import { SPC_BASELINE_MONTHS } from "../../spc/spc-limits.js";
import { DEFAULT_RUN_LENGTH, DEFAULT_TREND_LENGTH } from "../../spc/xmr.js";
import { DRIVERS } from "../pack-drivers.js";
import type { AbsenceSource } from "../pack-types.js";
import type { PackSectionModule } from "./section-module.js";

const ABSENCE_SOURCE_TEXT: Record<AbsenceSource, string> = {
  benchmark:
    "Absence figures are NHS England's published sickness absence benchmark (mart_absence_benchmark): organisation rows as published, ICB, region and England rows summed from unsuppressed organisation rows.",
  warehouse:
    "NHS England's published benchmark has no rows for this scope and quarter, so absence figures come from this warehouse's own ESR absence episodes and FTE (mart_absence_rate); the England and peer figures are those of the organisations in the warehouse, not all of England.",
};

/** Tables the provenance sentence reads (dashboards/provenance.ts). */
const PROVENANCE_READS = ["ref_nhs_absence_reason", "stg_absence_published", "transform_runs"];

/** The method section, told which sections were left out (`omitted`: what each would have shown). */
export function methodSection(omitted: readonly string[]): PackSectionModule {
  return {
    id: "method",
    reads: () => PROVENANCE_READS,
    compose(context) {
      return {
        section: {
          id: "method",
          title: "Method and disclosure",
          driver: DRIVERS.measurement,
          reads: PROVENANCE_READS,
          paragraphs: [
            `Quarters are calendar quarters (Q1 = January to March), the quarters the warehouse marts report; ${context.label} covers ${context.months.map(formatMonth).join(", ")}.`,
            ABSENCE_SOURCE_TEXT[context.absenceSource],
            `SPC: XmR chart, limits mean ± 2.66 × mean moving range, NHS Making Data Count rules (beyond limits, shift of ${DEFAULT_RUN_LENGTH}, trend of ${DEFAULT_TREND_LENGTH}, two of three beyond 2σ); limits from the first ${context.evidence.spc.baselineMonths ?? SPC_BASELINE_MONTHS} published months, fixed after them (spc.baselineMonths), recalculated only from the months configured (spc.rebaseAt: ${(context.evidence.spc.rebaseAt ?? []).join(", ") || "none"}), as on the dashboard site. Funnel plots compare providers only within their NHS England cluster group (acute, mental health, community, ambulance), against the group's pooled rate, with 95% and 99.8% limits (z ${FUNNEL_Z.p95} and ${FUNNEL_Z.p998}) adjusted for overdispersion between trusts (Spiegelhalter: arcsine z-scores winsorised at 10%, additive τ²). The Making Data Count icons: variation from the latest month; assurance only where a target is configured (targets), against the latest limits. Coverage: an area figure from the organisations' own events counts as the area's only when at least ${context.evidence.coverageThresholdPct}% of its expected organisations report (coverageThresholdPct).`,
            "Disclosure control: rates with 330 FTE days available or fewer are withheld; a lone withheld staff group forces the next-smallest to be withheld too; counts at every level (England too) are rounded to 5 with 1–7 shown as *, and percentages come from the rounded counts. Every file of the pack passed the disclosure output check before it was published.",
            ...(omitted.length > 0 ? [packMessages.packOhSectionsOmitted(omitted, context.label)] : []),
            provenanceText(context.provenance),
          ],
          charts: [],
          tables: [],
        },
      };
    },
  };
}
