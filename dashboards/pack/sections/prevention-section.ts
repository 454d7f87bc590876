/**
 * Prevention: frontline flu uptake accumulated through the September–February season (against the same
 * point of the season before), sharps and splash exposures by month and PEP within 60 minutes.
 */
import { CHART_REGISTRY } from "../../charts/chart-registry.js";
import { formatCount, formatMonth } from "../../charts/chart-text.js";
import { disclosedCount, disclosedShare } from "../../charts/disclosed-share.js";
import { exposurePepValues } from "../../charts/exposure-pep-chart.js";
import { immunisationUptakeValues } from "../../charts/immunisation-uptake-chart.js";
import { numberOf } from "../mart-record.js";
import { ohActivity, PEP, shownPct, valuesTable, yearBefore } from "../oh-activity.js";
import { coverageFirst, coverageSentence } from "../oh-coverage.js";
import { optionalChart } from "../optional-chart.js";
import { DRIVERS } from "../pack-drivers.js";
import { quarterLabel } from "../pack-quarter.js";
import type { HeadlineFigure, HeadlineTile, PackChart, PackTable } from "../pack-types.js";
import type { PackSectionModule } from "./section-module.js";

const READS = ["mart_flu_uptake_by_month", "mart_exposure_pep", "mart_coverage"];

export const preventionSection: PackSectionModule = {
  id: "prevention",
  reads: () => READS,
  compose(context) {
    const { marts, end, label, scope, name, quarter, previous } = context;
    const geography = { level: scope.level, name };
    const paragraphs: string[] = [];
    const charts: PackChart[] = [];
    const tables: PackTable[] = [];
    const headline: HeadlineFigure[] = [];
    const tiles: HeadlineTile[] = [];
    const flu = (marts.oh?.flu ?? []).filter(
      (r) => r.frontline_headcount !== null && r.frontline_headcount > 0,
    );
    const latestFlu = flu.at(-1);
    if (latestFlu) {
      const share = disclosedShare(latestFlu.cumulative_vaccinated, latestFlu.frontline_headcount as number);
      const seasonEnded = latestFlu.month_end.slice(5, 7) === "02";
      paragraphs.push(
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
      const before = sameMonthBefore
        ? disclosedShare(sameMonthBefore.cumulative_vaccinated, sameMonthBefore.frontline_headcount as number)
        : undefined;
      if (sameMonthBefore && before)
        paragraphs.push(
          `At the same point of the ${sameMonthBefore.season} season uptake was ${before.note}.`,
        );
      if (share.percent !== null) {
        headline.push({
          label: `Frontline flu uptake, ${latestFlu.season} to ${formatMonth(latestFlu.month_end)}`,
          value: `${share.percent}%`,
        });
        tiles.push({
          label: `Frontline flu vaccine uptake, ${latestFlu.season} season to ${formatMonth(latestFlu.month_end)}`,
          value: `${share.percent}%`,
          changes: [
            sameMonthBefore && before
              ? `${before.note} at the same point of ${sameMonthBefore.season}`
              : "no earlier season to compare",
          ],
          comparison: null,
          icons: null,
          source: ["Own immunisation events", coverageSentence(context, "immunisation")]
            .filter(Boolean)
            .join(". "),
        });
      }
    }
    const fluSpec =
      flu.length > 0
        ? optionalChart(() => CHART_REGISTRY["immunisation-uptake"].build(flu, geography))
        : undefined;
    if (fluSpec) {
      charts.push({ id: "immunisation-uptake", spec: fluSpec, table: "flu-uptake-monthly.csv" });
      tables.push(
        valuesTable(
          "flu-uptake-monthly.csv",
          immunisationUptakeValues(flu, geography),
          ["season", "month_end", "vaccinated_count", "headcount_count", "uptake_pct"],
          context,
        ),
      );
    }
    const pep = marts.exposurePep.get(end)?.[0];
    const exposuresInQuarter = numberOf(pep, "exposures");
    if (exposuresInQuarter !== null) {
      const shownExposures = disclosedCount(exposuresInQuarter);
      const shownHigh = disclosedCount(numberOf(pep, "high_risk_exposures") ?? 0);
      paragraphs.push(
        `${shownExposures === null ? "A small number of" : formatCount(shownExposures)} sharps and splash exposures were reported in ${label}, ${shownHigh === null ? "a small number" : formatCount(shownHigh)} of them high-risk.`,
      );
    }
    const activity = ohActivity(context);
    const pepShare = activity.share(PEP, quarter);
    if (pepShare !== undefined) {
      const before = activity.share(PEP, previous);
      paragraphs.push(
        `High-risk exposures given PEP within 60 minutes: ${shownPct(pepShare)}` +
          (before === undefined ? "." : ` (${shownPct(before)} in ${quarterLabel(previous)}).`),
      );
      if (typeof pepShare === "number")
        headline.push({
          label: `High-risk exposures given PEP within 60 minutes, ${label}`,
          value: `${pepShare}%`,
        });
    }
    const exposures = (marts.oh?.exposures ?? []).filter(
      (r) => r.month_end > yearBefore(end) && r.month_end <= end,
    );
    const exposureSpec = optionalChart(() => CHART_REGISTRY["exposure-pep"].build(exposures, geography));
    if (exposureSpec) {
      charts.push({ id: "exposure-pep", spec: exposureSpec, table: "exposures-monthly.csv" });
      tables.push(
        valuesTable(
          "exposures-monthly.csv",
          exposurePepValues(exposures, geography),
          ["month_end", "exposures_count", "high_risk_count", "pep_within_60_count", "pep_pct"],
          context,
        ),
      );
    }
    if (paragraphs.length === 0) return { omitted: "immunisations and exposures" };
    coverageFirst(context, paragraphs, "immunisation", "exposure");
    const activityTables = pepShare !== undefined && activity.table ? [activity.table] : [];
    return {
      section: {
        id: "prevention",
        title: "Prevention: immunisation and exposures",
        driver: DRIVERS.access,
        reads: READS,
        paragraphs,
        charts: charts.map((c) => c.id),
        tables: [...activityTables, ...tables].map((t) => t.file),
      },
      charts,
      tables: [...activityTables, ...tables],
      headline,
      tiles,
    };
  },
};
