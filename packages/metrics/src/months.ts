/**
 * Calendar months as `YYYY-MM` strings (UTC), for monthly reports: a month's first and last day,
 * the month before, and the last month a report can be made for.
 */
import { addDays, isIsoDate } from "./dates";

/** A calendar month `YYYY-MM` of years 0001–9999 (what isIsoDate accepts). */
export function isMonth(text: string): boolean {
  return /^\d{4}-\d{2}$/.test(text) && isIsoDate(`${text}-01`);
}

export const monthOf = (date: string): string => date.slice(0, 7);

/** The first and last day of a month. */
export function monthBounds(month: string): { start: string; end: string } {
  const start = `${month}-01`;
  return { start, end: addDays(`${nextMonth(month)}-01`, -1) };
}

export function nextMonth(month: string): string {
  const [year, m] = month.split("-").map(Number) as [number, number];
  return m === 12
    ? `${String(year + 1).padStart(4, "0")}-01`
    : `${month.slice(0, 5)}${String(m + 1).padStart(2, "0")}`;
}

export function previousMonth(month: string): string {
  return monthOf(addDays(`${month}-01`, -1));
}

/**
 * The last month a monthly report covers: the last one measured to its last day, and ended
 * relative to `today`.
 */
export function lastReportMonth(lastMeasured: string, today: string): string {
  const ended = previousMonth(monthOf(today));
  const measured = monthOf(lastMonthEnd(lastMeasured));
  if (measured < ended) return measured;
  return ended;
}

/** The last day of the last month that had ended by `date`: `date` itself when it ends a month. */
export function lastMonthEnd(date: string): string {
  const { end } = monthBounds(monthOf(date));
  return end === date ? date : monthBounds(previousMonth(monthOf(date))).end;
}
