/**
 * Pooling a daily series over a window: counts are summed, never daily percentages averaged
 * (DESIGN.md §4) — a day with 50 samples must not weigh as much as a day with 50,000.
 */
import { addDays } from "./dates";

export interface DailyCount {
  /** ISO date. */
  date: string;
  /** Denominator: measurements (APNIC `seen`), requests or bytes. */
  samples: number;
  /** Numerator for the metric: capable, preferred, or IPv6 requests/bytes. */
  hits: number;
}

export interface Window {
  /** First day, inclusive. */
  start: string;
  /** Last day, inclusive. */
  end: string;
  days: number;
}

/** The `days` days ending on (and including) `end`. */
export function windowEnding(end: string, days: number): Window {
  return { start: addDays(end, -(days - 1)), end, days };
}

export interface Pooled {
  samples: number;
  hits: number;
  /** Days in the window with at least one sample. */
  daysWithData: number;
  /**
   * Σ over those days of (the day's hits)² / (the day's samples), days summed over every series
   * pooled (all of a network's economies, all of an organisation's networks) before squaring:
   * what `jim-bound/2` needs for the between-day dispersion (overdispersion.ts). Optional because
   * `jim-bound/1` does not use it.
   */
  hitsSquaredOverSamples?: number;
}

/** Pools a window's days; several entries for one date (economies, networks) count as one day. */
export function poolWindow(series: Iterable<DailyCount>, window: Window): Pooled {
  const byDate = new Map<string, { samples: number; hits: number }>();
  for (const d of series) {
    if (d.date < window.start || d.date > window.end || d.samples <= 0) continue;
    const day = byDate.get(d.date);
    if (day) {
      day.samples += d.samples;
      day.hits += d.hits;
    } else byDate.set(d.date, { samples: d.samples, hits: d.hits });
  }
  let samples = 0;
  let hits = 0;
  let hitsSquaredOverSamples = 0;
  for (const day of byDate.values()) {
    samples += day.samples;
    hits += day.hits;
    hitsSquaredOverSamples += (day.hits * day.hits) / day.samples;
  }
  return { samples, hits, daysWithData: byDate.size, hitsSquaredOverSamples };
}

/** Adds several series day by day (an organisation's ASNs, a network's economies). */
export function sumSeries(series: Iterable<Iterable<DailyCount>>): DailyCount[] {
  const byDate = new Map<string, DailyCount>();
  for (const one of series) {
    for (const d of one) {
      const acc = byDate.get(d.date);
      if (acc) {
        acc.samples += d.samples;
        acc.hits += d.hits;
      } else byDate.set(d.date, { date: d.date, samples: d.samples, hits: d.hits });
    }
  }
  return [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}
