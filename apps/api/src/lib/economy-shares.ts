/**
 * IPv6 share per economy, sub-region and the whole region, weighting each measured network by its
 * estimated users (APNIC AS population) where every network has an estimate, else by samples
 * (DESIGN.md §4). Networks are attributed to the economy they were measured in, and only those
 * with enough data in the window count.
 */
import { type Database, measurementQueries } from "@atalaya/db";
import { type AwardParameters, insufficiency, weightedShare, windowEnding } from "@atalaya/metrics";
import { lacnicCountry, type SubRegion } from "@atalaya/net";
import { resolveParameters } from "./award-params";

export interface ShareFigure {
  share: number | null;
  weightedBy: "users" | "samples" | null;
  networks: number;
}

export interface EconomyShares {
  evaluationDate: string;
  window: { start: string; end: string };
  byCountry: Map<string, ShareFigure>;
  bySubRegion: Map<SubRegion, ShareFigure>;
  region: ShareFigure;
}

function figure(networks: Array<{ share: number; users: number | null; samples: number }>): ShareFigure {
  const result = weightedShare(networks);
  return { share: result?.share ?? null, weightedBy: result?.weightedBy ?? null, networks: networks.length };
}

export async function economyShares(database: Database, params: AwardParameters): Promise<EconomyShares> {
  const window = windowEnding(params.evaluationDate, params.windowDays);
  const rows = await measurementQueries.preferredByNetworkInEconomy(database, window, params.windowDays);
  // The pooled share of each network with enough data: no interval, so no method, is involved.
  const usable = rows
    .filter((r) => r.samples > 0 && insufficiency({ ...r, daysWithData: r.days }, params) === null)
    .map((r) => ({ cc: r.cc, share: r.hits / r.samples, users: r.users, samples: r.samples }));
  const group = <K>(key: (r: (typeof usable)[number]) => K | undefined) => {
    const map = new Map<K, typeof usable>();
    for (const r of usable) {
      const k = key(r);
      if (k !== undefined) map.set(k, [...(map.get(k) ?? []), r]);
    }
    return new Map([...map.entries()].map(([k, v]) => [k, figure(v)]));
  };
  const inRegion = usable.filter((r) => lacnicCountry(r.cc));
  return {
    evaluationDate: params.evaluationDate,
    window: { start: window.start, end: window.end },
    byCountry: group((r) => r.cc),
    bySubRegion: group((r) => lacnicCountry(r.cc)?.subRegion),
    region: figure(inRegion),
  };
}

/** Shares for the default parameters on the last day with measurements, cached per run. */
export async function currentShares(services: {
  database: Database;
  dataset: { state(): Promise<{ version: string }> };
  shares: {
    get(version: string, key: string, compute: () => Promise<EconomyShares>): Promise<EconomyShares>;
  };
}): Promise<EconomyShares> {
  const { version } = await services.dataset.state();
  const { params } = await resolveParameters(services.database, {}, version);
  return services.shares.get(version, params.evaluationDate, () => economyShares(services.database, params));
}
