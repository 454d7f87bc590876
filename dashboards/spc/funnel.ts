/**
 * Funnel plot limits for a proportion (Spiegelhalter 2005, "Funnel plots for comparing institutional
 * performance", Stat Med 24:1185): each organisation's absence proportion p = lost ÷ available is
 * compared with the England proportion p0 using the normal approximation to the binomial,
 *   limit(n) = p0 ± z · √(p0 (1 − p0) / n),  z = 1.959964 (95%) and 3.090232 (99.8%),
 * with n = FTE days available.
 *
 * Caveat, stated rather than hidden: FTE days are not independent trials (a sickness episode spans
 * many days of one person), so the binomial variance understates real between-trust variation and, with
 * n in the hundreds of thousands, the limits are very narrow. Overdispersion (Spiegelhalter's
 * multiplicative φ or additive random-effects τ²) is NOT modelled here; read "outside 99.8%" as
 * "worth a look", not as proof of special cause.
 */
import { DashboardInputError } from "../../core/errors.js";
import { dashboardMessages } from "../../core/messages.js";

/** Two-sided normal quantiles: 95% → 1.96 and 99.8% → 3.09. */
export const FUNNEL_Z = { p95: 1.959964, p998: 3.090232 } as const;

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
  classification: FunnelClass;
}

function checkTarget(p0: number): void {
  if (!(p0 > 0 && p0 < 1))
    throw new DashboardInputError("FUNNEL_INPUT", dashboardMessages.funnelBadTarget(p0));
}

/** Limits as proportions (clipped to [0, 1]) for denominator n around target p0. */
export function funnelLimits(p0: number, n: number): FunnelLimits {
  checkTarget(p0);
  const se = Math.sqrt((p0 * (1 - p0)) / n);
  const clip = (x: number) => Math.min(1, Math.max(0, x));
  return {
    n,
    lower998: clip(p0 - FUNNEL_Z.p998 * se),
    lower95: clip(p0 - FUNNEL_Z.p95 * se),
    upper95: clip(p0 + FUNNEL_Z.p95 * se),
    upper998: clip(p0 + FUNNEL_Z.p998 * se),
  };
}

export function classifyFunnel(proportion: number, limits: FunnelLimits): FunnelClass {
  if (proportion > limits.upper998) return "above_99_8";
  if (proportion > limits.upper95) return "above_95";
  if (proportion < limits.lower998) return "below_99_8";
  if (proportion < limits.lower95) return "below_95";
  return "within";
}

/** Classifies each organisation against p0. Rows with no FTE days available cannot be placed and are dropped. */
export function funnelPoints(p0: number, rows: readonly FunnelInput[]): FunnelPoint[] {
  checkTarget(p0);
  return rows
    .filter((r) => r.fte_days_available > 0)
    .map((r) => {
      const proportion = r.fte_days_lost / r.fte_days_available;
      const limits = funnelLimits(p0, r.fte_days_available);
      return { ...r, ...limits, proportion, classification: classifyFunnel(proportion, limits) };
    });
}

/** Limit curves sampled log-evenly between nMin and nMax, for drawing the funnel. */
export function funnelCurve(p0: number, nMin: number, nMax: number, steps = 60): FunnelLimits[] {
  checkTarget(p0);
  const lo = Math.log(Math.max(1, nMin));
  const hi = Math.log(Math.max(nMin + 1, nMax));
  return Array.from({ length: steps + 1 }, (_, i) =>
    funnelLimits(p0, Math.exp(lo + ((hi - lo) * i) / steps)),
  );
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
