/**
 * XmR (individuals) statistics and the NHS "Making Data Count" (MDC) special-cause rules, as the
 * NHS-R community's reference implementation NHSRplotthedots (`ptd_spc_standard`,
 * `ptd_calculate_point_type`) computes them:
 * - mean of the values; moving ranges |xᵢ − xᵢ₋₁|; process limits mean ± 2.66 × mean moving range
 *   (2.66 = 3 / d₂, d₂ = 1.128 for n = 2).
 * - Rule "beyond_limits": a point above the upper or below the lower process limit.
 * - Rule "shift": a run of `runLength` (default 7, as MDC and NHSRplotthedots use; some guidance uses 6,
 *   Western Electric 8) or more consecutive points on the same side of the mean. A point exactly on the
 *   mean breaks the run (NHSRplotthedots: sign 0 never matches).
 * - Rule "trend": `trendLength` (default 7) or more consecutive points each strictly higher (or lower)
 *   than the one before; a repeated value breaks the trend.
 * - Rule "two_of_three": two of three consecutive points beyond 2σ (two thirds of the way from the mean
 *   to a process limit) on the same side of the mean; the points beyond 2σ are flagged. Unlike
 *   NHSRplotthedots (which requires all three points on one side and counts only points inside the
 *   limits), a point beyond the limit also counts as beyond 2σ and the third point may lie anywhere, as
 *   in the Western Electric zone rule — both flag the same "close to the limit" clusters in practice.
 * Every flagged point of a run or trend is flagged (the whole run is coloured, as MDC charts do).
 *
 * The summary icons of a measure (MDC "variation" and "assurance" icons, NHSRplotthedots
 * `ptd_calculate_assurance_type`): the variation icon is the latest point's class; the assurance icon
 * compares a target with the latest limits — a target beyond the upper limit is always missed when
 * higher is better (always met when lower is better), beyond the lower limit the reverse, and a target
 * between the limits is "hit and miss". No target or no improvement direction: no assurance icon.
 * Limits are fixed: they are recalculated only where asked (`rebaseAt`, MDC "rebasing" after a
 * sustained, explained change), each segment with its own mean, limits and rules. A segment of fewer
 * than XMR_MIN_POINTS points is flagged `shortSeries` (MDC advises 15–20 points before trusting limits;
 * NHSRplotthedots warns below 12).
 */
import { DashboardInputError } from "../dashboard-errors.js";
import { dashboardMessages } from "../dashboard-messages.js";

export type ImprovementDirection = "higher_is_better" | "lower_is_better" | "neither";
export type SpecialCauseRule = "beyond_limits" | "shift" | "trend" | "two_of_three";
export type Side = "high" | "low";

export interface SpecialCauseSignal {
  rule: SpecialCauseRule;
  side: Side;
}

/** MDC variation icon classes (the icon shown for a point, and for the latest point of a chart). */
export type VariationClass =
  | "common_cause"
  | "improvement_high"
  | "improvement_low"
  | "concern_high"
  | "concern_low"
  | "neither_high"
  | "neither_low";

export interface XmrOptions {
  /** Consecutive points on one side of the mean that make a shift (default 7). */
  runLength?: number;
  /** Consecutive strictly rising or falling points that make a trend (default 7). */
  trendLength?: number;
  direction?: ImprovementDirection;
  /** Compute mean and limits from the first n points only (a baseline), then apply them to all. */
  baselinePoints?: number;
  /** Indexes where limits are recalculated (rebasing, only on request): each starts a new segment. */
  rebaseAt?: readonly number[];
}

/** MDC assurance icons: target always met, always missed, or hit and miss. */
export type AssuranceClass = "pass" | "fail" | "hit_and_miss";

export interface XmrPoint {
  index: number;
  value: number;
  /** |value − previous value|; null for the first point. */
  movingRange: number | null;
  mean: number;
  upl: number;
  lpl: number;
  signals: SpecialCauseSignal[];
  variation: VariationClass;
}

export interface XmrResult {
  mean: number;
  meanMovingRange: number;
  upl: number;
  lpl: number;
  /** 2σ lines (two thirds of the way to each limit) used by the two-of-three rule. */
  upperTwoSigma: number;
  lowerTwoSigma: number;
  points: XmrPoint[];
  /** A segment has fewer than XMR_MIN_POINTS points: limits are provisional. */
  shortSeries: boolean;
}

/** Points MDC asks for before limits are trusted; fewer gets a warning. */
export const XMR_MIN_POINTS = 15;

/** 3 / d₂ for subgroups of two consecutive values. */
export const XMR_LIMIT_FACTOR = 2.66;
export const DEFAULT_RUN_LENGTH = 7;
export const DEFAULT_TREND_LENGTH = 7;

function average(values: readonly number[]): number {
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

export function computeXmr(values: readonly number[], options: XmrOptions = {}): XmrResult {
  const cuts = [...new Set(options.rebaseAt ?? [])]
    .filter((i) => i > 0 && i < values.length)
    .sort((a, b) => a - b);
  if (cuts.length === 0) return computeSegment(values, options);
  const { rebaseAt: _, ...rest } = options;
  const segments = [0, ...cuts].map((from, i) =>
    computeSegment(values.slice(from, cuts[i] ?? values.length), { ...rest, baselinePoints: undefined }),
  );
  const last = segments[segments.length - 1] as XmrResult;
  let offset = 0;
  const points = segments.flatMap((segment) => {
    const shifted = segment.points.map((p) => ({ ...p, index: p.index + offset }));
    offset += segment.points.length;
    return shifted;
  });
  // A segment's first moving range spans the rebase; it is still shown, as NHSRplotthedots does not.
  for (const from of cuts) {
    const p = points[from] as XmrPoint;
    p.movingRange = Math.abs(p.value - (values[from - 1] as number));
  }
  return { ...last, points, shortSeries: segments.some((s) => s.shortSeries) };
}

function computeSegment(values: readonly number[], options: XmrOptions): XmrResult {
  const runLength = options.runLength ?? DEFAULT_RUN_LENGTH;
  const trendLength = options.trendLength ?? DEFAULT_TREND_LENGTH;
  const direction = options.direction ?? "neither";
  if (values.length < 2)
    throw new DashboardInputError("SPC_INPUT", dashboardMessages.spcTooFewPoints(values.length));
  if (values.some((v) => !Number.isFinite(v)))
    throw new DashboardInputError("SPC_INPUT", dashboardMessages.spcNonFinite());
  for (const [name, n] of [
    ["runLength", runLength],
    ["trendLength", trendLength],
  ] as const) {
    if (!Number.isInteger(n) || n < 2)
      throw new DashboardInputError("SPC_INPUT", dashboardMessages.spcBadRuleLength(name, n));
  }
  const baseline = values.slice(0, Math.max(2, options.baselinePoints ?? values.length));

  const movingRanges = values.map((v, i) => (i === 0 ? null : Math.abs(v - (values[i - 1] as number))));
  const baselineRanges = baseline.slice(1).map((v, i) => Math.abs(v - (baseline[i] as number)));
  const mean = average(baseline);
  const meanMovingRange = average(baselineRanges);
  const upl = mean + XMR_LIMIT_FACTOR * meanMovingRange;
  const lpl = mean - XMR_LIMIT_FACTOR * meanMovingRange;
  const upperTwoSigma = mean + (2 / 3) * XMR_LIMIT_FACTOR * meanMovingRange;
  const lowerTwoSigma = mean - (2 / 3) * XMR_LIMIT_FACTOR * meanMovingRange;

  const signals: SpecialCauseSignal[][] = values.map(() => []);
  const flag = (i: number, rule: SpecialCauseRule, side: Side) => {
    const list = signals[i] as SpecialCauseSignal[];
    if (!list.some((s) => s.rule === rule && s.side === side)) list.push({ rule, side });
  };

  values.forEach((v, i) => {
    if (v > upl) flag(i, "beyond_limits", "high");
    else if (v < lpl) flag(i, "beyond_limits", "low");
  });

  // Shift: maximal runs of equal, non-zero sign relative to the mean.
  const sideOf = values.map((v) => Math.sign(v - mean));
  flagRuns(sideOf, runLength, (from, to, sign) => {
    for (let i = from; i <= to; i++) flag(i, "shift", sign > 0 ? "high" : "low");
  });

  // Trend: maximal runs of equal, non-zero step direction; a run of k steps spans k + 1 points.
  const steps = values.slice(1).map((v, i) => Math.sign(v - (values[i] as number)));
  flagRuns(steps, trendLength - 1, (from, to, sign) => {
    for (let i = from; i <= to + 1; i++) flag(i, "trend", sign > 0 ? "high" : "low");
  });

  // Two of three beyond 2σ on the same side.
  const beyondTwoSigma = values.map((v) => (v > upperTwoSigma ? 1 : v < lowerTwoSigma ? -1 : 0));
  for (let start = 0; start + 3 <= values.length; start++) {
    for (const sign of [1, -1] as const) {
      const hits = [start, start + 1, start + 2].filter((i) => beyondTwoSigma[i] === sign);
      if (hits.length >= 2) for (const i of hits) flag(i, "two_of_three", sign > 0 ? "high" : "low");
    }
  }

  const points = values.map((value, index): XmrPoint => {
    const pointSignals = signals[index] as SpecialCauseSignal[];
    return {
      index,
      value,
      movingRange: movingRanges[index] ?? null,
      mean,
      upl,
      lpl,
      signals: pointSignals,
      variation: classifyVariation(value, mean, pointSignals, direction),
    };
  });
  return {
    mean,
    meanMovingRange,
    upl,
    lpl,
    upperTwoSigma,
    lowerTwoSigma,
    points,
    shortSeries: values.length < XMR_MIN_POINTS,
  };
}

/** The measure's MDC variation icon: the latest point's class. */
export function variationIcon(result: XmrResult): VariationClass {
  return (result.points[result.points.length - 1] as XmrPoint).variation;
}

/** The measure's MDC assurance icon against `target` (same units), or null without target or direction. */
export function assuranceIcon(
  result: XmrResult,
  target: number | null | undefined,
  direction: ImprovementDirection,
): AssuranceClass | null {
  if (target === null || target === undefined || direction === "neither") return null;
  const last = result.points[result.points.length - 1] as XmrPoint;
  const higherBetter = direction === "higher_is_better";
  if (target > last.upl) return higherBetter ? "fail" : "pass";
  if (target < last.lpl) return higherBetter ? "pass" : "fail";
  return "hit_and_miss";
}

export function assuranceLabel(assurance: AssuranceClass | null): string {
  switch (assurance) {
    case "pass":
      return "Assurance: the target will be met consistently";
    case "fail":
      return "Assurance: the target will be missed consistently";
    case "hit_and_miss":
      return "Assurance: hit and miss, the target lies within the process limits";
    case null:
      return "No assurance icon: no target set";
  }
}

/** Calls `onRun` for every maximal run of identical non-zero signs at least `minLength` long. */
function flagRuns(
  signs: readonly number[],
  minLength: number,
  onRun: (from: number, to: number, sign: number) => void,
): void {
  let start = 0;
  for (let i = 1; i <= signs.length; i++) {
    if (i === signs.length || signs[i] !== signs[start]) {
      const sign = signs[start] as number;
      if (sign !== 0 && i - start >= minLength) onRun(start, i - 1, sign);
      start = i;
    }
  }
}

/**
 * The MDC icon for one point. The side comes from the point's signals when they agree (a rising trend
 * is "high" even below the mean); when they conflict, from the point's position against the mean, as
 * NHSRplotthedots does for every point.
 */
export function classifyVariation(
  value: number,
  mean: number,
  signals: readonly SpecialCauseSignal[],
  direction: ImprovementDirection,
): VariationClass {
  if (signals.length === 0) return "common_cause";
  const sides = new Set(signals.map((s) => s.side));
  const side: Side =
    sides.size === 1 ? (signals[0] as SpecialCauseSignal).side : value >= mean ? "high" : "low";
  if (direction === "neither") return side === "high" ? "neither_high" : "neither_low";
  const improving = (direction === "higher_is_better") === (side === "high");
  return `${improving ? "improvement" : "concern"}_${side}`;
}

/** Human label for an MDC variation class (legend text and accessible descriptions). */
export function variationLabel(variation: VariationClass): string {
  switch (variation) {
    case "common_cause":
      return "Common cause variation";
    case "improvement_high":
      return "Special cause: improvement (high)";
    case "improvement_low":
      return "Special cause: improvement (low)";
    case "concern_high":
      return "Special cause: concern (high)";
    case "concern_low":
      return "Special cause: concern (low)";
    case "neither_high":
      return "Special cause: neither improvement nor concern (high)";
    case "neither_low":
      return "Special cause: neither improvement nor concern (low)";
  }
}
