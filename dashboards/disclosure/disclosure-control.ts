/**
 * Disclosure control for published tables, domain notes §10 rules 1–4. Applied only at the publish
 * layer (rule 6): marts keep complete figures, outputs pass through here.
 * 1. FTE-day rates: denominator ≤ 330 → numerator, denominator and rate nulled, reason 'ESR_330'.
 * 2. Counts at every level: 0 stays 0; 1–7 → "*"; otherwise round half-up to the nearest 5. The
 *    domain notes exempted England, but a level's name says nothing about how many people are behind
 *    a figure: with one trust loaded, "England" is that trust. So no level is exempt.
 * 3. Percentages: "*" when the numerator or the denominator is withheld; otherwise computed from the
 *    rounded counts as published (NHS England's secondary-care method), 1 dp, so "10 of 15" is shown
 *    as 66.7% and never as the 92.3% that only 12 of 13 gives. Means from 1–7 values → "*".
 * 4. Complementary (secondary) suppression, as NHS England and ONS apply it: a line — parts and their
 *    total — with exactly one suppressed cell lets that cell be recovered by subtraction, so the
 *    next-smallest published part (else the total) is suppressed too, until no line has exactly one.
 *    For absence rates the lines are the staff groups of one geography against its 'All staff groups'
 *    row, and each geography against every lower level inside it (organisations in an ICB, ICBs and
 *    organisations in a region, regions, ICBs and organisations in England), so no suppressed
 *    organisation can be had from its ICB total minus its published siblings.
 */
import { DashboardInputError } from "../dashboard-errors.js";
import { dashboardMessages } from "../dashboard-messages.js";
import { type AbsenceMartRow, ALL_STAFF_GROUPS, type GeographyLevel } from "../mart-rows.js";

export const SUPPRESSED = "*";
export type Disclosed = number | typeof SUPPRESSED;

/** Publisher's rule: FTE days available ≤ 330 are withheld [domain §2, S2]. */
export const ESR_MIN_FTE_DAYS_AVAILABLE = 330;
/** Counts (and denominators of percentages) from 1 to this many are suppressed. */
export const SMALL_COUNT_MAX = 7;
export const COUNT_ROUNDING_BASE = 5;

export type AbsenceRateRow = AbsenceMartRow;

/** Which ICB and region an organisation belongs to (site/benchmark-source.ts reads them). */
export interface OrganisationHierarchy {
  code: string;
  icsCode: string | null;
  regionCode: string | null;
}

/**
 * Why a rate is withheld: ESR_330 (330 FTE days available or fewer), COMPLEMENTARY (rule 4: it would
 * let a withheld rate be worked out from the total), NO_FTE_DAYS (days lost but no FTE days recorded,
 * so there is no rate to compute: missing data, not small numbers).
 */
export type SuppressedReason = "ESR_330" | "COMPLEMENTARY" | "NO_FTE_DAYS";

export interface DisclosedAbsenceRateRow extends AbsenceRateRow {
  suppressed_reason: SuppressedReason | null;
}

function checkCount(n: number): void {
  if (!Number.isInteger(n) || n < 0) {
    throw new DashboardInputError("DISCLOSURE_INPUT", dashboardMessages.disclosureBadCount(n));
  }
}

/** Rule 2 for one count, at any level. */
export function discloseCount(n: number): Disclosed {
  checkCount(n);
  if (n === 0) return n;
  if (n <= SMALL_COUNT_MAX) return SUPPRESSED;
  return Math.floor(n / COUNT_ROUNDING_BASE + 0.5) * COUNT_ROUNDING_BASE;
}

/** Rule 3: a percentage of the published (rounded) counts, 1 dp; "*" when either is withheld; null when 0 of 0. */
export function disclosePercentage(numerator: number, denominator: number): Disclosed | null {
  checkCount(numerator);
  checkCount(denominator);
  if (denominator === 0) return null;
  const shownDenominator = discloseCount(denominator);
  const shownNumerator = discloseCount(numerator);
  if (shownDenominator === SUPPRESSED || shownNumerator === SUPPRESSED) return SUPPRESSED;
  return Math.round((shownNumerator / shownDenominator) * 1000) / 10;
}

/** Rule 3 for a mean (or median) over `count` values. */
export function discloseMean(mean: number, count: number): Disclosed | null {
  checkCount(count);
  if (count === 0) return null;
  if (count <= SMALL_COUNT_MAX) return SUPPRESSED;
  return Math.round(mean * 10) / 10;
}

function withheld(row: AbsenceRateRow, reason: SuppressedReason): DisclosedAbsenceRateRow {
  return {
    ...row,
    fte_days_lost: null,
    fte_days_available: null,
    rate_pct: null,
    suppressed: true,
    suppressed_reason: reason,
  };
}

/**
 * The lines of rule 4 over absence-rate rows, as row indexes with the total last: per month and
 * geography, its staff groups against 'All staff groups'; per month and staff group, each ICB, region
 * and England against each lower level of rows inside it.
 */
function absenceLines(
  rows: readonly AbsenceRateRow[],
  hierarchy: readonly OrganisationHierarchy[],
): number[][] {
  const orgIcs = new Map(hierarchy.map((h) => [h.code, h.icsCode]));
  const orgRegion = new Map(hierarchy.map((h) => [h.code, h.regionCode]));
  const icsRegion = new Map<string, string>();
  for (const h of hierarchy) if (h.icsCode && h.regionCode) icsRegion.set(h.icsCode, h.regionCode);
  /** The ICB and region a row sits in (England holds every row). */
  const containers = (row: AbsenceRateRow): string[] => {
    const found = ["england|ENG"];
    if (row.level === "organisation") {
      const ics = orgIcs.get(row.code);
      const region = orgRegion.get(row.code) ?? (ics ? icsRegion.get(ics) : undefined);
      if (ics) found.push(`ics|${ics}`);
      if (region) found.push(`region|${region}`);
    } else if (row.level === "ics") {
      const region = icsRegion.get(row.code);
      if (region) found.push(`region|${region}`);
    }
    return found;
  };
  const groups = new Map<string, number[]>();
  const add = (key: string, index: number) => {
    const list = groups.get(key);
    if (list) list.push(index);
    else groups.set(key, [index]);
  };
  const totals = new Map<string, number>();
  rows.forEach((row, i) => {
    const slice = `${row.month_end}|${row.staff_group}`;
    if (row.staff_group === ALL_STAFF_GROUPS)
      totals.set(`groups|${row.month_end}|${row.level}|${row.code}`, i);
    else add(`groups|${row.month_end}|${row.level}|${row.code}`, i);
    if (row.level === "england") totals.set(`geo|${slice}|england|ENG`, i);
    else totals.set(`geo|${slice}|${row.level}|${row.code}`, i);
    // Geography lines only with a hierarchy: a table of one geography beside England is no line.
    for (const container of hierarchy.length > 0 ? containers(row) : []) {
      if (container !== `${row.level}|${row.code}`) add(`geo|${slice}|${container}|${row.level}`, i);
    }
  });
  const lines: number[][] = [];
  for (const [key, parts] of groups) {
    const totalKey = key.startsWith("groups|") ? key : key.slice(0, key.lastIndexOf("|"));
    const total = totals.get(totalKey);
    if (total !== undefined) lines.push([...parts, total]);
  }
  return lines;
}

/**
 * Rules 1 and 4 for absence-rate mart rows. Rule 1 on each row; then rule 4 over the lines of
 * `absenceLines` until none has exactly one withheld row: the next-smallest published part (by FTE
 * days available) is withheld, or the total when no part is left. `hierarchy` (the organisation →
 * ICB → region mapping) is for tables that publish whole levels, like the site; without it only the
 * staff-group lines are checked.
 */
export function discloseAbsenceRates(
  rows: readonly AbsenceRateRow[],
  hierarchy: readonly OrganisationHierarchy[] = [],
): DisclosedAbsenceRateRow[] {
  const out = rows.map((row): DisclosedAbsenceRateRow => {
    // rows disclosed once already (the site discloses every level, then each chart its month) keep
    // their reason: their FTE days are gone, which must not turn "complementary" into "small numbers"
    const earlier = (row as Partial<DisclosedAbsenceRateRow>).suppressed_reason;
    if (row.suppressed && earlier) return withheld(row, earlier);
    const available = row.fte_days_available;
    if (available === 0) return withheld(row, "NO_FTE_DAYS");
    if (available === null || available <= ESR_MIN_FTE_DAYS_AVAILABLE) return withheld(row, "ESR_330");
    return { ...row, suppressed: false, suppressed_reason: null };
  });
  const lines = absenceLines(rows, hierarchy);
  const isWithheld = (i: number) => out[i]?.suppressed === true;
  let changed = true;
  while (changed) {
    changed = false;
    for (const line of lines) {
      if (line.filter(isWithheld).length !== 1) continue;
      const total = line[line.length - 1] as number;
      const next = line
        .slice(0, -1)
        .filter((i) => !isWithheld(i))
        .sort((a, b) => (rows[a]?.fte_days_available ?? 0) - (rows[b]?.fte_days_available ?? 0))[0];
      const victim = next ?? total;
      out[victim] = withheld(rows[victim] as AbsenceRateRow, "COMPLEMENTARY");
      changed = true;
    }
  }
  return out;
}

/** A count table with interior cells; totals are computed from the raw cells (D2: "calculated, then rounded"). */
export interface CountTable {
  rowLabels: readonly string[];
  columnLabels: readonly string[];
  cells: readonly (readonly number[])[];
  /** The table's geography, for the caller's labels: no level relaxes the rules. */
  level: GeographyLevel;
}

export type CellReason = "published" | "small_count" | "complementary";

export interface DisclosedCell {
  value: Disclosed;
  reason: CellReason;
}

export interface DisclosedCountTable {
  rowLabels: readonly string[];
  columnLabels: readonly string[];
  cells: DisclosedCell[][];
  rowTotals: DisclosedCell[];
  columnTotals: DisclosedCell[];
  grandTotal: DisclosedCell;
}

/**
 * Rules 2 and 4 on a table with a total row and column. Works on the augmented (r+1)×(c+1) grid where
 * the last row and column are totals: every line of it is "parts + total", so a line with exactly one
 * suppressed entry gives that entry away. Repeats until no such line remains, choosing the smallest
 * non-zero published interior cell of the line (else its total) each time.
 */
export function discloseCountTable(table: CountTable): DisclosedCountTable {
  const rows = table.rowLabels.length;
  const cols = table.columnLabels.length;
  table.cells.forEach((row, r) => {
    if (row.length !== cols) {
      throw new DashboardInputError(
        "DISCLOSURE_INPUT",
        dashboardMessages.disclosureRaggedTable(r, cols, row.length),
      );
    }
    for (const v of row) checkCount(v);
  });
  if (table.cells.length !== rows) {
    throw new DashboardInputError(
      "DISCLOSURE_INPUT",
      dashboardMessages.disclosureRaggedTable(table.cells.length, rows, table.cells.length),
    );
  }
  // raw[r][c] over the augmented grid.
  const raw: number[][] = table.cells.map((row) => [...row, row.reduce((a, b) => a + b, 0)]);
  const totalRow = Array.from({ length: cols + 1 }, (_, c) =>
    raw.reduce((a, row) => a + (row[c] as number), 0),
  );
  raw.push(totalRow);

  const cellAt = (r: number, c: number) => (raw[r] as number[])[c] as number;
  const grid: DisclosedCell[][] = raw.map((row) =>
    row.map((v): DisclosedCell => {
      const value = discloseCount(v);
      return { value, reason: value === SUPPRESSED ? "small_count" : "published" };
    }),
  );
  const at = (r: number, c: number) => (grid[r] as DisclosedCell[])[c] as DisclosedCell;

  const lines: [number, number][][] = [
    ...Array.from({ length: rows + 1 }, (_, r) =>
      Array.from({ length: cols + 1 }, (_, c): [number, number] => [r, c]),
    ),
    ...Array.from({ length: cols + 1 }, (_, c) =>
      Array.from({ length: rows + 1 }, (_, r): [number, number] => [r, c]),
    ),
  ];
  let changed = true;
  while (changed) {
    changed = false;
    for (const line of lines) {
      const suppressed = line.filter(([r, c]) => at(r, c).value === SUPPRESSED);
      if (suppressed.length !== 1) continue;
      const parts = line.slice(0, -1);
      const totalCell = line[line.length - 1] as [number, number];
      const candidates = parts
        .filter(([r, c]) => at(r, c).value !== SUPPRESSED && cellAt(r, c) > 0)
        .sort((a, b) => cellAt(a[0], a[1]) - cellAt(b[0], b[1]));
      const [r, c] = candidates[0] ?? totalCell;
      if (at(r, c).value === SUPPRESSED) continue; // cannot happen for real counts; guards the loop
      (grid[r] as DisclosedCell[])[c] = { value: SUPPRESSED, reason: "complementary" };
      changed = true;
    }
  }
  return {
    rowLabels: table.rowLabels,
    columnLabels: table.columnLabels,
    cells: grid.slice(0, rows).map((row) => row.slice(0, cols)),
    rowTotals: grid.slice(0, rows).map((row) => row[cols] as DisclosedCell),
    columnTotals: (grid[rows] as DisclosedCell[]).slice(0, cols),
    grandTotal: at(rows, cols),
  };
}
