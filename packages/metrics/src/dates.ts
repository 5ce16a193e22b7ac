/** Calendar dates as ISO `YYYY-MM-DD` strings, computed in UTC so no time zone shifts a day. */
const DAY_MS = 86_400_000;

export function isIsoDate(text: string): boolean {
  // Year 0000 is a JavaScript date but not a Postgres one: refused here, not as a database error.
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || text.startsWith("0000")) return false;
  // Month 13 or day 32 is an invalid Date, whose toISOString throws: false, not an exception.
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

export function dayNumber(date: string): number {
  return Math.round(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
}

export function fromDayNumber(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return fromDayNumber(dayNumber(date) + days);
}
