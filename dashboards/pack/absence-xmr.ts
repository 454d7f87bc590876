/**
 * The scope's monthly absence rate as an XmR series (sickness absence: lower is better), shared by the
 * SPC section and the page-one tile's Making Data Count icons so both state the same icons. Its limits
 * follow the configured baseline and rebasing (`spc`, as the site's), and its assurance icon the
 * configured target (`targets.sicknessAbsenceRatePct`); with no target there is no assurance icon.
 */
import type { AbsenceMartRow } from "../mart-rows.js";
import { type ResolvedTarget, targetFor } from "../spc/measure-targets.js";
import { spcLimitOptions } from "../spc/spc-limits.js";
import { type AssuranceClass, assuranceIcon, computeXmr, variationIcon, type XmrResult } from "../spc/xmr.js";
import type { PackContext } from "./pack-context.js";
import type { HeadlineTile } from "./pack-types.js";

export interface AbsenceXmr {
  plotted: AbsenceMartRow[];
  xmr: XmrResult;
  /** computeXmr's options for the series: the baseline points and any rebase indexes. */
  limits: { baselinePoints: number; rebaseAt?: number[] };
  target: ResolvedTarget | null;
  assurance: AssuranceClass | null;
}

export function absenceXmr(context: PackContext): AbsenceXmr | null {
  const plotted = context.series.filter((r) => !r.suppressed && r.rate_pct !== null);
  if (plotted.length < 2) return null;
  const limits = spcLimitOptions(
    plotted.map((r) => r.month_end),
    context.evidence.spc,
  );
  const xmr = computeXmr(
    plotted.map((r) => r.rate_pct as number),
    { direction: "lower_is_better", ...limits },
  );
  const target = targetFor(context.evidence.targets, "sicknessAbsenceRatePct", context.scope.key);
  return {
    plotted,
    xmr,
    limits,
    target,
    assurance: assuranceIcon(xmr, target?.value, "lower_is_better"),
  };
}

export function absenceIcons(spc: AbsenceXmr | null): HeadlineTile["icons"] {
  return spc ? { variation: variationIcon(spc.xmr), assurance: spc.assurance } : null;
}
