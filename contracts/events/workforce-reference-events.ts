/**
 * Organisation-level workforce reference feeds, topic `workforce.reference`,
 * keyed by payload.reporting_org_code (the organisation a row describes; the
 * envelope's org_code is the emitter, e.g. NHS England for the published CSV).
 */
import { z } from "zod";
import { withRules } from "../cross-field-rules.js";
import { aggregateStaffGroups } from "../enumerations.js";
import { envelope } from "../envelope.js";
import { boundedNumber, calendarDate, label, odsCode, oneOf } from "../fields.js";

const reportingOrgCode = () =>
  odsCode().describe("ODS code of the organisation the row describes (CSV ORG_CODE). Partition key.");
const monthEnd = () =>
  calendarDate().describe("Last day of the month the row covers (CSV DATE, dd/mm/yyyy → ISO).");
const aggregateStaffGroup = () =>
  oneOf(aggregateStaffGroups).describe(
    "Canonical staff group label, or 'All staff groups' for the organisation total (map publication variants with canonicalStaffGroup).",
  );
/** FTE-day measures: up to ~3e8 nationally per month; a single org row is far smaller. */
const fteDays = () => boundedNumber(0, 1e9);

export const fteMonthly = envelope(
  "workforce.fte.monthly",
  1,
  z.strictObject({
    month_end: monthEnd(),
    reporting_org_code: reportingOrgCode(),
    staff_group: aggregateStaffGroup(),
    fte_days_available: fteDays().describe(
      "Calendar FTE days available in the month (ESR 'Wte Days Available').",
    ),
    average_fte: boundedNumber(0, 1e7).describe("Average contracted FTE in the month."),
    headcount: z
      .int()
      .min(0)
      .max(10_000_000)
      .nullable()
      .describe("Headcount at month end, null if not supplied."),
  }),
);

const rowIdentity = {
  month_end: monthEnd(),
  region_code: odsCode().describe("NHS England region code (Y56–Y63) or QZZ (CSV NHSE_REGION_CODE)."),
  region_name: label(200).describe("Region name as published."),
  ics_code: odsCode().describe("ICB code (Q+2) or QZZ (CSV ICS_CODE)."),
  ics_name: label(200).describe("ICS/ICB name as published."),
  reporting_org_code: reportingOrgCode(),
  org_name: label(200).describe("Organisation name as published."),
  cluster_group: label(100).describe(
    "Organisation cluster as published: Acute, Ambulance, Community Provider Trust, Mental Health, Integrated Care Board, Commissioning Support Unit, Others.",
  ),
  benchmark_group: label(100).describe("Benchmark (peer) group as published, e.g. 'Acute - Teaching'."),
  staff_group: aggregateStaffGroup(),
};

/**
 * Suppression is the discriminator, so "blank means suppressed, never zero" is
 * enforced by the schema itself (and by the exported JSON Schema's oneOf):
 * published rows carry all three measures, suppressed rows carry three nulls.
 */
const publishedRow = withRules(
  z.strictObject({
    ...rowIdentity,
    is_suppressed: z.literal(false).describe("Published row: the three measures are present."),
    fte_days_lost: fteDays().describe("FTE days lost to sickness (ESR 'Wte Days Sick This Month')."),
    fte_days_available: fteDays().describe("FTE days available (ESR 'Wte Days Available')."),
    published_rate_pct: boundedNumber(0, 100).describe(
      "Published rate % = round(lost/available×100, 2). Recompute from sums, never average.",
    ),
  }),
  [{ kind: "not-more-than", field: "fte_days_lost", reference: "fte_days_available" }],
);

const suppressedRow = z.strictObject({
  ...rowIdentity,
  is_suppressed: z
    .literal(true)
    .describe(
      "The publisher blanked the three measures (FTE days available ≤ 330). Blank means not published, never zero.",
    ),
  fte_days_lost: z.null().describe("Suppressed: always null."),
  fte_days_available: z.null().describe("Suppressed: always null."),
  published_rate_pct: z.null().describe("Suppressed: always null."),
});

export const absenceMonthly = envelope(
  "workforce.absence.monthly",
  1,
  z
    .discriminatedUnion("is_suppressed", [publishedRow, suppressedRow])
    .describe("One benchmarking CSV row; is_suppressed selects published (numbers) or suppressed (nulls)."),
);
