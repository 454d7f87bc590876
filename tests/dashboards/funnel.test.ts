import { describe, expect, it } from "vitest";
import { DashboardInputError } from "../../core/errors.js";
import {
  classifyFunnel,
  FUNNEL_Z,
  funnelCurve,
  funnelLimits,
  funnelPoints,
} from "../../dashboards/spc/funnel.js";

describe("funnel plot limits for a proportion", () => {
  it("computes p0 ± z·√(p0(1−p0)/n) by hand", () => {
    // p0 0.05, n 10,000: se = √(0.0475/10000) = 0.00217945
    const l = funnelLimits(0.05, 10_000);
    const se = Math.sqrt(0.0475 / 10_000);
    expect(se).toBeCloseTo(0.00217945, 8);
    expect(l.upper95).toBeCloseTo(0.05 + 1.959964 * se, 12);
    expect(l.lower95).toBeCloseTo(0.0457284, 6);
    expect(l.upper95).toBeCloseTo(0.0542716, 6);
    expect(l.lower998).toBeCloseTo(0.0432651, 6);
    expect(l.upper998).toBeCloseTo(0.0567349, 6);
    expect(FUNNEL_Z.p95).toBeCloseTo(1.96, 2);
    expect(FUNNEL_Z.p998).toBeCloseTo(3.09, 2);
  });

  it("narrows as the denominator grows and clips at 0", () => {
    const small = funnelLimits(0.05, 100);
    const big = funnelLimits(0.05, 1_000_000);
    expect(small.upper998 - small.lower998).toBeGreaterThan(big.upper998 - big.lower998);
    expect(small.lower998).toBe(0); // 0.05 − 3.09 × 0.0218 < 0
    const curve = funnelCurve(0.05, 500, 500_000, 10);
    expect(curve).toHaveLength(11);
    expect(curve[0]?.n).toBeCloseTo(500, 6);
    expect(curve[10]?.n).toBeCloseTo(500_000, 3);
    const upper = curve.map((c) => c.upper95);
    expect([...upper].sort((a, b) => b - a)).toEqual(upper); // strictly narrowing as n grows
    expect(new Set(upper).size).toBe(upper.length);
  });

  it("classifies organisations against the limits", () => {
    const l = funnelLimits(0.05, 10_000);
    expect(classifyFunnel(0.06, l)).toBe("above_99_8");
    expect(classifyFunnel(0.055, l)).toBe("above_95");
    expect(classifyFunnel(0.05, l)).toBe("within");
    expect(classifyFunnel(0.045, l)).toBe("below_95");
    expect(classifyFunnel(0.04, l)).toBe("below_99_8");
    const points = funnelPoints(0.05, [
      { code: "A", name: "A", fte_days_lost: 600, fte_days_available: 10_000 },
      { code: "B", name: "B", fte_days_lost: 6, fte_days_available: 100 }, // same 6%, wide limits at n = 100
      { code: "C", name: "C", fte_days_lost: 0, fte_days_available: 0 }, // cannot be placed
    ]);
    expect(points.map((p) => [p.code, p.classification])).toEqual([
      ["A", "above_99_8"],
      ["B", "within"],
    ]);
  });

  it("rejects a target outside (0, 1)", () => {
    expect(() => funnelLimits(0, 100)).toThrow(DashboardInputError);
    expect(() => funnelLimits(Number.NaN, 100)).toThrow(/strictly between 0 and 1/);
  });
});
