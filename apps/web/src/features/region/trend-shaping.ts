/**
 * Rows for the region page's trend charts: the region's daily share beside Google's global
 * series (matched by date), and the sub-regions side by side.
 */
import type { ContextPoint } from "./api/get-google-context";
import type { DailyShare, RegionTrend } from "./api/get-region-trend";

export interface RegionTrendRow extends Record<string, string | number | null> {
  date: string;
  region: number | null;
  networks: number;
  google: number | null;
}

export function regionTrendRows(
  region: readonly DailyShare[],
  google: readonly ContextPoint[],
): RegionTrendRow[] {
  const googleByDate = new Map(google.map((p) => [p.date, p.total]));
  return region.map((d) => ({
    date: d.date,
    region: d.share,
    networks: d.networks,
    google: googleByDate.get(d.date) ?? null,
  }));
}

export type SubRegionKey = RegionTrend["data"]["subRegions"][number]["subRegion"];
export type SubRegionRow = { date: string } & Record<SubRegionKey, number | null>;

/** One row per date with each sub-region's share under its key. */
export function subRegionRows(subRegions: RegionTrend["data"]["subRegions"]): SubRegionRow[] {
  const first = subRegions[0];
  if (!first) return [];
  return first.series.map((d, i) => {
    const row = { date: d.date } as SubRegionRow;
    for (const s of subRegions)
      row[s.subRegion] = s.series[i]?.date === d.date ? (s.series[i]?.share ?? null) : null;
    return row;
  });
}

/** The last day with a share, for "now" figures beside a chart. */
export function latestShare(series: readonly DailyShare[]): DailyShare | null {
  for (let i = series.length - 1; i >= 0; i--) if (series[i]?.share !== null) return series[i] ?? null;
  return null;
}
