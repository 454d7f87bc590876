import { describe, expect, it } from "vitest";
import { DashboardInputError } from "../../dashboards/dashboard-errors.js";
import {
  classifyFunnel,
  FUNNEL_Z,
  funnelCurve,
  funnelDispersion,
  funnelLimits,
  funnelPoints,
} from "../../dashboards/spc/funnel.js";

/** Four significant figures, the precision the hand calculation is quoted to. */
const sig4 = (x: number) => Number(x.toPrecision(4));

// Ten organisations worked by hand (arcsine scale, FunnelPlotR's "PR" method):
// p0 = Σlost ÷ Σavailable = 9,710 ÷ 176,000 = 0.05517; z = (asin√p − asin√p0) × 2√n.
const TEN = [
  { code: "A", name: "A", fte_days_lost: 500, fte_days_available: 10_000 },
  { code: "B", name: "B", fte_days_lost: 420, fte_days_available: 9_000 },
  { code: "C", name: "C", fte_days_lost: 1_300, fte_days_available: 25_000 },
  { code: "D", name: "D", fte_days_lost: 260, fte_days_available: 4_000 },
  { code: "E", name: "E", fte_days_lost: 3_100, fte_days_available: 50_000 },
  { code: "F", name: "F", fte_days_lost: 700, fte_days_available: 15_000 },
  { code: "G", name: "G", fte_days_lost: 150, fte_days_available: 3_000 },
  { code: "H", name: "H", fte_days_lost: 2_000, fte_days_available: 40_000 },
  { code: "I", name: "I", fte_days_lost: 900, fte_days_available: 12_000 },
  { code: "J", name: "J", fte_days_lost: 380, fte_days_available: 8_000 },
];
const P0 = 9_710 / 176_000;

describe("funnel plot limits for a proportion", () => {
  it("reproduces a hand-computed overdispersion example to 4 significant figures", () => {
    expect(sig4(P0)).toBe(0.05517);
    const result = funnelPoints(P0, TEN);
    const z = Object.fromEntries(result.points.map((p) => [p.code, sig4(p.z)]));
    expect(z).toEqual({
      A: -2.317,
      B: -3.673,
      C: -2.226,
      D: 2.618,
      E: 6.505,
      F: -4.742,
      G: -1.269,
      H: -4.634,
      I: 8.831,
      J: -3.111,
    });
    // Winsorised at the 10th and 90th percentiles (R type 7): F is raised to −4.645, I lowered to 6.738.
    const d = result.dispersion;
    expect([sig4(d.lowerZ), sig4(d.upperZ)]).toEqual([-4.645, 6.738]);
    expect(sig4(d.phi)).toBe(17.27); // Σ z_w² ÷ 10
    // τ² = (10 × 17.27 − 9) ÷ (Σw − Σw² ÷ Σw), w = 4n
    expect(sig4(d.tau2)).toBe(0.0002813);
    const at10k = funnelLimits(P0, 10_000, d.tau2);
    expect([at10k.lower998, at10k.lower95, at10k.upper95, at10k.upper998].map(sig4)).toEqual([
      0.03312, 0.04057, 0.07187, 0.08242,
    ]);
    const unadjusted = funnelLimits(P0, 10_000);
    expect([unadjusted.lower998, unadjusted.upper998].map(sig4)).toEqual([0.04833, 0.06244]);
    // Adjusted, nobody is outside 99.8%; unadjusted, the z-scores beyond ±3.09 are: B, E, F, H, I, J.
    expect(result.points.filter((p) => p.classification.endsWith("99_8"))).toEqual([]);
    const plain = funnelPoints(P0, TEN, { overdispersion: false });
    expect(plain.dispersion.tau2).toBe(0);
    expect(plain.points.filter((p) => p.classification.endsWith("99_8")).map((p) => p.code)).toEqual([
      "B",
      "E",
      "F",
      "H",
      "I",
      "J",
    ]);
  });

  it("adds no τ² when the spread is what binomial variation explains", () => {
    const d = funnelDispersion([-1, -0.5, 0, 0.5, 1], [1000, 1000, 1000, 1000, 1000]);
    expect(d.phi).toBeLessThan(1);
    expect(d.tau2).toBe(0);
  });

  it("narrows as the denominator grows and clips at 0", () => {
    const small = funnelLimits(0.05, 100);
    const big = funnelLimits(0.05, 1_000_000);
    expect(small.upper998 - small.lower998).toBeGreaterThan(big.upper998 - big.lower998);
    expect(small.lower998).toBeGreaterThanOrEqual(0);
    expect(funnelLimits(0.01, 10).lower998).toBe(0); // asin√0.01 − 3.09 × 0.158 < 0
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
    const { points } = funnelPoints(
      0.05,
      [
        { code: "A", name: "A", fte_days_lost: 600, fte_days_available: 10_000 },
        { code: "B", name: "B", fte_days_lost: 6, fte_days_available: 100 }, // same 6%, wide limits at n = 100
        { code: "C", name: "C", fte_days_lost: 0, fte_days_available: 0 }, // cannot be placed
      ],
      { overdispersion: false },
    );
    expect(points.map((p) => [p.code, p.classification])).toEqual([
      ["A", "above_99_8"],
      ["B", "within"],
    ]);
    expect(FUNNEL_Z.p95).toBeCloseTo(1.96, 2);
    expect(FUNNEL_Z.p998).toBeCloseTo(3.09, 2);
  });

  it("rejects a target outside (0, 1)", () => {
    expect(() => funnelLimits(0, 100)).toThrow(DashboardInputError);
    expect(() => funnelLimits(Number.NaN, 100)).toThrow(/strictly between 0 and 1/);
  });
});
