/**
 * IPv6 share per economy, sub-region and the whole region, weighting each measured network by its
 * estimated users (APNIC AS population) where every network has an estimate, else by samples
 * (DESIGN.md §4). Networks are attributed to the economy they were measured in, and only those
 * with enough data in the window count.
 */
import type { Database } from "@atalaya/db";
import { type AwardParameters, evaluatePooled, weightedShare, windowEnding } from "@atalaya/metrics";
import { lacnicCountry, type SubRegion } from "@atalaya/net";
import { sql } from "drizzle-orm";
import { resolveParameters } from "./award-params";
import { windowIsRolledUp } from "./board";

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

interface Row {
  asn: number;
  cc: string;
  samples: number;
  hits: number;
  days: number;
  users: number | null;
}

function figure(networks: Array<{ share: number; users: number | null; samples: number }>): ShareFigure {
  const result = weightedShare(networks);
  return { share: result?.share ?? null, weightedBy: result?.weightedBy ?? null, networks: networks.length };
}

export async function economyShares(database: Database, params: AwardParameters): Promise<EconomyShares> {
  const window = windowEnding(params.evaluationDate, params.windowDays);
  const rows = (await windowIsRolledUp(database, "asn-cc", window, params.windowDays))
    ? await database.rows<Row>(sql`
        select split_part(w.key, '|', 1)::float8 as asn, split_part(w.key, '|', 2) as cc,
          w.samples_preferred as samples, w.preferred as hits, w.days_preferred as days, p.users::float8 as users
        from measurement_windows w
        left join as_population p on p.asn = split_part(w.key, '|', 1)::bigint and p.cc = split_part(w.key, '|', 2)
        where w.grouping = 'asn-cc' and w.source = 'apnic' and w.window_end = ${window.end}
          and w.window_days = ${params.windowDays} and w.days_preferred > 0`)
    : await database.rows<Row>(sql`
    select m.asn::float8 as asn, m.cc, sum(m.samples)::float8 as samples, sum(m.preferred)::float8 as hits,
      count(distinct m.date)::int as days, p.users::float8 as users
    from daily_measurements m
    left join as_population p on p.asn = m.asn and p.cc = m.cc
    where m.source = 'apnic' and m.date between ${window.start} and ${window.end} and m.samples > 0
      and m.preferred is not null
    group by m.asn, m.cc, p.users`);
  const usable = rows
    .map((r) => ({
      ...r,
      e: evaluatePooled({ samples: r.samples, hits: r.hits, daysWithData: r.days }, params, window),
    }))
    .filter((r) => r.e.state !== "insufficient-data" && r.e.share !== null)
    .map((r) => ({ cc: r.cc, share: r.e.share as number, users: r.users, samples: r.samples }));
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
