/** Staff groups (People): the quarter's highest and lowest published rates, and the staff-group chart. */
import { CHART_REGISTRY } from "../../charts/chart-registry.js";
import { formatMonth, formatRate } from "../../charts/chart-text.js";
import { partOfPublished } from "../../charts/published-part.js";
import { type AbsenceMartRow, ALL_STAFF_GROUPS } from "../../mart-rows.js";
import { disclosedQuarterRows } from "../disclosed-quarter.js";
import { DRIVERS } from "../pack-drivers.js";
import type { PackChart } from "../pack-types.js";
import type { PackSectionModule } from "./section-module.js";

/** " (from 1 of 9 organisations)" where a published rate sums only some of the organisations published. */
const partText = (row: AbsenceMartRow) => {
  const part = partOfPublished(row);
  return part ? ` (${part})` : "";
};

export const staffGroupsSection: PackSectionModule = {
  id: "staff-groups",
  reads: (context) => [context.absenceTable],
  compose(context) {
    const { scope, months, quarter } = context;
    const groups = disclosedQuarterRows(
      [...context.sums.values()].filter(
        (e) => e.level === scope.level && e.code === scope.code && e.staff_group !== ALL_STAFF_GROUPS,
      ),
      quarter,
    )
      .filter((r) => r.rate_pct !== null)
      .sort(
        (a, b) =>
          (b.rate_pct as number) - (a.rate_pct as number) || a.staff_group.localeCompare(b.staff_group),
      );
    const paragraphs: string[] = [];
    const top = groups[0];
    const bottom = groups[groups.length - 1];
    if (top && bottom && groups.length > 1) {
      paragraphs.push(
        `By staff group, the quarter's highest published rate was ${top.staff_group} at ${formatRate(top.rate_pct as number)}${partText(top)} and the lowest ${bottom.staff_group} at ${formatRate(bottom.rate_pct as number)}${partText(bottom)} (${groups.length} groups published).`,
      );
    } else {
      paragraphs.push("Too few staff groups were published for this scope and quarter to compare them.");
    }
    const charts: PackChart[] = [];
    const scopeMonth = [...months]
      .reverse()
      .find((m) => context.series.some((r) => r.month_end === m && !r.suppressed));
    if (scopeMonth) {
      charts.push({
        id: "staff-groups",
        spec: CHART_REGISTRY["staff-groups"].build(context.relevant, {
          code: scope.code,
          monthEnd: scopeMonth,
          ...(scope.level === "england" ? {} : { comparatorCode: "ENG" }),
        }),
        table: "absence-quarter.csv",
      });
      paragraphs.push(`The chart shows ${formatMonth(scopeMonth)}, the quarter's last published month.`);
    }
    return {
      section: {
        id: "staff-groups",
        title: "Staff groups",
        driver: DRIVERS.people,
        reads: staffGroupsSection.reads(context),
        paragraphs,
        charts: charts.map((c) => c.id),
        tables: ["absence-quarter.csv"],
      },
      charts,
    };
  },
};
