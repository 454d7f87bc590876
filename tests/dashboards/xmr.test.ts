import { describe, expect, it } from "vitest";
import { DashboardInputError } from "../../dashboards/dashboard-errors.js";
import { rebasedMonths, unusedRebaseMonths } from "../../dashboards/spc/spc-limits.js";
import {
  assuranceIcon,
  assuranceLabel,
  classifyVariation,
  computeXmr,
  type SpecialCauseRule,
  variationIcon,
  XMR_MIN_POINTS,
  type XmrResult,
} from "../../dashboards/spc/xmr.js";

/** Indexes of points carrying `rule`. */
function flagged(result: XmrResult, rule: SpecialCauseRule): number[] {
  return result.points.filter((p) => p.signals.some((s) => s.rule === rule)).map((p) => p.index);
}
const anyFlag = (result: XmrResult) => result.points.filter((p) => p.signals.length > 0).map((p) => p.index);
const alternating = (n: number, a: number, b: number) =>
  Array.from({ length: n }, (_, i) => (i % 2 === 0 ? a : b));

describe("XmR statistics", () => {
  it("computes mean, moving ranges and limits by hand", () => {
    // mean 58/5 = 11.6; moving ranges 2,1,2,1 → mR̄ 1.5; limits 11.6 ± 2.66 × 1.5 = 11.6 ± 3.99
    const r = computeXmr([10, 12, 11, 13, 12]);
    expect(r.mean).toBeCloseTo(11.6, 10);
    expect(r.points.map((p) => p.movingRange)).toEqual([null, 2, 1, 2, 1]);
    expect(r.meanMovingRange).toBeCloseTo(1.5, 10);
    expect(r.upl).toBeCloseTo(15.59, 10);
    expect(r.lpl).toBeCloseTo(7.61, 10);
    expect(r.upperTwoSigma).toBeCloseTo(11.6 + 2.66, 10); // two thirds of 3.99
    expect(r.lowerTwoSigma).toBeCloseTo(11.6 - 2.66, 10);
    expect(anyFlag(r)).toEqual([]);
    expect(r.points.every((p) => p.variation === "common_cause")).toBe(true);
  });

  it("keeps an outlier in the moving ranges, as the MDC Excel tools do (NHS-R's published example)", () => {
    // NHSRplotthedots' "deviations" vignette: the MDC Excel tools do not screen outlying points out of
    // the moving range, so one spike widens the limits. Series from that vignette; by hand: mean 35/18;
    // moving ranges 1,1,1,8,9 then twelve 1s → mR̄ 32/17; UPL = 35/18 + 2.66 × 32/17 = 6.9515.
    const series = [1, 2, 1, 2, 10, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1];
    const r = computeXmr(series);
    expect(r.mean).toBeCloseTo(35 / 18, 10);
    expect(r.meanMovingRange).toBeCloseTo(32 / 17, 10);
    expect(r.upl).toBeCloseTo(6.9515, 4);
    expect(r.lpl).toBeCloseTo(35 / 18 - 2.66 * (32 / 17), 10);
    expect(flagged(r, "beyond_limits")).toEqual([4]); // the spike, and only it
  });

  it("uses only the baseline points for mean and limits when asked", () => {
    // baseline 11,9,… (20 points): mean 10, 19 moving ranges of 2 → limits 10 ± 5.32
    const r = computeXmr([...alternating(20, 11, 9), 30], { baselinePoints: 20 });
    expect(r.mean).toBe(10);
    expect(r.upl).toBeCloseTo(15.32, 10);
    expect(r.lpl).toBeCloseTo(4.68, 10);
    expect(r.points[20]?.movingRange).toBe(21); // |30 − 9|, still reported
  });

  it("rejects too few or non-finite values and bad rule lengths", () => {
    expect(() => computeXmr([5])).toThrow(DashboardInputError);
    expect(() => computeXmr([5, Number.NaN, 6])).toThrow(/finite/);
    expect(() => computeXmr([1, 2, 3], { runLength: 1 })).toThrow(/runLength/);
  });
});

describe("MDC special-cause rules", () => {
  it("flags a single point beyond the upper or lower process limit", () => {
    // 20 alternating points + 25: mean 225/21 = 10.714…, mR̄ (19×2 + 16)/20 = 2.7, UPL 17.896…
    const high = computeXmr([...alternating(20, 11, 9), 25]);
    expect(high.mean).toBeCloseTo(225 / 21, 10);
    expect(high.meanMovingRange).toBeCloseTo(2.7, 10);
    expect(high.upl).toBeCloseTo(225 / 21 + 2.66 * 2.7, 10);
    expect(flagged(high, "beyond_limits")).toEqual([20]);
    expect(anyFlag(high)).toEqual([20]);
    expect(high.points[20]?.signals).toEqual([{ rule: "beyond_limits", side: "high" }]);

    const low = computeXmr([...alternating(20, 11, 9), 2], {
      baselinePoints: 20,
      direction: "lower_is_better",
    });
    expect(low.points[20]?.signals).toEqual([{ rule: "beyond_limits", side: "low" }]); // 2 < LPL 4.68
    expect(low.points[20]?.variation).toBe("improvement_low");
  });

  it("flags a run of 7 on one side of the mean (shift), not 6, and 6 when runLength is 6", () => {
    // baseline 12,8,… (8 points): mean 10, mR̄ 4, limits 10 ± 10.64, 2σ 10 ± 7.09; then 11s above the mean
    const baseline = alternating(8, 12, 8);
    const seven = computeXmr([...baseline, ...Array(7).fill(11)], { baselinePoints: 8 });
    expect(seven.mean).toBe(10);
    expect(flagged(seven, "shift")).toEqual([8, 9, 10, 11, 12, 13, 14]);
    expect(seven.points[8]?.signals).toEqual([{ rule: "shift", side: "high" }]);
    expect(anyFlag(seven)).toEqual([8, 9, 10, 11, 12, 13, 14]);

    const six = computeXmr([...baseline, ...Array(6).fill(11), 9], { baselinePoints: 8 });
    expect(flagged(six, "shift")).toEqual([]);
    const sixWithRule6 = computeXmr([...baseline, ...Array(6).fill(11), 9], {
      baselinePoints: 8,
      runLength: 6,
    });
    expect(flagged(sixWithRule6, "shift")).toEqual([8, 9, 10, 11, 12, 13]);
  });

  it("does not count a point exactly on the mean towards a shift", () => {
    const r = computeXmr([...alternating(8, 12, 8), 11, 11, 11, 10, 11, 11, 11], { baselinePoints: 8 });
    expect(flagged(r, "shift")).toEqual([]);
  });

  it("flags 7 strictly rising points as a trend, even below the mean; 6 or a repeat do not", () => {
    // baseline 10,20,10,20: mean 15, mR̄ 10 (limits ±26.6); then 11…18 rising, crossing the mean
    const baseline = [10, 20, 10, 20];
    const rising = computeXmr([...baseline, 11, 12, 13, 14, 16, 17, 18], {
      baselinePoints: 4,
      direction: "lower_is_better",
    });
    expect(flagged(rising, "trend")).toEqual([4, 5, 6, 7, 8, 9, 10]);
    expect(anyFlag(rising)).toEqual([4, 5, 6, 7, 8, 9, 10]);
    // a rising trend is "high": concern when lower is better, even for points below the mean
    expect(rising.points[4]?.variation).toBe("concern_high");

    const six = computeXmr([...baseline, 11, 12, 13, 14, 16, 17, 9], { baselinePoints: 4 });
    expect(flagged(six, "trend")).toEqual([]);
    const repeat = computeXmr([...baseline, 11, 12, 13, 13, 14, 16, 17], { baselinePoints: 4 });
    expect(flagged(repeat, "trend")).toEqual([]);
    const falling = computeXmr([...baseline, 19, 18, 17, 16, 14, 13, 12], {
      baselinePoints: 4,
      trendLength: 7,
    });
    expect(falling.points[10]?.signals).toEqual([{ rule: "trend", side: "low" }]);
    expect(
      computeXmr([...baseline, 11, 12, 13, 14, 16, 17], { baselinePoints: 4, trendLength: 6 }).points[9]
        ?.signals,
    ).toEqual([{ rule: "trend", side: "high" }]);
  });

  it("flags two of three consecutive points beyond 2σ on the same side", () => {
    // baseline 10,14,10,14: mean 12, mR̄ 4, UPL 22.64, upper 2σ 12 + 7.093 = 19.093
    const baseline = [10, 14, 10, 14];
    const r = computeXmr([...baseline, 20, 12, 20, 12, 12], { baselinePoints: 4 });
    expect(r.upperTwoSigma).toBeCloseTo(12 + (2 / 3) * 2.66 * 4, 10);
    expect(flagged(r, "two_of_three")).toEqual([4, 6]);
    expect(flagged(r, "beyond_limits")).toEqual([]);
    expect(anyFlag(r)).toEqual([4, 6]);

    const lone = computeXmr([...baseline, 20, 12, 12, 20], { baselinePoints: 4 });
    expect(flagged(lone, "two_of_three")).toEqual([]); // 4 and 7 are not within three consecutive points
    const opposite = computeXmr([...baseline, 20, 4, 12], { baselinePoints: 4 });
    expect(flagged(opposite, "two_of_three")).toEqual([]); // one high, one low
    const low = computeXmr([...baseline, 4.5, 4.8, 12], { baselinePoints: 4, direction: "higher_is_better" });
    expect(low.points[4]?.signals).toEqual([{ rule: "two_of_three", side: "low" }]);
    expect(low.points[4]?.variation).toBe("concern_low");
  });
});

describe("MDC variation icon class", () => {
  it("maps direction and side to improvement, concern or neither", () => {
    const high = [{ rule: "shift" as const, side: "high" as const }];
    const low = [{ rule: "beyond_limits" as const, side: "low" as const }];
    expect(classifyVariation(5, 4, [], "lower_is_better")).toBe("common_cause");
    expect(classifyVariation(5, 4, high, "lower_is_better")).toBe("concern_high");
    expect(classifyVariation(5, 4, high, "higher_is_better")).toBe("improvement_high");
    expect(classifyVariation(3, 4, low, "lower_is_better")).toBe("improvement_low");
    expect(classifyVariation(3, 4, low, "higher_is_better")).toBe("concern_low");
    expect(classifyVariation(3, 4, low, "neither")).toBe("neither_low");
    // conflicting sides (rising trend below the mean inside a low shift): position against the mean decides
    expect(classifyVariation(3, 4, [...high, { rule: "shift", side: "low" }], "lower_is_better")).toBe(
      "improvement_low",
    );
  });
});

describe("MDC summary icons, targets, short series and rebasing", () => {
  // 20 points alternating 9, 11: mean 10, mR̄ 2, limits 10 ± 5.32 = 4.68 to 15.32.
  const steady = alternating(20, 9, 11);

  it("gives each variation icon from the latest point of a hand-made series", () => {
    const icon = (values: number[], direction: "higher_is_better" | "lower_is_better" | "neither") =>
      variationIcon(computeXmr(values, { direction }));
    expect(icon(steady, "lower_is_better")).toBe("common_cause");
    // latest point 30 is beyond the upper limit (the baseline's limits are widened only a little by it)
    const spike = [...steady, 30];
    expect(icon(spike, "higher_is_better")).toBe("improvement_high");
    expect(icon(spike, "lower_is_better")).toBe("concern_high");
    expect(icon(spike, "neither")).toBe("neither_high");
    const dip = [...steady, -10];
    expect(icon(dip, "higher_is_better")).toBe("concern_low");
    expect(icon(dip, "lower_is_better")).toBe("improvement_low");
    expect(icon(dip, "neither")).toBe("neither_low");
  });

  it("gives each assurance icon from where the target lies against the limits", () => {
    const r = computeXmr(steady, { direction: "lower_is_better" });
    expect([r.lpl, r.upl].map((x) => Number(x.toFixed(2)))).toEqual([4.68, 15.32]);
    // lower is better: a target above the upper limit is always met, below the lower limit always missed
    expect(assuranceIcon(r, 16, "lower_is_better")).toBe("pass");
    expect(assuranceIcon(r, 4, "lower_is_better")).toBe("fail");
    expect(assuranceIcon(r, 10, "lower_is_better")).toBe("hit_and_miss");
    expect(assuranceIcon(r, 16, "higher_is_better")).toBe("fail");
    expect(assuranceIcon(r, 4, "higher_is_better")).toBe("pass");
    expect(assuranceIcon(r, 15.32, "higher_is_better")).toBe("hit_and_miss"); // on the limit: not beyond it
    expect(assuranceIcon(r, null, "lower_is_better")).toBeNull();
    expect(assuranceIcon(r, 10, "neither")).toBeNull();
    expect(assuranceLabel(null)).toMatch(/no target/i);
  });

  it("warns below 15 points, not at 15", () => {
    expect(XMR_MIN_POINTS).toBe(15);
    expect(computeXmr(alternating(14, 9, 11)).shortSeries).toBe(true);
    expect(computeXmr(alternating(15, 9, 11)).shortSeries).toBe(false);
  });

  it("keeps limits fixed unless a rebase is asked for, then recalculates each segment", () => {
    const stepped = [...steady, ...alternating(20, 19, 21)];
    const fixed = computeXmr(stepped);
    expect(new Set(fixed.points.map((p) => p.mean)).size).toBe(1); // one mean, no silent recalculation
    expect(fixed.mean).toBe(15);
    const rebased = computeXmr(stepped, { rebaseAt: [20], direction: "lower_is_better" });
    expect(rebased.points[0]?.mean).toBe(10);
    expect(rebased.points[19]?.upl).toBeCloseTo(15.32, 10);
    expect(rebased.points[20]?.mean).toBe(20);
    expect(rebased.points[20]?.upl).toBeCloseTo(25.32, 10);
    expect(rebased.points[20]?.movingRange).toBe(8); // |19 − 11| across the rebase, still reported
    expect(rebased.points.map((p) => p.index)).toEqual(stepped.map((_, i) => i));
    expect(rebased.mean).toBe(20); // the summary is the latest segment's
    expect(anyFlag(rebased)).toEqual([]); // each segment is stable around its own mean
    expect(anyFlag(fixed).length).toBeGreaterThan(0); // one set of limits sees the step as a shift
    expect(computeXmr([...steady, 9, 11], { rebaseAt: [20] }).shortSeries).toBe(true);
  });
});

describe("SPC rebase months", () => {
  const months = Array.from({ length: 12 }, (_, i) => `2024-${String(i + 1).padStart(2, "0")}-28`);
  it("names the asked-for months that rebase nothing: outside the months or within two of an end", () => {
    expect(rebasedMonths(months, { rebaseAt: ["2024-06"] })).toEqual(["2024-06"]);
    expect(unusedRebaseMonths(months, ["2024-06"])).toEqual([]);
    // before the data maps to its first month (nothing before it), after it to no month;
    // 2024-02 leaves one month before it, 2024-12 none after
    expect(unusedRebaseMonths(months, ["1990-01", "2024-02", "2024-06", "2024-12", "2031-01"])).toEqual([
      "1990-01",
      "2024-02",
      "2024-12",
      "2031-01",
    ]);
    expect(unusedRebaseMonths([], ["2024-06"])).toEqual(["2024-06"]);
  });
});
