/** Date-times as people read them: the chosen language's conventions, with the time zone. */
import { currentLocale } from "./i18n";

export function formatDateTime(iso: string): string {
  // dateStyle/timeStyle cannot be combined with timeZoneName, so the parts are named one by one.
  return new Date(iso).toLocaleString(currentLocale(), {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZoneName: "short",
  });
}

export function formatDate(iso: string): string {
  return new Date(iso).toLocaleDateString(currentLocale(), { dateStyle: "medium" });
}

const cache = new Map<string, Intl.DateTimeFormat>();

/**
 * Calendar days (`YYYY-MM-DD`, as the API writes data dates and windows) are read in UTC: in the
 * browser's zone, midnight UTC is still the day before anywhere in the Americas.
 */
function dayFormatter(name: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${currentLocale()} ${name}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(currentLocale(), { ...options, timeZone: "UTC" });
    cache.set(key, f);
  }
  return f;
}

function day(isoDay: string): Date | null {
  const d = new Date(`${isoDay.slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** A calendar day in the chosen language: "Oct 1, 2026", "1 oct 2026", "1 de out. de 2026". */
export function formatDay(isoDay: string): string {
  const d = day(isoDay);
  return d ? dayFormatter("day", { dateStyle: "medium" }).format(d) : isoDay;
}

/** Day and month only, for chart axes: "Oct 1", "1 oct". */
export function formatDayShort(isoDay: string): string {
  const d = day(isoDay);
  return d ? dayFormatter("short", { day: "numeric", month: "short" }).format(d) : isoDay;
}

/** A span of days, written once where its ends share a month or year: "Jul 3 – Oct 1, 2026". */
export function formatDayRange(start: string, end: string): string {
  const a = day(start);
  const b = day(end);
  if (!a || !b) return `${start} – ${end}`;
  return dayFormatter("day", { dateStyle: "medium" }).formatRange(a, b);
}

/** A calendar month (`YYYY-MM`) in the chosen language: "October 2026", "octubre de 2026". */
export function formatMonth(month: string): string {
  const d = day(`${month}-01`);
  return d ? dayFormatter("month", { month: "long", year: "numeric" }).format(d) : month;
}
