/** A chart, or undefined when its builder finds nothing publishable (e.g. every month withheld). */
import type { TopLevelSpec } from "vega-lite";
import { OhwbError } from "../../core/errors.js";

export function optionalChart(build: () => TopLevelSpec): TopLevelSpec | undefined {
  try {
    return build();
  } catch (error) {
    if (error instanceof OhwbError && error.code === "CHART_INPUT") return undefined;
    throw error;
  }
}
