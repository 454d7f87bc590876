/**
 * OH service costs, topic `ohwb.finance`, keyed by service_ods. Feed the ROI
 * and cost-per-case marts.
 */
import { z } from "zod";
import { withRules } from "../cross-field-rules.js";
import { interventionServices, serviceCostTypes } from "../enumerations.js";
import { envelope } from "../envelope.js";
import { boundedNumber, calendarDate, label, odsCode, oneOf, sourceId } from "../fields.js";

export const serviceCost = envelope(
  "ohwb.service.cost",
  1,
  withRules(
    z.strictObject({
      cost_id: sourceId().describe(
        "Id of this cost line in the finance extract (re-sent lines replace earlier ones).",
      ),
      service_ods: odsCode().describe("ODS code of the OH service incurring the cost. Partition key."),
      period_start: calendarDate().describe("First day of the costed period."),
      period_end: calendarDate().describe("Last day of the costed period (inclusive)."),
      cost_gbp: boundedNumber(0, 1e9).describe("Cost in pounds sterling (GBP), ≥ 0, VAT-inclusive as paid."),
      cost_type: oneOf(serviceCostTypes).describe("Kind of cost."),
      intervention_service: oneOf(interventionServices)
        .nullable()
        .describe("Intervention the cost belongs to (for intervention ROI); null for core OH costs."),
      description: label(200).nullable().describe("Short non-identifying description, null if none."),
    }),
    [{ kind: "not-before", field: "period_end", reference: "period_start" }],
  ),
);
