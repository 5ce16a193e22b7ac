/**
 * Parser for Google's IPv6 adoption statistics (`…/ipv6/statistics/data/adoption.js`): one line per
 * day, `[2008, 8, 4, 0.138095, 0.044179, ],` — year, **0-based JavaScript month**, day, the share
 * of users reaching Google over IPv6 in percent (all, then native only). Also accepts the same
 * fields as CSV (`2008,8,4,0.138095,0.044179,`), the form archives of the file are kept in.
 * Global context only: Google publishes no per-network figures.
 */
import type { TextLine } from "./lines";

export interface GoogleAdoptionDay {
  line: number;
  date: string;
  /** Share (0–1) of users reaching Google over IPv6, 6to4/Teredo included. */
  total: number;
  /** Share (0–1) over native IPv6 only; null when the line has no such column. */
  native: number | null;
}

export interface GoogleAdoptionReject {
  line: number;
  raw: string;
  reason: string;
}

const JS_ROW =
  /^\s*\[\s*(\d{4})\s*,\s*(\d{1,2})\s*,\s*(\d{1,2})\s*,\s*([0-9.]+)\s*(?:,\s*([0-9.]*)\s*)?,?\s*\],?\s*$/;
const CSV_ROW = /^(\d{4}),(\d{1,2}),(\d{1,2}),([0-9.]+)(?:,([0-9.]*))?,?$/;

export function parseGoogleAdoption(lines: Iterable<TextLine>): {
  days: GoogleAdoptionDay[];
  rejects: GoogleAdoptionReject[];
} {
  const days: GoogleAdoptionDay[] = [];
  const rejects: GoogleAdoptionReject[] = [];
  const seen = new Set<string>();
  for (const { number, text } of lines) {
    const m = JS_ROW.exec(text) ?? CSV_ROW.exec(text.trim());
    // adoption.js is a script: everything that is not a data row (declarations, brackets) is skipped.
    if (!m) continue;
    const [, y, m0, d, totalText, nativeText] = m as unknown as [
      string,
      string,
      string,
      string,
      string,
      string | undefined,
    ];
    const month = Number(m0) + 1;
    const date = new Date(Date.UTC(Number(y), month - 1, Number(d)));
    const iso = date.toISOString().slice(0, 10);
    const reject = (reason: string) => rejects.push({ line: number, raw: text, reason });
    if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== Number(d)) {
      reject(`${y}, ${m0}, ${d} is not a date (months count from 0)`);
      continue;
    }
    const total = Number(totalText) / 100;
    const native = nativeText === undefined || nativeText === "" ? null : Number(nativeText) / 100;
    if (!(total >= 0 && total <= 1)) reject(`total ${totalText}% is not a percentage`);
    else if (native !== null && !(native >= 0 && native <= total + 1e-9))
      reject(`native ${nativeText}% exceeds total ${totalText}%`);
    else if (seen.has(iso)) reject(`${iso} listed twice`);
    else {
      seen.add(iso);
      days.push({ line: number, date: iso, total, native });
    }
  }
  return { days, rejects };
}
