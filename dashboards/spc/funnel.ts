/**
 * Funnel plot limits for a proportion as NHS analysts draw them (Spiegelhalter 2005, "Funnel plots for
 * comparing institutional performance", Stat Med 24:1185, and "Handling over-dispersion of performance
 * indicators", BMJ Qual Saf 14:347; implemented as the NHS-R community's FunnelPlotR does for
 * proportions, data_type "PR": `transformed_zscore`, `winsorisation`, `phi_func`, `tau_func`,
 * `calculate_limits`):
 * - on the variance-stabilising arcsine scale y = asin(√p), with standard error s = 1 ÷ (2√n) and n =
 *   FTE days available, each organisation's z-score is z = (y − asin(√p0)) ÷ s;
 * - the z-scores are winsorised at 10% at each end (values beyond the 10th and 90th percentiles, R's
 *   default quantile definition, are set to those percentiles) so a few outliers do not inflate the
 *   dispersion they are judged against;
 * - dispersion φ = Σ z_w² ÷ k over the k organisations, and when k·φ > k − 1 the between-organisation
 *   variance τ² = (k·φ − (k − 1)) ÷ (Σw − Σw² ÷ Σw), w = 1 ÷ s² (DerSimonian–Laird), else 0;
 * - limits sin²(asin(√p0) ± z_α · √(s² + τ²)), z_α = 1.959964 (95%) and 3.090232 (99.8%).
 * With τ² = 0 these are the unadjusted limits (the option `overdispersion: false`).
 *
 * Why the adjustment is the default: FTE days are not independent trials (one sickness episode spans
 * many days of one person), so with n in the millions purely binomial limits are a hair's breadth wide
 * and flag most organisations; τ² adds the real between-organisation variation back.
 */
import { DashboardInputError } from "../dashboard-errors.js";
import { dashboardMessages } from "../dashboard-messages.js";

/** Two-sided normal quantiles: 95% → 1.96 and 99.8% → 3.09. */
export const FUNNEL_Z = { p95: 1.959964, p998: 3.090232 } as const;

/** Share winsorised at each end of the z-score distribution before estimating φ and τ². */
export const FUNNEL_WINSORISE = 0.1;

export type FunnelClass = "above_99_8" | "above_95" | "within" | "below_95" | "below_99_8";

export interface FunnelLimits {
  n: number;
  lower998: number;
  lower95: number;
  upper95: number;
  upper998: number;
}

export interface FunnelInput {
  code: string;
  name: string;
  fte_days_lost: number;
  fte_days_available: number;
}

export interface FunnelPoint extends FunnelInput, FunnelLimits {
  /** Proportion lost ÷ available (0–1). */
  proportion: number;
  /** Unadjusted z-score on the arcsine scale. */
  z: number;
  classification: FunnelClass;
}

export interface FunnelDispersion {
  /** Organisations the estimate comes from. */
  k: number;
  /** 10th and 90th percentiles of the unadjusted z-scores (the winsorising bounds). */
  lowerZ: number;
  upperZ: number;
  /** Σ z_w² ÷ k (1 = as much spread as binomial variation explains). */
  phi: number;
  /** Additive between-organisation variance on the arcsine scale; 0 when not overdispersed or not adjusted. */
  tau2: number;
}

export interface FunnelResult {
  target: number;
  overdispersion: boolean;
  dispersion: FunnelDispersion;
  points: FunnelPoint[];
}

function checkTarget(p0: number): void {
  if (!(p0 > 0 && p0 < 1))
    throw new DashboardInputError("FUNNEL_INPUT", dashboardMessages.funnelBadTarget(p0));
}

/** Arcsine-scale standard error for denominator n. */
function arcsineSe(n: number): number {
  return 1 / (2 * Math.sqrt(n));
}

/** Limits as proportions for denominator n around target p0, widened by τ² (0: unadjusted). */
export function funnelLimits(p0: number, n: number, tau2 = 0): FunnelLimits {
  checkTarget(p0);
  const centre = Math.asin(Math.sqrt(p0));
  const sd = Math.sqrt(arcsineSe(n) ** 2 + tau2);
  // sin² is only monotone on [0, π/2]: clip there so a limit never folds back.
  const limit = (z: number) => Math.sin(Math.min(Math.PI / 2, Math.max(0, centre + z * sd))) ** 2;
  return {
    n,
    lower998: limit(-FUNNEL_Z.p998),
    lower95: limit(-FUNNEL_Z.p95),
    upper95: limit(FUNNEL_Z.p95),
    upper998: limit(FUNNEL_Z.p998),
  };
}

export function classifyFunnel(proportion: number, limits: FunnelLimits): FunnelClass {
  if (proportion > limits.upper998) return "above_99_8";
  if (proportion > limits.upper95) return "above_95";
  if (proportion < limits.lower998) return "below_99_8";
  if (proportion < limits.lower95) return "below_95";
  return "within";
}

/** R's default (type 7) sample quantile of sorted values. */
function quantile(sorted: readonly number[], q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const a = sorted[lo] as number;
  const b = sorted[Math.min(sorted.length - 1, lo + 1)] as number;
  return a + (h - lo) * (b - a);
}

/** φ and τ² from the organisations' z-scores and denominators (winsorised at `trim` each end). */
export function funnelDispersion(
  zScores: readonly number[],
  denominators: readonly number[],
  trim = FUNNEL_WINSORISE,
): FunnelDispersion {
  const k = zScores.length;
  if (k === 0) return { k, lowerZ: 0, upperZ: 0, phi: 0, tau2: 0 };
  const sorted = [...zScores].sort((a, b) => a - b);
  const lowerZ = quantile(sorted, trim);
  const upperZ = quantile(sorted, 1 - trim);
  const phi = zScores.reduce((sum, z) => sum + Math.min(upperZ, Math.max(lowerZ, z)) ** 2, 0) / k;
  const weights = denominators.map((n) => 1 / arcsineSe(n) ** 2);
  const sumW = weights.reduce((s, w) => s + w, 0);
  const sumW2 = weights.reduce((s, w) => s + w * w, 0);
  const tau2 = k * phi > k - 1 ? Math.max(0, (k * phi - (k - 1)) / (sumW - sumW2 / sumW)) : 0;
  return { k, lowerZ, upperZ, phi, tau2 };
}

export interface FunnelOptions {
  /** Spiegelhalter's additive overdispersion adjustment (default true); false draws unadjusted limits. */
  overdispersion?: boolean;
}

/**
 * Places each organisation against p0. Rows with no FTE days available cannot be placed and are dropped;
 * τ² is estimated from the placed rows themselves, so pass like organisations only.
 */
export function funnelPoints(
  p0: number,
  rows: readonly FunnelInput[],
  options: FunnelOptions = {},
): FunnelResult {
  checkTarget(p0);
  const overdispersion = options.overdispersion ?? true;
  const centre = Math.asin(Math.sqrt(p0));
  const placed = rows
    .filter((r) => r.fte_days_available > 0)
    .map((r) => {
      const proportion = r.fte_days_lost / r.fte_days_available;
      return {
        ...r,
        proportion,
        z: (Math.asin(Math.sqrt(proportion)) - centre) / arcsineSe(r.fte_days_available),
      };
    });
  const estimated = funnelDispersion(
    placed.map((p) => p.z),
    placed.map((p) => p.fte_days_available),
  );
  const dispersion = overdispersion ? estimated : { ...estimated, tau2: 0 };
  const points = placed.map((p) => {
    const limits = funnelLimits(p0, p.fte_days_available, dispersion.tau2);
    return { ...p, ...limits, classification: classifyFunnel(p.proportion, limits) };
  });
  return { target: p0, overdispersion, dispersion, points };
}

/** Limit curves sampled log-evenly between nMin and nMax, for drawing the funnel. */
export function funnelCurve(p0: number, nMin: number, nMax: number, steps = 60, tau2 = 0): FunnelLimits[] {
  checkTarget(p0);
  const lo = Math.log(Math.max(1, nMin));
  const hi = Math.log(Math.max(nMin + 1, nMax));
  return Array.from({ length: steps + 1 }, (_, i) =>
    funnelLimits(p0, Math.exp(lo + ((hi - lo) * i) / steps), tau2),
  );
}

/** Outside the 99.8% limits on either side. */
export function isFunnelOutlier(c: FunnelClass): boolean {
  return c === "above_99_8" || c === "below_99_8";
}

export function funnelClassLabel(c: FunnelClass): string {
  switch (c) {
    case "above_99_8":
      return "Above 99.8% limit";
    case "above_95":
      return "Above 95% limit";
    case "within":
      return "Within 95% limits";
    case "below_95":
      return "Below 95% limit";
    case "below_99_8":
      return "Below 99.8% limit";
  }
}
