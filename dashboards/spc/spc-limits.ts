/**
 * Which months an SPC series' limits come from, the same for the site and the packs (configuration
 * `spc`): the mean and limits of the first `baselineMonths` published months, fixed after them, so a new
 * month is judged against them rather than moving them; recalculated only from the months asked for
 * (`rebaseAt`, Making Data Count "rebasing" after a sustained, explained change).
 */

export interface SpcLimitSettings {
  /** Mean and limits come from the first this many published months and stay fixed after them. */
  baselineMonths?: number;
  /** Months ('YYYY-MM') from which the limits are recalculated, on request only. */
  rebaseAt?: readonly string[];
}

/** Two years of seasons; fewer months are all baseline, with the short-series warning. */
export const SPC_BASELINE_MONTHS = 24;

/**
 * computeXmr options for one series of month ends ('YYYY-MM-DD', oldest first): its baseline, and the
 * indexes where it is rebased. A rebase month maps to the first month of the series on or after it and
 * must leave at least two months on each side (an XmR needs two points); later cuts closer than two
 * months to the one before are dropped.
 */
export function spcLimitOptions(
  months: readonly string[],
  spc: SpcLimitSettings = {},
): { baselinePoints: number; rebaseAt?: number[] } {
  const cuts = [...new Set(spc.rebaseAt ?? [])]
    .map((m) => firstMonthFrom(months, m))
    .filter((i) => i >= 2)
    .sort((a, b) => a - b)
    .filter((i, k, all) => i <= months.length - 2 && (k === 0 || i - (all[k - 1] as number) >= 2));
  return {
    baselinePoints: spc.baselineMonths ?? SPC_BASELINE_MONTHS,
    ...(cuts.length > 0 ? { rebaseAt: cuts } : {}),
  };
}

/** The index of the series' first month on or after `month` ('YYYY-MM'), -1 when none is. */
function firstMonthFrom(months: readonly string[], month: string): number {
  return months.findIndex((m) => m.slice(0, 7) >= month.slice(0, 7));
}

/** The rebase months a series actually rebased at ('YYYY-MM'), for the words beside the chart. */
export function rebasedMonths(months: readonly string[], spc: SpcLimitSettings = {}): string[] {
  return (spcLimitOptions(months, spc).rebaseAt ?? []).map((i) => (months[i] as string).slice(0, 7));
}

/**
 * The asked-for rebase months ('YYYY-MM') that rebase not even the longest series, `months` (month
 * ends, oldest first): outside it, or closer than two months to either end. Said, never dropped silently.
 */
export function unusedRebaseMonths(months: readonly string[], rebaseAt: readonly string[]): string[] {
  const used = new Set(rebasedMonths(months, { rebaseAt }));
  return rebaseAt.filter((m) => {
    const at = firstMonthFrom(months, m);
    return at === -1 || !used.has((months[at] as string).slice(0, 7));
  });
}
