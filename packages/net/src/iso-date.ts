/**
 * Whether `text` is a `YYYY-MM-DD` day that exists and that Postgres can store. JavaScript's Date
 * accepts year 0000 (1 BC in its proleptic calendar); Postgres has no year 0 and refuses it, so a
 * file or request naming it would fail at the database instead of being refused as bad input.
 */
export function isStorableDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || text.startsWith("0000")) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}
