/**
 * The one formatter for numbers and dates in charts, the site and packs: rates to 2 dp with "%",
 * counts and days with thousands separators, money in whole pounds with "£" and separators, months as
 * "Mon YYYY".
 */
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

/** A quarter's last day 'YYYY-MM-DD' → 'Q4 2024' (calendar quarters, as the marts report). */
export function formatQuarter(quarterEnd: string): string {
  const [year, month] = quarterEnd.split("-");
  return `Q${Math.ceil(Number(month) / 3)} ${year}`;
}

/** A rate already in percent: '5.52%' (2 dp). */
export function formatRate(percent: number): string {
  return `${percent.toFixed(2)}%`;
}

/** Negative numbers take the minus sign (U+2212), as money does, never a hyphen. */
function withMinus(text: string): string {
  return text.startsWith("-") ? `−${text.slice(1)}` : text;
}

/** A count or FTE days: '12,345' (rounded to a whole number, thousands separators; negative '−281'). */
export function formatCount(value: number): string {
  return withMinus(Math.round(value).toLocaleString("en-GB"));
}

/** A ratio such as an ROI: '1.43', '−0.43' (2 dp). */
export function formatRatio(value: number): string {
  return withMinus(value.toFixed(2));
}

/** Pounds of benefit per £1: '£1.43', '−£0.43' (2 dp). */
export function formatGbpPerPound(value: number): string {
  return value < 0 ? `−£${Math.abs(value).toFixed(2)}` : `£${value.toFixed(2)}`;
}

/** '£1,234' (whole pounds; negative as '−£1,234'). */
export function formatGbp(value: number): string {
  const pounds = Math.round(Math.abs(value)).toLocaleString("en-GB");
  return value < 0 ? `−£${pounds}` : `£${pounds}`;
}
