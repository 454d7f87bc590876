/**
 * The pack's OH and value sections, organised by the strategy's drivers: timely, high-quality OH
 * services (referral waits against their targets, DNA, referrals by type and outcome), prevention
 * (frontline flu uptake through the season, exposures and PEP timeliness) and value (cost of absence,
 * days saved, ROI with their assumptions). Narrative sentences are generated from the same disclosed
 * numbers the charts and CSVs publish; a chart is shown only when its data exists for the scope.
 */
import type { TopLevelSpec } from "vega-lite";
import { OhwbError } from "../../core/errors.js";
import { formatCount, formatGbp, formatMonth, formatQuarter, formatRate } from "../charts/chart-text.js";
import { disclosedCount, disclosedShare } from "../charts/disclosed-share.js";
import { exposurePepChart } from "../charts/exposure-pep-chart.js";
import { immunisationUptakeChart } from "../charts/immunisation-uptake-chart.js";
import type { ChartGeography } from "../charts/oh-chart-rows.js";
import { OH_TIMELINESS_TARGETS, ohTimelinessChart } from "../charts/oh-timeliness-chart.js";
import { discloseReferralCategories, referralOutcomesChart } from "../charts/referral-outcomes-chart.js";
import { roiText, valueAssumptionsText, valueRoiChart } from "../charts/value-roi-chart.js";
import { type CoverageSource, coverageKey, coverageLabel, isPartialCoverage } from "../coverage.js";
import { packMessages } from "../dashboard-messages.js";
import {
  type Disclosed,
  discloseCount,
  disclosePercentage,
  ESR_MIN_FTE_DAYS_AVAILABLE,
} from "../disclosure/disclosure-control.js";
import type { OhGeographySeries } from "../site/oh-source.js";
import { round2 } from "./absence-quarter.js";
import type { Cell, HeadlineFigure, PackChart, PackSection, PackTable } from "./pack-content.js";
import { DRIVERS } from "./pack-drivers.js";
import {
  previousQuarter,
  type Quarter,
  quarterEnd,
  quarterKey,
  quarterLabel,
  sameQuarterLastYear,
} from "./pack-quarter.js";
import type { PackScope } from "./pack-scope.js";
import type { MartRecord, ScopeMarts } from "./pack-source.js";

export interface OhSectionsInput {
  marts: ScopeMarts;
  scope: PackScope;
  quarter: Quarter;
  name: string;
  /** The headline's FTE days lost and where they come from, so the cost can name both sources. */
  headlineDaysLost?: { value: number; source: "benchmark" | "warehouse" };
}

export interface OhSections {
  sections: PackSection[];
  charts: PackChart[];
  tables: PackTable[];
  headline: HeadlineFigure[];
  assumptions: Record<string, unknown>;
  /** Why some OH sections are left out (for the method page); null when none is. */
  omitted: string | null;
}

/** Why ROI is or is not computed (mart_value_roi.roi_status); no row at all: no data for the scope. */
export type RoiStatus =
  | "computed"
  | "baseline_period"
  | "no_absence_data"
  | "no_service_cost"
  | "no_baseline"
  | "no_value_row";

function roiStatusOf(value: MartRecord | undefined): RoiStatus {
  if (!value) return "no_value_row";
  const status = String(value.roi_status);
  const known: readonly RoiStatus[] = [
    "computed",
    "baseline_period",
    "no_absence_data",
    "no_service_cost",
    "no_baseline",
  ];
  return (known as readonly string[]).includes(status) ? (status as RoiStatus) : "no_value_row";
}

/** The configured baseline in words, from the assumptions the row carries. */
function baselineText(value: MartRecord | undefined): string {
  if (typeof value?.assumptions_json !== "string") return "the configured baseline";
  const baseline = (JSON.parse(value.assumptions_json) as { baseline?: Record<string, unknown> }).baseline;
  if (baseline?.kind === "pre_period")
    return `the pre-period ${String(baseline.pre_period_start)} to ${String(baseline.pre_period_end)}`;
  if (baseline?.kind === "before_first_cost")
    return `the ${String(baseline.months)} months before the first OH service cost`;
  return "the benchmark-group peer rate";
}

/** The low / central / high assumptions behind the ROI range, from the row's value model. */
function sensitivityText(value: MartRecord): string | null {
  if (typeof value.assumptions_json !== "string") return null;
  const sensitivity = (
    JSON.parse(value.assumptions_json) as {
      sensitivity?: {
        cost_per_fte_factor: Record<"low" | "central" | "high", number>;
        attributed_share: Record<"low" | "central" | "high", number>;
      };
    }
  ).sensitivity;
  if (!sensitivity) return null;
  const pct = (x: number) => `${Math.round(x * 100)}%`;
  const { cost_per_fte_factor: cost, attributed_share: share } = sensitivity;
  return `Assumptions (low / central / high): cost per FTE at ${pct(cost.low)} / ${pct(cost.central)} / ${pct(cost.high)} of the configured figures; ${pct(share.low)} / ${pct(share.central)} / ${pct(share.high)} of the change in absence against the baseline attributed to the OH service.`;
}

function numberOf(record: MartRecord | undefined, key: string): number | null {
  const value = record?.[key];
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

function shownPct(value: Disclosed | null): string {
  return value === null ? "none" : value === "*" ? "*" : `${value}%`;
}

/** A chart's data.values (disclosed) as a CSV: null counts are withheld ("*"), other nulls empty. */
function chartTable(
  file: string,
  spec: TopLevelSpec,
  columns: readonly string[],
  scope: PackScope,
): PackTable {
  const values = (spec as { data?: { values?: Record<string, unknown>[] } }).data?.values ?? [];
  return {
    file,
    header: ["level", "code", ...columns],
    rows: values.map((v) => [
      scope.level,
      scope.code,
      ...columns.map((c): Cell => {
        const x = v[c];
        if (x === null || x === undefined) return c.endsWith("_count") ? "*" : null;
        return typeof x === "number" || typeof x === "string" ? x : String(x);
      }),
    ]),
  };
}

/** Chart data of a spec, for sentences built from exactly what the chart publishes. */
function chartValues(spec: TopLevelSpec): Record<string, unknown>[] {
  return (spec as { data?: { values?: Record<string, unknown>[] } }).data?.values ?? [];
}

/** A chart, or undefined when its builder finds nothing publishable (e.g. every month withheld). */
function optionalChart(build: () => TopLevelSpec): TopLevelSpec | undefined {
  try {
    return build();
  } catch (error) {
    if (error instanceof OhwbError && error.code === "CHART_INPUT") return undefined;
    throw error;
  }
}

/** Month ends after this are in the 12 months to the quarter's end (quarter ends are never in February). */
function yearBefore(end: string): string {
  return `${Number(end.slice(0, 4)) - 1}${end.slice(4)}`;
}

export function composeOhSections(input: OhSectionsInput): OhSections {
  const { marts, scope, quarter, name } = input;
  const coverageOf = (source: CoverageSource) =>
    marts.coverage?.get(coverageKey(scope.level, scope.code, source));
  /** The section's first paragraph above organisation level: how much of the area its figures cover. */
  const coverageFirst = (paragraphs: string[], ...sources: CoverageSource[]) => {
    const labels = [
      ...new Set(sources.map((s) => coverageLabel(coverageOf(s))).filter((l): l is string => l !== null)),
    ];
    if (paragraphs.length > 0 && labels.length > 0)
      paragraphs.unshift(packMessages.packCoverage(labels.join(" ")));
  };
  const oh: OhGeographySeries | undefined = marts.oh;
  const geography: ChartGeography = { level: scope.level, name };
  const end = quarterEnd(quarter);
  const since = yearBefore(end);
  const label = quarterLabel(quarter);
  const previous = previousQuarter(quarter);
  const lastYear = sameQuarterLastYear(quarter);
  const sections: PackSection[] = [];
  const charts: PackChart[] = [];
  const tables: PackTable[] = [];
  const headline: HeadlineFigure[] = [];
  const assumptions: Record<string, unknown> = {};
  const missing: string[] = [];

  // ---- Quarter measures under rules 2 and 3, written to oh-activity.csv ----
  const ohRows: Cell[][] = [];
  const measure = (
    measureName: string,
    numerator: number | null,
    denominator: number | null,
    q: Quarter = quarter,
  ): Disclosed | null | undefined => {
    if (numerator === null || denominator === null || denominator === 0) return undefined;
    const shownNumerator = discloseCount(numerator);
    // Stricter than rule 3: a withheld numerator withholds its percentage too (6.8% of 105 is 7 people).
    const share = shownNumerator === "*" ? "*" : disclosePercentage(numerator, denominator);
    ohRows.push([
      quarterKey(q),
      scope.level,
      scope.code,
      measureName,
      shownNumerator,
      discloseCount(denominator),
      share,
    ]);
    return share;
  };
  const quarterShare = (
    rows: ScopeMarts["referralWaits"],
    q: Quarter,
    measureName: string,
    numeratorKey: string,
    denominatorKey: string,
  ) => {
    const row = rows.get(quarterEnd(q))?.[0];
    return measure(measureName, numberOf(row, numeratorKey), numberOf(row, denominatorKey), q);
  };

  // ---- Timely, high-quality OH services ----
  const targets = OH_TIMELINESS_TARGETS;
  const timelinessParagraphs: string[] = [];
  const timelinessCharts: string[] = [];
  const timelinessTables: string[] = [];
  const firstName = "first appointment within 10 working days";
  const reportName = "report within 2 working days";
  const firstAppt = quarterShare(
    marts.referralWaits,
    quarter,
    firstName,
    "first_appointment_within_10_wd",
    "first_appointment_referrals",
  );
  const report = quarterShare(
    marts.referralWaits,
    quarter,
    reportName,
    "reports_within_2_wd",
    "reports_issued",
  );
  const against = (share: Disclosed | null | undefined, target: number) =>
    typeof share === "number" ? ` (target ${target}%: ${share >= target ? "met" : "not met"})` : "";
  const compare = (measureName: string, numeratorKey: string, denominatorKey: string) => {
    const parts = [previous, lastYear].flatMap((q) => {
      const share = quarterShare(marts.referralWaits, q, measureName, numeratorKey, denominatorKey);
      return share === undefined ? [] : [`${shownPct(share)} in ${quarterLabel(q)}`];
    });
    return parts.length > 0 ? ` That compares with ${parts.join(" and ")}.` : "";
  };
  if (firstAppt !== undefined) {
    timelinessParagraphs.push(
      `First appointment within 10 working days of referral: ${shownPct(firstAppt)} of referrals with an appointment in ${label}${against(firstAppt, targets.firstAppointmentPct)}.` +
        compare(firstName, "first_appointment_within_10_wd", "first_appointment_referrals"),
    );
    if (typeof firstAppt === "number")
      headline.push({ label: `First appointment within 10 working days, ${label}`, value: `${firstAppt}%` });
  }
  if (report !== undefined)
    timelinessParagraphs.push(
      `Reports issued within 2 working days of the appointment: ${shownPct(report)}${against(report, targets.reportPct)}.` +
        compare(reportName, "reports_within_2_wd", "reports_issued"),
    );
  const dna = marts.appointmentDna.get(end)?.[0];
  const dnaShare = measure(
    "did not attend",
    numberOf(dna, "appointments_dna"),
    numberOf(dna, "appointments_booked"),
  );
  if (dnaShare !== undefined)
    timelinessParagraphs.push(`Did-not-attend rate: ${shownPct(dnaShare)} of booked appointments.`);
  const waitsSeries = (oh?.referralWaits ?? []).filter((r) => r.month_end > since && r.month_end <= end);
  const timelinessSpec = optionalChart(() => ohTimelinessChart(waitsSeries, geography));
  if (timelinessSpec) {
    const spec = timelinessSpec;
    charts.push({ id: "oh-timeliness", spec });
    timelinessCharts.push("oh-timeliness");
    const values = chartValues(spec);
    const met = (measureLabel: string, target: number) => {
      const shown = values.filter((v) => v.measure === measureLabel && typeof v.percent === "number");
      return `${shown.filter((v) => (v.percent as number) >= target).length} of ${shown.length}`;
    };
    timelinessParagraphs.push(
      `Over the 12 months to ${formatMonth(end)}, first appointments met the ${targets.firstAppointmentPct}% target in ${met("First appointment within 10 working days", targets.firstAppointmentPct)} published months and reports the ${targets.reportPct}% target in ${met("Report within 2 working days", targets.reportPct)}. ` +
        "The 10 and 2 working-day thresholds are the MoHaWK indicators; SEQOHS requires every service to set target waiting times in its SLA but sets no numbers, so the percentage targets are a stated assumption.",
    );
    tables.push(
      chartTable(
        "oh-timeliness-monthly.csv",
        spec,
        ["month_end", "measure", "within_target_count", "denominator_count", "percent", "target_pct"],
        scope,
      ),
    );
    timelinessTables.push("oh-timeliness-monthly.csv");
    assumptions.ohTimelinessTargets = {
      firstAppointmentWithin10WorkingDaysPct: targets.firstAppointmentPct,
      reportWithin2WorkingDaysPct: targets.reportPct,
      source: "local SLA assumption (SEQOHS sets no numbers; thresholds from MoHaWK)",
    };
  }

  // ---- Prevention: immunisation and exposures ----
  const preventionParagraphs: string[] = [];
  const preventionCharts: string[] = [];
  const preventionTables: string[] = [];
  const flu = (oh?.flu ?? []).filter((r) => r.frontline_headcount !== null && r.frontline_headcount > 0);
  const latestFlu = flu.at(-1);
  if (latestFlu) {
    const share = disclosedShare(latestFlu.cumulative_vaccinated, latestFlu.frontline_headcount as number);
    const seasonEnded = latestFlu.month_end.slice(5, 7) === "02";
    preventionParagraphs.push(
      `Frontline flu vaccine uptake: ${share.note === "withheld (small numbers)" ? "withheld for small numbers" : share.note} of frontline staff ${seasonEnded ? `over the ${latestFlu.season} season` : `by the end of ${formatMonth(latestFlu.month_end)}, in the ${latestFlu.season} season so far`}` +
        (share.numerator_count !== null && share.denominator_count !== null
          ? ` (${formatCount(share.numerator_count)} of a frontline headcount of ${formatCount(share.denominator_count)}).`
          : "."),
    );
    const sameMonthBefore = flu.find(
      (r) =>
        r.season !== latestFlu.season &&
        r.month_end.slice(5, 7) === latestFlu.month_end.slice(5, 7) &&
        r.month_end < latestFlu.month_end,
    );
    if (sameMonthBefore) {
      const before = disclosedShare(
        sameMonthBefore.cumulative_vaccinated,
        sameMonthBefore.frontline_headcount as number,
      );
      preventionParagraphs.push(
        `At the same point of the ${sameMonthBefore.season} season uptake was ${before.note}.`,
      );
    }
    if (share.percent !== null)
      headline.push({
        label: `Frontline flu uptake, ${latestFlu.season} to ${formatMonth(latestFlu.month_end)}`,
        value: `${share.percent}%`,
      });
  }
  const fluSpec = flu.length > 0 ? optionalChart(() => immunisationUptakeChart(flu, geography)) : undefined;
  if (fluSpec) {
    charts.push({ id: "immunisation-uptake", spec: fluSpec });
    preventionCharts.push("immunisation-uptake");
    tables.push(
      chartTable(
        "flu-uptake-monthly.csv",
        fluSpec,
        ["season", "month_end", "vaccinated_count", "headcount_count", "uptake_pct"],
        scope,
      ),
    );
    preventionTables.push("flu-uptake-monthly.csv");
  }
  const pep = marts.exposurePep.get(end)?.[0];
  const exposuresInQuarter = numberOf(pep, "exposures");
  if (exposuresInQuarter !== null) {
    const shownExposures = disclosedCount(exposuresInQuarter);
    const shownHigh = disclosedCount(numberOf(pep, "high_risk_exposures") ?? 0);
    preventionParagraphs.push(
      `${shownExposures === null ? "A small number of" : formatCount(shownExposures)} sharps and splash exposures were reported in ${label}, ${shownHigh === null ? "a small number" : formatCount(shownHigh)} of them high-risk.`,
    );
  }
  const pepShare = measure(
    "PEP within 60 minutes of a high-risk exposure",
    numberOf(pep, "pep_within_60_minutes"),
    numberOf(pep, "high_risk_exposures"),
  );
  if (pepShare !== undefined) {
    const before = quarterShare(
      marts.exposurePep,
      previous,
      "PEP within 60 minutes of a high-risk exposure",
      "pep_within_60_minutes",
      "high_risk_exposures",
    );
    preventionParagraphs.push(
      `High-risk exposures given PEP within 60 minutes: ${shownPct(pepShare)}` +
        (before === undefined ? "." : ` (${shownPct(before)} in ${quarterLabel(previous)}).`),
    );
    if (typeof pepShare === "number")
      headline.push({
        label: `High-risk exposures given PEP within 60 minutes, ${label}`,
        value: `${pepShare}%`,
      });
  }
  const exposureSeries = (oh?.exposures ?? []).filter((r) => r.month_end > since && r.month_end <= end);
  const exposureSpec = optionalChart(() => exposurePepChart(exposureSeries, geography));
  if (exposureSpec) {
    const spec = exposureSpec;
    charts.push({ id: "exposure-pep", spec });
    preventionCharts.push("exposure-pep");
    tables.push(
      chartTable(
        "exposures-monthly.csv",
        spec,
        ["month_end", "exposures_count", "high_risk_count", "pep_within_60_count", "pep_pct"],
        scope,
      ),
    );
    preventionTables.push("exposures-monthly.csv");
  }

  // ---- Referrals by type and outcome (supporting recovery) ----
  const referralParagraphs: string[] = [];
  const referralCharts: string[] = [];
  const referralTables: string[] = [];
  const categories = (oh?.referralCategories ?? []).filter(
    (r) => r.quarter_end > since && r.quarter_end <= end,
  );
  if (categories.length > 0) {
    const disclosed = discloseReferralCategories(categories, scope.level);
    const inQuarter = disclosed.filter((c) => c.quarter_end === end);
    const summary = (breakdown: string) => {
      const shown = inQuarter
        .filter((c) => c.breakdown === breakdown && c.referrals_count !== null)
        .sort((a, b) => (b.referrals_count as number) - (a.referrals_count as number));
      return shown.map((c) => `${c.category.toLowerCase()} ${c.note}`).join(", ");
    };
    const types = summary("By referral type");
    const outcomes = summary("By latest outcome");
    referralParagraphs.push(
      inQuarter.length === 0
        ? `No referrals were received in ${label}.`
        : `Referrals received in ${label} by type: ${types || "all withheld for small numbers"}. By latest outcome recorded: ${outcomes || "all withheld for small numbers"}.`,
    );
    referralParagraphs.push(
      "Outcomes are the latest fitness outcome recorded for each referral; referrals still in progress show as none yet, so the latest quarter's outcomes fill in over time.",
    );
  }
  const referralSpec =
    categories.length > 0 ? optionalChart(() => referralOutcomesChart(categories, geography)) : undefined;
  if (referralSpec) {
    charts.push({ id: "referral-outcomes", spec: referralSpec });
    referralCharts.push("referral-outcomes");
    tables.push(
      chartTable(
        "referrals-by-quarter.csv",
        referralSpec,
        ["quarter", "breakdown", "category", "referrals_count"],
        scope,
      ),
    );
    referralTables.push("referrals-by-quarter.csv");
  }

  const activityTables: string[] = [];
  if (ohRows.length > 0) {
    // Current quarter first, then the comparison quarters, as the narrative reads them.
    const order = [quarter, previous, lastYear].map(quarterKey);
    tables.push({
      file: "oh-activity.csv",
      header: ["quarter", "level", "code", "measure", "numerator_count", "denominator_count", "percent"],
      rows: [...ohRows].sort((a, b) => order.indexOf(String(a[0])) - order.indexOf(String(b[0]))),
    });
    activityTables.push("oh-activity.csv");
  }
  const disclosureNote =
    "Counts at every level are rounded to the nearest 5 and 1–7 shown as *; percentages come from the rounded counts and are withheld when either count is.";
  coverageFirst(timelinessParagraphs, "oh_case_management");
  coverageFirst(referralParagraphs, "oh_case_management");
  coverageFirst(preventionParagraphs, "immunisation", "exposure");
  // A section appears only where the data speaks to its driver; the method page lists the rest.
  if (timelinessParagraphs.length > 0) {
    timelinessParagraphs.push(disclosureNote);
    sections.push({
      id: "oh-timeliness",
      title: "Timely, high-quality OH services",
      driver: DRIVERS.measurement,
      paragraphs: timelinessParagraphs,
      charts: timelinessCharts,
      tables: [...activityTables, ...timelinessTables],
    });
  } else missing.push("OH referral waits and appointments");
  if (referralParagraphs.length > 0)
    sections.push({
      id: "oh-referrals",
      title: "OH referrals by type and outcome",
      driver: DRIVERS.evidence,
      paragraphs: referralParagraphs,
      charts: referralCharts,
      tables: referralTables,
    });
  else missing.push("OH referrals by type and outcome");
  if (preventionParagraphs.length > 0)
    sections.push({
      id: "prevention",
      title: "Prevention: immunisation and exposures",
      driver: DRIVERS.access,
      paragraphs: preventionParagraphs,
      charts: preventionCharts,
      tables: [...(pepShare === undefined ? [] : activityTables), ...preventionTables],
    });
  else missing.push("immunisations and exposures");

  // ---- Value and ROI (Identity and impact: the value proposition) ----
  const cost = marts.sicknessCost.get(end)?.[0];
  const value = marts.valueRoi.get(end)?.[0];
  const valueParagraphs: string[] = [];
  const valueRows: Cell[][] = [];
  const valueCharts: string[] = [];
  const costGbp = numberOf(cost, "cost_of_absence_gbp");
  const esrCoverage = coverageOf("esr");
  // Below the coverage threshold a total is the reporting organisations', never the area's.
  const partial = isPartialCoverage(esrCoverage);
  const whose = partial
    ? packMessages.packReportingOnly(esrCoverage?.organisations_reporting ?? 0, name)
    : "";
  if (costGbp !== null) {
    valueParagraphs.push(
      `Sickness absence${whose} in ${label} cost an estimated ${formatGbp(costGbp)} (FTE days lost in the organisations' own ESR events × annual cost per FTE ÷ 365; weighted cost per FTE ${formatGbp(numberOf(cost, "assumption_cost_per_fte_gbp") ?? 0)}).`,
    );
    valueRows.push([quarterKey(quarter), scope.level, scope.code, "cost_of_absence_gbp", round2(costGbp)]);
    // One number, one source: the cost prices the ESR events' days; when the headline shows NHS
    // England's published days instead, show both, the difference, and the published days priced alike.
    const eventDays = numberOf(cost, "fte_days_lost");
    const headlineDays = input.headlineDaysLost;
    if (eventDays !== null && eventDays > 0 && headlineDays?.source === "benchmark") {
      valueParagraphs.push(
        packMessages.packTwoSources(
          formatCount(eventDays),
          formatCount(headlineDays.value),
          formatCount(headlineDays.value - eventDays),
          formatGbp((costGbp / eventDays) * headlineDays.value),
        ),
      );
      valueRows.push([
        quarterKey(quarter),
        scope.level,
        scope.code,
        "published_days_priced_gbp",
        round2((costGbp / eventDays) * headlineDays.value),
      ]);
    }
    if (typeof cost?.assumptions_json === "string")
      assumptions.sicknessCost = JSON.parse(cost.assumptions_json);
  }
  const daysSaved = numberOf(value, "days_saved");
  const status = roiStatusOf(value);
  if (value && daysSaved !== null) {
    const benefit = numberOf(value, "benefit_gbp") ?? 0;
    valueParagraphs.push(
      `Against a ${String(value.assumption_baseline_kind).replaceAll("_", " ")} baseline rate of ${formatRate(numberOf(value, "assumption_baseline_rate_pct") ?? 0)}, ${formatCount(daysSaved)} FTE days were ${daysSaved >= 0 ? "saved" : "lost over the baseline"}, worth ${formatGbp(benefit)}.`,
    );
  }
  const serviceCost = numberOf(value, "service_cost_gbp");
  const roi = numberOf(value, "roi");
  if (status === "computed" && serviceCost !== null && roi !== null) {
    const ratio = numberOf(value, "benefit_cost_ratio") ?? 0;
    const [roiLow, roiHigh, ratioLow, ratioHigh] = [
      "roi_low",
      "roi_high",
      "benefit_cost_ratio_low",
      "benefit_cost_ratio_high",
    ].map((k) => numberOf(value, k) ?? Number.NaN);
    valueParagraphs.push(
      `With an OH service cost of ${formatGbp(serviceCost)}, the return on investment was ${roi.toFixed(2)} (${ratio.toFixed(2)} of benefit per £1); under the low and high assumptions it ranges from ${(roiLow as number).toFixed(2)} to ${(roiHigh as number).toFixed(2)} (${(ratioLow as number).toFixed(2)} to ${(ratioHigh as number).toFixed(2)} per £1).`,
    );
    const sensitivity = value ? sensitivityText(value) : null;
    if (sensitivity) valueParagraphs.push(sensitivity);
    headline.push({
      label: `Return on investment, ${label}${partial ? " (reporting organisations only)" : ""}`,
      value: roi.toFixed(2),
    });
  } else if (costGbp !== null || value) {
    valueParagraphs.push(packMessages.packRoiMissing(status, baselineText(value)));
  }
  if (value) {
    for (const k of [
      "days_saved",
      "benefit_gbp",
      "service_cost_gbp",
      "roi",
      "benefit_cost_ratio",
      "roi_low",
      "roi_high",
      "benefit_cost_ratio_low",
      "benefit_cost_ratio_high",
      "assumption_cost_per_fte_gbp",
      "assumption_baseline_rate_pct",
    ]) {
      const v = numberOf(value, k);
      if (v !== null) valueRows.push([quarterKey(quarter), scope.level, scope.code, k, round2(v)]);
    }
    if (typeof value.assumptions_json === "string")
      assumptions.valueModel = JSON.parse(value.assumptions_json);
    assumptions.baselineKind = value.assumption_baseline_kind;
    assumptions.roiStatus = status;
  }
  const valueSeries = (oh?.value ?? []).filter((r) => r.quarter_end > since && r.quarter_end <= end);
  // The quarters the chart can show (rule 1: more than 330 FTE days available).
  const latestValue = valueSeries
    .filter((r) => r.fte_days_available === null || r.fte_days_available > ESR_MIN_FTE_DAYS_AVAILABLE)
    .filter((r) => r.cost_of_absence_gbp !== null || r.days_saved !== null)
    .at(-1);
  const valueTables: string[] = [];
  if (valueRows.length > 0) {
    tables.push({
      file: "value-roi.csv",
      header: ["quarter", "level", "code", "measure", "value"],
      rows: valueRows,
    });
    valueTables.push("value-roi.csv");
  }
  if (latestValue) {
    const sources = {
      ...(oh?.costSource ? { costSource: oh.costSource } : {}),
      ...(oh?.baselineSource ? { baselineSource: oh.baselineSource } : {}),
    };
    const spec = valueRoiChart(valueSeries, { ...geography, ...sources });
    charts.push({ id: "value-roi", spec });
    valueCharts.push("value-roi");
    const shownQuarters = [...new Set(chartValues(spec).map((v) => String(v.quarter)))];
    valueParagraphs.push(
      `The chart shows ${shownQuarters.join(", ")}; in ${formatQuarter(latestValue.quarter_end)}: ${roiText(latestValue)}. Assumptions: ${valueAssumptionsText(latestValue, sources)}`,
    );
    tables.push(
      chartTable(
        "value-roi-quarterly.csv",
        spec,
        ["quarter", "measure", "gbp", "days_saved", "roi", "benefit_cost_ratio"],
        scope,
      ),
    );
    valueTables.push("value-roi-quarterly.csv");
  }
  coverageFirst(valueParagraphs, "esr");
  if (valueParagraphs.length > 0) {
    valueParagraphs.push(
      "Every figure carries the value-model assumptions it used; they are listed in manifest.json.",
    );
    sections.push({
      id: "value",
      title: "Value and return on investment",
      driver: DRIVERS.impact,
      paragraphs: valueParagraphs,
      charts: valueCharts,
      tables: valueTables,
    });
  } else missing.push("sickness cost and value (from warehouse absence episodes)");
  return {
    sections,
    charts,
    tables,
    headline,
    assumptions,
    omitted: missing.length > 0 ? packMessages.packOhSectionsOmitted(missing, label) : null,
  };
}
