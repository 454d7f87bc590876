/**
 * A calendar date written YYYY-MM-DD. `Date.parse` alone accepts 2023-02-30 (it rolls over to
 * 2 March), so the parsed date must also print back as the same text.
 */
const isoDate = /^\d{4}-\d{2}-\d{2}$/;

export function isCalendarDate(text: string): boolean {
  if (!isoDate.test(text)) return false;
  const ms = Date.parse(`${text}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === text;
}
