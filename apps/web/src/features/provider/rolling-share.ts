/**
 * The provider chart's series: each day's share, and the share pooled over the trailing window
 * (sum of IPv6-preferring samples over sum of samples — never a mean of daily percentages) with
 * its 95% Wilson interval, the same rule the award uses.
 */
import { wilsonInterval } from "@atalaya/metrics";

export interface DailyCounts {
  date: string;
  samples: number;
  preferred: number;
}

export interface ChartPoint {
  date: string;
  /** The day's own share; null on days without samples. */
  share: number | null;
  samples: number;
  /** Pooled over the `window` days ending on this date; null until the window has data. */
  pooled: number | null;
  /** [lo, hi] of the pooled share, for an area band. */
  band: [number, number] | null;
}

export function rollingShare(series: readonly DailyCounts[], window = 30): ChartPoint[] {
  const points: ChartPoint[] = [];
  let samples = 0;
  let preferred = 0;
  const dayMs = 86_400_000;
  let start = 0;
  for (let i = 0; i < series.length; i++) {
    const day = series[i] as DailyCounts;
    samples += day.samples;
    preferred += day.preferred;
    const limit = Date.parse(day.date) - (window - 1) * dayMs;
    while (start < i && Date.parse((series[start] as DailyCounts).date) < limit) {
      samples -= (series[start] as DailyCounts).samples;
      preferred -= (series[start] as DailyCounts).preferred;
      start++;
    }
    const interval = wilsonInterval(preferred, samples);
    points.push({
      date: day.date,
      share: day.samples > 0 ? day.preferred / day.samples : null,
      samples: day.samples,
      pooled: interval?.share ?? null,
      band: interval ? [interval.lo, interval.hi] : null,
    });
  }
  return points;
}
