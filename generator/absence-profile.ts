/**
 * The shape of NHS sickness absence the generator aims for (domain notes §2, §9):
 * reason shares of FTE days lost (S10 ≈ 26.5%, S13 ≈ 12% with a winter peak),
 * typical episode lengths per reason, and rates by staff group around 5% overall.
 */
import type { StaffGroup } from "../contracts/enumerations.js";

export type ReasonCode =
  | "S10"
  | "S11"
  | "S12"
  | "S13"
  | "S14"
  | "S15"
  | "S16"
  | "S17"
  | "S18"
  | "S19"
  | "S20"
  | "S21"
  | "S22"
  | "S23"
  | "S24"
  | "S25"
  | "S26"
  | "S27"
  | "S28"
  | "S29"
  | "S30"
  | "S31"
  | "S32"
  | "S98"
  | "S99";

/** Share of FTE days lost (%), 12 months to Feb 2025 for the top eight (§9); the rest are plausible fills. */
export const reasonDayShare: Readonly<Record<ReasonCode, number>> = {
  S10: 26.5,
  S13: 11.9,
  S12: 9.1,
  S25: 8.4,
  S98: 6.3,
  S28: 4.9,
  S11: 4.3,
  S15: 3.8,
  S99: 4.6,
  S26: 3.4,
  S17: 3.0,
  S19: 2.2,
  S16: 2.0,
  S27: 2.0,
  S21: 1.5,
  S29: 1.6,
  S30: 1.5,
  S14: 0.6,
  S24: 0.6,
  S22: 0.5,
  S23: 0.4,
  S31: 0.4,
  S18: 0.3,
  S32: 0.3,
  S20: 0.1,
};

/** Mean episode length in calendar days: mental health and cancer run long, colds short. */
export const reasonMeanDays: Readonly<Record<ReasonCode, number>> = {
  S10: 35,
  S11: 20,
  S12: 22,
  S13: 4,
  S14: 5,
  S15: 8,
  S16: 3,
  S17: 60,
  S18: 15,
  S19: 30,
  S20: 10,
  S21: 5,
  S22: 3,
  S23: 6,
  S24: 15,
  S25: 4,
  S26: 14,
  S27: 6,
  S28: 25,
  S29: 20,
  S30: 12,
  S31: 7,
  S32: 20,
  S98: 10,
  S99: 6,
};

/** Cold/cough/flu seasonality by calendar month (Jan..Dec): a winter peak, a summer trough. */
const coldFluSeason = [1.9, 1.6, 1.2, 0.85, 0.7, 0.55, 0.55, 0.55, 0.75, 1.0, 1.3, 2.0] as const;

export function reasonSeason(reason: ReasonCode, month: number): number {
  const f = coldFluSeason[month - 1] ?? 1;
  if (reason === "S13") return f;
  if (reason === "S15" || reason === "S27") return 1 + 0.4 * (f - 1);
  return 1;
}

/** Annual sickness absence rate (%) by staff group, close to NHS England's 2023 figures. */
export const staffGroupRatePct: Readonly<Record<StaffGroup, number>> = {
  "HCHS doctors": 2.2,
  "Nurses & health visitors": 5.4,
  Midwives: 6.0,
  "Ambulance staff": 6.8,
  "Scientific, therapeutic & technical staff": 4.0,
  "Support to doctors, nurses & midwives": 6.6,
  "Support to ambulance staff": 5.6,
  "Support to ST&T staff": 5.4,
  "Central functions": 4.1,
  "Hotel, property & estates": 6.3,
  "Senior managers": 2.3,
  Managers: 3.2,
  "Unknown classification": 4.2,
};

/** Staff who count as frontline healthcare workers for the flu uptake KPI. */
export const frontlineStaffGroups: ReadonlySet<StaffGroup> = new Set<StaffGroup>([
  "HCHS doctors",
  "Nurses & health visitors",
  "Midwives",
  "Ambulance staff",
  "Scientific, therapeutic & technical staff",
  "Support to doctors, nurses & midwives",
  "Support to ambulance staff",
]);

export interface MonthlyReasonMix {
  /** Probability that a new episode has each reason (days share ÷ mean length, normalised). */
  episodeWeights: Readonly<Record<ReasonCode, number>>;
  /** Expected episode length over that mix, in calendar days. */
  meanEpisodeDays: number;
  /** The month's rate relative to the annual average (winter above 1). */
  seasonalFactor: number;
}

const reasons = Object.keys(reasonDayShare) as ReasonCode[];

function dayWeight(reason: ReasonCode, month: number): number {
  return reasonDayShare[reason] * reasonSeason(reason, month);
}

const annualMeanDayWeight =
  Array.from({ length: 12 }, (_, i) => reasons.reduce((s, r) => s + dayWeight(r, i + 1), 0)).reduce(
    (s, v) => s + v,
    0,
  ) / 12;

/** The reason mix for a calendar month (1–12). */
export function reasonMixFor(month: number): MonthlyReasonMix {
  const weights = {} as Record<ReasonCode, number>;
  let total = 0;
  let dayTotal = 0;
  for (const r of reasons) {
    const w = dayWeight(r, month) / reasonMeanDays[r];
    weights[r] = w;
    total += w;
    dayTotal += dayWeight(r, month);
  }
  let meanDays = 0;
  for (const r of reasons) {
    weights[r] = weights[r] / total;
    meanDays += weights[r] * reasonMeanDays[r];
  }
  return {
    episodeWeights: weights,
    meanEpisodeDays: meanDays,
    seasonalFactor: dayTotal / annualMeanDayWeight,
  };
}

/** Episode length in calendar days with the reason's mean (geometric-like, capped at a year). */
export function episodeLengthDays(reason: ReasonCode, uniform: number): number {
  const mean = reasonMeanDays[reason];
  return Math.min(365, 1 + Math.floor(-Math.log(1 - uniform) * (mean - 0.5)));
}
