/**
 * How much of NHS England's publication a published rate above organisation level sums: blank
 * (suppressed) organisation rows cannot be added up, so an ICB's staff-group rate may come from a
 * few of its trusts (mart_published_absence_organisations). The charts say so beside the rate.
 */
import type { AbsenceMartRow } from "../mart-rows.js";

/**
 * "from 1 of 9 organisations" when a published rate above organisation level sums fewer organisations
 * than NHS England published for it (the others blank), else undefined.
 */
export function partOfPublished(row: AbsenceMartRow): string | undefined {
  const { organisations_summed: summed, organisations_published: of } = row;
  if (row.level === "organisation" || summed === undefined || of === undefined || summed >= of)
    return undefined;
  return `from ${summed} of ${of} organisations`;
}

/** The share of the published organisations a row sums, when it carries the counts. */
export function summedShare(row: {
  organisations_summed?: number;
  organisations_published?: number;
}): number | undefined {
  const { organisations_summed: summed, organisations_published: of } = row;
  return summed === undefined || of === undefined ? undefined : summed / of;
}

/** How many of a series' months sum fewer organisations than were published, and the fewest (as "1 of 9 organisations"). */
export function fewestOfPublished(rows: readonly AbsenceMartRow[]): { months: number; fewest?: string } {
  const partial = rows.filter((r) => partOfPublished(r) !== undefined);
  const fewest = partial.reduce<AbsenceMartRow | undefined>(
    (least, r) => (!least || (summedShare(r) as number) < (summedShare(least) as number) ? r : least),
    undefined,
  );
  return fewest
    ? {
        months: partial.length,
        fewest: `${fewest.organisations_summed} of ${fewest.organisations_published} organisations`,
      }
    : { months: 0 };
}
