/**
 * A straight-line trend of a network's daily share, weighted by each day's samples, and the date
 * the line reaches the threshold. Deliberately simple and explainable: adoption curves are not
 * linear for long, so projections beyond a few years are reported as "not at this pace".
 */
import { dayNumber, fromDayNumber } from "./dates";
import type { DailyCount } from "./windows";

export interface Trend {
  /** Share change per day. */
  slopePerDay: number;
  /** Fitted share on the last day of the fit. */
  fittedShare: number;
  days: number;
}

export type Projection =
  | { kind: "above"; since: null }
  | { kind: "crossing"; date: string }
  | { kind: "not-at-this-pace"; reason: string };

export const MAX_PROJECTION_DAYS = 5 * 365;

export function fitTrend(series: readonly DailyCount[], minDays = 14): Trend | null {
  const points = series.filter((d) => d.samples > 0);
  if (points.length < minDays) return null;
  let sw = 0;
  let sx = 0;
  let sy = 0;
  for (const d of points) {
    const w = d.samples;
    sw += w;
    sx += w * dayNumber(d.date);
    sy += w * (d.hits / d.samples);
  }
  const mx = sx / sw;
  const my = sy / sw;
  let sxx = 0;
  let sxy = 0;
  for (const d of points) {
    const dx = dayNumber(d.date) - mx;
    sxx += d.samples * dx * dx;
    sxy += d.samples * dx * (d.hits / d.samples - my);
  }
  if (sxx === 0) return null;
  const slope = sxy / sxx;
  const last = dayNumber((points.at(-1) as DailyCount).date);
  return { slopePerDay: slope, fittedShare: my + slope * (last - mx), days: points.length };
}

/** When the trend line reaches `threshold`, counted from `fromDate` (the evaluation date). */
export function projectCrossing(trend: Trend, threshold: number, lastDate: string): Projection {
  if (trend.fittedShare >= threshold) return { kind: "above", since: null };
  if (trend.slopePerDay <= 0) return { kind: "not-at-this-pace", reason: "the share is not growing" };
  // The epsilon keeps float noise (71.0000000001) from pushing an exact day to the next one.
  const days = Math.ceil((threshold - trend.fittedShare) / trend.slopePerDay - 1e-9);
  if (days > MAX_PROJECTION_DAYS) {
    return {
      kind: "not-at-this-pace",
      reason: `more than ${MAX_PROJECTION_DAYS / 365} years away at this pace`,
    };
  }
  return { kind: "crossing", date: fromDayNumber(dayNumber(lastDate) + days) };
}
