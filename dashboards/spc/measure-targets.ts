/**
 * Targets per measure from the configuration (`targets`): one for every scope, one per pack scope
 * ("england", "region:Y56", "ics:QHL", "org:RRK") over it, and who set it. A measure with no target has
 * none: no target line and no Making Data Count assurance icon, and the outputs say so rather than
 * borrowing one.
 */

export interface MeasureTargetSetting {
  /** The target (%) for every scope. */
  value?: number;
  /** Targets (%) of single scopes, keyed by the pack scope's key, over `value`. */
  scopes?: Readonly<Record<string, number>>;
  /** Who set it (a board paper, a plan, a local service level). */
  source?: string;
}

/** The measures that take a target, as the configuration names them. */
export interface TargetSettings {
  sicknessAbsenceRatePct?: MeasureTargetSetting;
  ohFirstAppointmentPct?: MeasureTargetSetting;
  ohReportPct?: MeasureTargetSetting;
}

export type TargetMeasure = keyof TargetSettings;

export interface ResolvedTarget {
  /** The target (%). */
  value: number;
  /** Whether it is the scope's own target or the one for every scope. */
  appliesTo: "scope" | "all scopes";
  source: string | null;
}

/** The measure's target for a scope, or null when none is configured. */
export function targetFor(
  targets: TargetSettings | undefined,
  measure: TargetMeasure,
  scopeKey: string,
): ResolvedTarget | null {
  const setting = targets?.[measure];
  if (!setting) return null;
  const own = setting.scopes?.[scopeKey];
  const source = setting.source ?? null;
  if (own !== undefined) return { value: own, appliesTo: "scope", source };
  if (setting.value !== undefined) return { value: setting.value, appliesTo: "all scopes", source };
  return null;
}
