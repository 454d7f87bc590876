/** OH referrals by type and latest outcome (stacked by quarter, complementary suppression). */
import { CHART_REGISTRY } from "../../charts/chart-registry.js";
import { discloseReferralCategories } from "../../charts/referral-outcomes-chart.js";
import { valuesTable, yearBefore } from "../oh-activity.js";
import { coverageFirst } from "../oh-coverage.js";
import { optionalChart } from "../optional-chart.js";
import { DRIVERS } from "../pack-drivers.js";
import type { PackChart, PackTable } from "../pack-types.js";
import type { PackSectionModule } from "./section-module.js";

const READS = ["mart_referral_mix", "mart_coverage"];

export const ohReferralsSection: PackSectionModule = {
  id: "oh-referrals",
  reads: () => READS,
  compose(context) {
    const { end, label, scope, name } = context;
    const categories = (context.marts.oh?.referralCategories ?? []).filter(
      (r) => r.quarter_end > yearBefore(end) && r.quarter_end <= end,
    );
    if (categories.length === 0) return { omitted: "OH referrals by type and outcome" };
    const paragraphs: string[] = [];
    const disclosed = discloseReferralCategories(categories, scope.level);
    const inQuarter = disclosed.filter((c) => c.quarter_end === end);
    const summary = (breakdown: string) =>
      inQuarter
        .filter((c) => c.breakdown === breakdown && c.referrals_count !== null)
        .sort((a, b) => (b.referrals_count as number) - (a.referrals_count as number))
        .map((c) => `${c.category.toLowerCase()} ${c.note}`)
        .join(", ");
    const types = summary("By referral type");
    const outcomes = summary("By latest outcome");
    paragraphs.push(
      inQuarter.length === 0
        ? `No referrals were received in ${label}.`
        : `Referrals received in ${label} by type: ${types || "all withheld for small numbers"}. By latest outcome recorded: ${outcomes || "all withheld for small numbers"}.`,
      "Outcomes are the latest fitness outcome recorded for each referral; referrals still in progress show as none yet, so the latest quarter's outcomes fill in over time.",
    );
    const charts: PackChart[] = [];
    const tables: PackTable[] = [];
    const spec = optionalChart(() =>
      CHART_REGISTRY["referral-outcomes"].build(categories, { level: scope.level, name }),
    );
    if (spec) {
      charts.push({ id: "referral-outcomes", spec, table: "referrals-by-quarter.csv" });
      tables.push(
        valuesTable(
          "referrals-by-quarter.csv",
          disclosed,
          ["quarter", "breakdown", "category", "referrals_count"],
          context,
        ),
      );
    }
    coverageFirst(context, paragraphs, "oh_case_management");
    return {
      section: {
        id: "oh-referrals",
        title: "OH referrals by type and outcome",
        driver: DRIVERS.evidence,
        reads: READS,
        paragraphs,
        charts: charts.map((c) => c.id),
        tables: tables.map((t) => t.file),
      },
      charts,
      tables,
    };
  },
};
