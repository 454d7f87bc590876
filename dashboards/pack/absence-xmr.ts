/**
 * The scope's monthly absence rate as an XmR series (sickness absence: lower is better), shared by the
 * SPC section and the page-one tile's Making Data Count icons so both state the same icons.
 */
import type { AbsenceMartRow } from "../mart-rows.js";
import { assuranceIcon, computeXmr, variationIcon, type XmrResult } from "../spc/xmr.js";
import type { PackContext } from "./pack-context.js";
import type { HeadlineTile } from "./pack-types.js";

export interface AbsenceXmr {
  plotted: AbsenceMartRow[];
  xmr: XmrResult;
}

export function absenceXmr(context: PackContext): AbsenceXmr | null {
  const plotted = context.series.filter((r) => !r.suppressed && r.rate_pct !== null);
  if (plotted.length < 2) return null;
  return {
    plotted,
    xmr: computeXmr(
      plotted.map((r) => r.rate_pct as number),
      { direction: "lower_is_better" },
    ),
  };
}

export function absenceIcons(spc: AbsenceXmr | null): HeadlineTile["icons"] {
  return spc
    ? { variation: variationIcon(spc.xmr), assurance: assuranceIcon(spc.xmr, null, "lower_is_better") }
    : null;
}
