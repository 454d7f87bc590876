/**
 * Headline: the quarter's sickness absence rate, its change on the previous quarter and the same quarter
 * last year, England beside it; the page-one tile with its Making Data Count icons; absence-quarter.csv.
 */
import { formatCount, formatRate } from "../../charts/chart-text.js";
import { packMessages } from "../../dashboard-messages.js";
import { ALL_STAFF_GROUPS } from "../../mart-rows.js";
import { absenceKey, type QuarterAbsence, round2 } from "../absence-quarter.js";
import { absenceIcons, absenceXmr } from "../absence-xmr.js";
import { disclosedQuarterRows } from "../disclosed-quarter.js";
import { absenceCoverageReads, absenceCoverageSentence, isAbsencePartial } from "../oh-coverage.js";
import { DRIVERS } from "../pack-drivers.js";
import { quarterKey, quarterLabel } from "../pack-quarter.js";
import type { Cell, HeadlineFigure, HeadlineTile } from "../pack-types.js";
import type { PackSectionModule } from "./section-module.js";

function changeText(current: number, before: QuarterAbsence | undefined, what: string): string {
  if (!before) return `There are no published figures for ${what}, so no change against it can be shown.`;
  const diff = round2(current) - round2(before.rate);
  const direction = diff > 0 ? "higher than" : diff < 0 ? "lower than" : "the same as";
  const amount = diff === 0 ? "" : `${Math.abs(diff).toFixed(2)} percentage points `;
  return `That is ${amount}${direction} ${what} (${formatRate(before.rate)}).`;
}

/** "+0.12 pp on Q3 2023 (5.26%)": a tile's change in a few words. */
function changeShort(current: number, before: QuarterAbsence | undefined, when: string): string {
  if (!before) return `${when}: not published`;
  const diff = round2(current) - round2(before.rate);
  const sign = diff > 0 ? "+" : diff < 0 ? "−" : "±";
  return `${sign}${Math.abs(diff).toFixed(2)} pp on ${when} (${formatRate(before.rate)})`;
}

export const headlineSection: PackSectionModule = {
  id: "headline",
  reads: (context) => [
    context.absenceTable,
    ...absenceCoverageReads(context),
    ...(context.publishedBefore || context.publishedYearBefore ? ["mart_absence_benchmark"] : []),
  ],
  compose(context) {
    const { current, before, yearBefore, england, scope, label, name, englandName } = context;
    const sourceWords = context.absenceSource === "benchmark" ? "NHS England published" : "own ESR events";
    const coverage = absenceCoverageSentence(context);
    // below the coverage threshold the figures are the reporting organisations', never the area's
    const only = isAbsencePartial(context) ? packMessages.packAbsenceReportingOnly() : "";
    const headline: HeadlineFigure[] = [
      { label: `Sickness absence rate${only}, ${label}`, value: formatRate(current.rate) },
      { label: `FTE days lost${only} (${sourceWords})`, value: formatCount(current.fte_days_lost) },
    ];
    if (before)
      headline.push({ label: `Rate, ${quarterLabel(context.previous)}`, value: formatRate(before.rate) });
    if (yearBefore)
      headline.push({ label: `Rate, ${quarterLabel(context.lastYear)}`, value: formatRate(yearBefore.rate) });
    if (england && scope.level !== "england")
      headline.push({ label: `${englandName}, ${label}`, value: formatRate(england.rate) });

    const paragraphs = [
      ...(coverage ? [coverage] : []),
      `The sickness absence rate${only} for ${name} in ${label} was ${formatRate(current.rate)}: ${formatCount(current.fte_days_lost)} FTE days lost of ${formatCount(current.fte_days_available)} FTE days available, all staff groups` +
        (current.months < 3
          ? `, from ${current.months} of the quarter's 3 months (the others were not published).`
          : "."),
      changeText(current.rate, before, `the previous quarter, ${quarterLabel(context.previous)}`),
      changeText(current.rate, yearBefore, `the same quarter last year, ${quarterLabel(context.lastYear)}`),
    ];
    // own events compared with own events above; where NHS England published the comparison quarter,
    // its figure is shown too, with the difference, so the site's published rate is not a mystery
    for (const [own, published, quarter] of [
      [before, context.publishedBefore, context.previous],
      [yearBefore, context.publishedYearBefore, context.lastYear],
    ] as const) {
      if (own && published)
        paragraphs.push(
          packMessages.packPublishedBeside(
            quarterLabel(quarter),
            formatRate(published.rate),
            formatRate(own.rate),
            Math.abs(round2(own.rate) - round2(published.rate)).toFixed(2),
          ),
        );
    }
    let comparison: string | null = null;
    if (england && scope.level !== "england") {
      const diff = round2(current.rate) - round2(england.rate);
      paragraphs.push(
        `${englandName}'s rate for the quarter was ${formatRate(england.rate)}; ${name} was ${diff === 0 ? "level with it" : `${Math.abs(diff).toFixed(2)} percentage points ${diff > 0 ? "above" : "below"} it`}.`,
      );
      comparison = `${englandName} ${formatRate(england.rate)} (${diff === 0 ? "level" : `${Math.abs(diff).toFixed(2)} pp ${diff > 0 ? "above" : "below"}`})`;
    }
    paragraphs.push(
      "Rates are Σ FTE days lost ÷ Σ FTE days available over the quarter's months (calendar quarter), computed from the sums rather than averaged from monthly rates.",
    );

    const tiles: HeadlineTile[] = [
      {
        label: `Sickness absence rate${only}, ${label}`,
        value: formatRate(current.rate),
        changes: [
          changeShort(current.rate, before, quarterLabel(context.previous).split(" (")[0] as string),
          changeShort(current.rate, yearBefore, quarterLabel(context.lastYear).split(" (")[0] as string),
        ],
        comparison,
        icons: absenceIcons(absenceXmr(context)),
        source:
          context.absenceSource === "benchmark"
            ? "NHS England, NHS Sickness Absence benchmarking tool"
            : ["The organisations' own ESR events", coverage].filter(Boolean).join(". "),
      },
      {
        label: `FTE days lost${only}, ${label}`,
        value: formatCount(current.fte_days_lost),
        changes: [`of ${formatCount(current.fte_days_available)} FTE days available`],
        comparison: null,
        icons: null,
        source:
          context.absenceSource === "benchmark"
            ? "NHS England published"
            : ["Own ESR events", coverage].filter(Boolean).join(". "),
      },
    ];

    const rows: Cell[][] = [context.quarter, context.previous, context.lastYear].flatMap((q) => {
      const qSums =
        q === context.quarter
          ? context.sums
          : q === context.previous
            ? context.sumsPrevious
            : context.sumsLastYear;
      const entries = [...qSums.values()]
        .filter((e) => e.level === scope.level && e.code === scope.code)
        .sort((a, b) => a.staff_group.localeCompare(b.staff_group));
      const englandTotal = qSums.get(absenceKey("england", "ENG", ALL_STAFF_GROUPS));
      const withEngland = scope.level !== "england" && englandTotal ? [...entries, englandTotal] : entries;
      return disclosedQuarterRows(withEngland, q).map((r) => {
        const e = qSums.get(absenceKey(r.level, r.code, r.staff_group));
        return [
          quarterKey(q),
          r.level,
          r.code,
          r.name,
          r.staff_group,
          r.fte_days_lost,
          r.fte_days_available,
          r.rate_pct,
          e?.months ?? null,
        ] as Cell[];
      });
    });
    return {
      section: {
        id: "headline",
        title: `Headline: ${name}, ${label}`,
        driver: DRIVERS.impact,
        reads: headlineSection.reads(context),
        paragraphs,
        charts: [],
        tables: ["absence-quarter.csv"],
      },
      headline,
      tiles,
      tables: [
        {
          file: "absence-quarter.csv",
          header: [
            "quarter",
            "level",
            "code",
            "name",
            "staff_group",
            "fte_days_lost",
            "fte_days_available",
            "rate_pct",
            "months_published",
          ],
          rows,
        },
      ],
    };
  },
};
