/**
 * Daily users-weighted IPv6-preferred shares per economy, sub-region and region, for trend charts.
 *
 * Each network-day with enough samples contributes its own daily share, weighted by the
 * network's estimated users (APNIC AS population) when every contributing network has an
 * estimate, else by samples (then the figure is Σpreferred / Σsamples) — the rule of
 * DESIGN.md §4 applied day by day. A network-day counts when it has at least
 * minSamples / windowDays samples (34 with the award defaults): the daily rate the award's own
 * coverage rule asks of a network, so a handful of samples cannot swing a big network's weight.
 */
import { type Database, measurementQueries } from "@atalaya/db";
import { addDays, DEFAULT_PARAMETERS } from "@atalaya/metrics";
import { LACNIC_COUNTRIES, type SubRegion } from "@atalaya/net";
import { z } from "@hono/zod-openapi";
import { RunScopedCache } from "../../lib/board";

export const MIN_DAILY_SAMPLES = Math.ceil(DEFAULT_PARAMETERS.minSamples / DEFAULT_PARAMETERS.windowDays);

export type EconomyDay = measurementQueries.EconomyDay;

export interface DailyShare {
  date: string;
  share: number | null;
  weightedBy: "users" | "samples" | null;
  networks: number;
}

export const DailyShareSchema = z
  .object({
    date: z.string().openapi({ example: "2026-10-31" }),
    share: z.number().nullable().openapi({ description: "IPv6-preferred share that day (0–1)" }),
    weightedBy: z.enum(["users", "samples"]).nullable(),
    networks: z.number().int().openapi({ description: "Networks with enough samples that day" }),
  })
  .openapi("DailyShare");

/** Combines economy-days into one figure per date (dates with nothing get a null share). */
export function combineDays(days: readonly EconomyDay[], dates: readonly string[]): DailyShare[] {
  const byDate = new Map<string, EconomyDay[]>();
  for (const d of days) byDate.set(d.date, [...(byDate.get(d.date) ?? []), d]);
  return dates.map((date) => {
    const parts = byDate.get(date) ?? [];
    const networks = parts.reduce((n, p) => n + p.networks, 0);
    if (networks === 0) return { date, share: null, weightedBy: null, networks: 0 };
    const byUsers = parts.every((p) => p.withUsers === p.networks) && parts.some((p) => p.users > 0);
    if (byUsers) {
      const users = parts.reduce((n, p) => n + p.users, 0);
      const weighted = parts.reduce((n, p) => n + p.weighted, 0);
      return { date, share: weighted / users, weightedBy: "users", networks };
    }
    const samples = parts.reduce((n, p) => n + p.samples, 0);
    const hits = parts.reduce((n, p) => n + p.hits, 0);
    return { date, share: samples > 0 ? hits / samples : null, weightedBy: "samples", networks };
  });
}

export function datesBetween(start: string, end: string): string[] {
  const dates: string[] = [];
  for (let d = start; d <= end; d = addDays(d, 1)) dates.push(d);
  return dates;
}

// One cache per database: tests run several apps side by side in one process.
const caches = new WeakMap<Database, RunScopedCache<EconomyDay[]>>();

/** Economy-days of the `days` days ending on `end`, cached until the data version changes. */
export function cachedEconomyDays(
  database: Database,
  version: string,
  end: string,
  days: number,
): Promise<EconomyDay[]> {
  let cache = caches.get(database);
  if (!cache) {
    cache = new RunScopedCache<EconomyDay[]>();
    caches.set(database, cache);
  }
  const start = addDays(end, -(days - 1));
  return cache.get(version, `${start}/${end}`, () =>
    measurementQueries.economyDays(database, start, end, MIN_DAILY_SAMPLES),
  );
}

const SUB_REGION_OF = new Map(LACNIC_COUNTRIES.map((c) => [c.cc, c.subRegion]));

export function inSubRegion(subRegion: SubRegion) {
  return (d: EconomyDay) => SUB_REGION_OF.get(d.cc) === subRegion;
}

export const inRegion = (d: EconomyDay) => SUB_REGION_OF.has(d.cc);
