/**
 * A provider's standing, for one ASN or an organisation's ASNs pooled: share per metric with its
 * interval, the daily series, ranks from the board, distance to the threshold and the projected
 * crossing date.
 */
import { type Database, measurementQueries } from "@atalaya/db";
import {
  type AwardParameters,
  type DailyCount,
  DEFAULT_SOURCE,
  evaluate,
  fitTrend,
  type MethodVersion,
  type Metric,
  type Projection,
  projectCrossing,
  sumSeries,
  windowEnding,
} from "@atalaya/metrics";
import { lacnicCountry } from "@atalaya/net";
import {
  type Board,
  type EconomySplit,
  type NetworkRow,
  type OrganisationRow,
  SAMPLED_SOURCES,
  type SourceValue,
  TRAFFIC_SOURCES,
} from "./board";

/** Every source daily_measurements holds rows of. */
export const MEASURED_SOURCES = [
  ...new Set([...Object.values(DEFAULT_SOURCE), ...TRAFFIC_SOURCES, ...SAMPLED_SOURCES]),
];

// Lookups into a cached board, built once per board rather than scanned per request.
const networksByAsn = new WeakMap<Board, Map<number, NetworkRow>>();
const providersById = new WeakMap<Board, Map<string, OrganisationRow>>();
const rankedCounts = new WeakMap<object, { all: number; byCc: Map<string | null, number> }>();

/** The board's row of one ASN, or null. */
export function networkOf(board: Board, asn: number): NetworkRow | null {
  let map = networksByAsn.get(board);
  if (!map) {
    map = new Map(board.networks.map((n) => [n.asn, n]));
    networksByAsn.set(board, map);
  }
  return map.get(asn) ?? null;
}

/** The board's row of one organisation (`registry:holder`), or null. */
export function providerOf(board: Board, id: string): OrganisationRow | null {
  let map = providersById.get(board);
  if (!map) {
    map = new Map(board.providers.map((p) => [p.id, p]));
    providersById.set(board, map);
  }
  return map.get(id) ?? null;
}

/** How many of a ranked population have a rank, in all and per economy. */
function rankedIn(population: ReadonlyArray<{ cc: string | null; rankInRegion: number | null }>) {
  let counts = rankedCounts.get(population);
  if (!counts) {
    counts = { all: 0, byCc: new Map() };
    for (const p of population) {
      if (p.rankInRegion === null) continue;
      counts.all++;
      counts.byCc.set(p.cc, (counts.byCc.get(p.cc) ?? 0) + 1);
    }
    rankedCounts.set(population, counts);
  }
  return counts;
}

/** Days of series returned, and days the trend is fitted on. */
export const SERIES_DAYS = 365;
export const TREND_DAYS = 90;

/**
 * The APNIC series of some ASNs, summed day by day over the LACNIC-region economies they serve
 * (those eligibility pools); `economies` names every economy measured, in the region or not.
 */
export async function seriesFor(database: Database, asns: number[], end: string) {
  const start = windowEnding(end, SERIES_DAYS).start;
  const rows = await measurementQueries.apnicSeries(database, asns, start, end);
  const economies = [...new Set(rows.map((r) => r.cc))].sort();
  const pooled = rows.filter((r) => lacnicCountry(r.cc) !== undefined);
  const pick = (metric: "capable" | "preferred"): DailyCount[] =>
    sumSeries([pooled.map((r) => ({ date: r.date, samples: r.samples, hits: r[metric] ?? 0 }))]);
  const capable = pick("capable");
  const preferred = pick("preferred");
  const series = preferred.map((p, i) => ({
    date: p.date,
    samples: p.samples,
    preferred: p.hits,
    capable: capable[i]?.hits ?? 0,
  }));
  return { economies, series, capable, preferred };
}

export interface Standing {
  evaluationDate: string;
  threshold: number;
  methodVersion: MethodVersion;
  window: { start: string; end: string };
  metrics: Record<"preferred" | "capable", ReturnType<typeof evaluateShown> & { source: string }>;
  otherSources: SourceValue[];
  rankInCountry: { rank: number; of: number } | null;
  rankInRegion: { rank: number; of: number } | null;
  distanceToThreshold: number | null;
  projection: Projection | null;
  economies: string[];
  economySplit: EconomySplit[];
  sourcesDisagree: boolean;
  series: Array<{ date: string; samples: number; capable: number; preferred: number }>;
}

function evaluateShown(series: DailyCount[], params: AwardParameters, method: MethodVersion) {
  const { window: _w, ...e } = evaluate(series, params, method);
  return e;
}

export async function standingFor(
  database: Database,
  board: Board,
  asns: number[],
  rankOf: {
    rankInCountry: number | null;
    rankInRegion: number | null;
    cc: string | null;
    otherSources: SourceValue[];
    economies: EconomySplit[];
    sourcesDisagree: boolean;
  } | null,
  population: Array<{ cc: string | null; rankInRegion: number | null }>,
): Promise<Standing> {
  const params = board.params;
  const { economies, series, capable, preferred } = await seriesFor(database, asns, params.evaluationDate);
  const metrics = {
    preferred: {
      source: "apnic",
      ...evaluateShown(preferred, { ...params, metric: "preferred" as Metric }, board.method),
    },
    capable: {
      source: "apnic",
      ...evaluateShown(capable, { ...params, metric: "capable" as Metric }, board.method),
    },
  };
  const current = metrics[params.metric === "capable" ? "capable" : "preferred"];
  const ranked = rankedIn(population);
  const trendStart = windowEnding(params.evaluationDate, TREND_DAYS).start;
  const trendSeries = (params.metric === "capable" ? capable : preferred).filter((d) => d.date >= trendStart);
  const trend = fitTrend(trendSeries);
  const window = windowEnding(params.evaluationDate, params.windowDays);
  return {
    evaluationDate: params.evaluationDate,
    threshold: params.threshold,
    methodVersion: board.method,
    window: { start: window.start, end: window.end },
    metrics,
    otherSources: rankOf?.otherSources ?? [],
    rankInCountry:
      rankOf?.rankInCountry != null
        ? { rank: rankOf.rankInCountry, of: ranked.byCc.get(rankOf.cc) ?? 0 }
        : null,
    rankInRegion: rankOf?.rankInRegion != null ? { rank: rankOf.rankInRegion, of: ranked.all } : null,
    distanceToThreshold: current.share === null ? null : params.threshold - current.share,
    projection: trend
      ? projectCrossing(trend, params.threshold, (trendSeries.at(-1) as DailyCount).date)
      : null,
    economies,
    economySplit: rankOf?.economies ?? [],
    sourcesDisagree: rankOf?.sourcesDisagree ?? false,
    series,
  };
}
