/** Number and date wording shared by chart titles and accessible descriptions. */
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** 'YYYY-MM-DD' → 'Mon YYYY', read from the string so the machine's time zone cannot shift it. */
export function formatMonth(isoDate: string): string {
  const [year, month] = isoDate.split("-");
  return `${MONTHS[Number(month) - 1] ?? month} ${year}`;
}

export function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** The latest 'YYYY-MM-DD' month end among rows ('' when there are none); ISO dates sort as text. */
export function latestMonthEnd(rows: readonly { month_end: string }[]): string {
  let latest = "";
  for (const r of rows) if (r.month_end.localeCompare(latest) > 0) latest = r.month_end;
  return latest;
}
