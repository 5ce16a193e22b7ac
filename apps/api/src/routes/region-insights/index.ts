/**
 * The region page's figures beyond the current share (routes/region): the daily trend of the
 * region and its sub-regions, the economies that moved most over 90 days and a year, and the
 * Jim Bound board's counts by state per sub-region and economy.
 */
import { addDays, DEFAULT_PARAMETERS, MOVER_SPANS_DAYS, windowEnding } from "@atalaya/metrics";
import { LACNIC_COUNTRIES, SUB_REGION_NAMES, type SubRegion } from "@atalaya/net";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { resolveParameters } from "../../lib/award-params";
import type { AppEnv, Services } from "../../lib/context";
import { MetaSchema } from "../../lib/dataset";
import { economyShares } from "../../lib/economy-shares";
import { errorResponses } from "../../lib/errors";
import { StateSchema } from "../awards/schemas";
import { SubRegionSchema } from "../countries/schemas";
import {
  cachedEconomyDays,
  combineDays,
  DailyShareSchema,
  datesBetween,
  inRegion,
  inSubRegion,
  MIN_DAILY_SAMPLES,
} from "./daily-shares";

export const TrendQuery = z.object({
  days: z
    .string()
    .regex(/^\d{1,4}$/, "a number of days")
    .optional()
    .openapi({ description: "Days ending on the last measured day (7–1096, default 365)", example: "365" }),
});

export function trendDays(days: string | undefined): number {
  const n = days === undefined ? 365 : Number(days);
  return Math.min(1096, Math.max(7, n));
}

export const TrendMethodSchema = z
  .object({
    source: z.literal("apnic"),
    metric: z.literal("preferred"),
    start: z.string(),
    end: z.string(),
    minDailySamples: z.number().int().openapi({
      description: "A network-day counts when it has at least this many samples (minSamples / windowDays)",
    }),
    method: z.string(),
  })
  .openapi("TrendMethod");

export const TREND_METHOD =
  "Each day, every network's share of sampled users preferring IPv6, weighted by its estimated users " +
  "(APNIC AS population) where every network has an estimate, else by samples.";

const SubRegionSeries = z.object({
  subRegion: SubRegionSchema,
  name: z.string(),
  series: z.array(DailyShareSchema),
});

const RegionTrendResponse = z
  .object({
    data: TrendMethodSchema.extend({
      region: z.array(DailyShareSchema),
      subRegions: z.array(SubRegionSeries),
    }),
    meta: MetaSchema,
  })
  .openapi("RegionTrend");

const trendRoute = createRoute({
  method: "get",
  path: "/trend",
  tags: ["countries"],
  summary: "Daily users-weighted IPv6 share of the region and of each sub-region",
  request: { query: TrendQuery },
  responses: {
    200: { description: "Daily series", content: { "application/json": { schema: RegionTrendResponse } } },
    ...errorResponses,
  },
});

const MoverSchema = z
  .object({
    cc: z.string().length(2),
    name: z.string(),
    subRegion: SubRegionSchema,
    from: z.number().openapi({ description: "Users-weighted share in the span's first window (0–1)" }),
    to: z.number().openapi({ description: "Users-weighted share in the span's last window (0–1)" }),
    change: z.number().openapi({ description: "to − from, in share units (0.05 = 5 percentage points)" }),
  })
  .openapi("Mover");

const WindowSchema = z.object({ start: z.string(), end: z.string() });

const MoversResponse = z
  .object({
    data: z.object({
      source: z.literal("apnic"),
      metric: z.literal("preferred"),
      evaluationDate: z.string(),
      windowDays: z.number().int(),
      method: z.string(),
      periods: z.array(
        z.object({
          days: z.number().int().openapi({ example: 90 }),
          from: WindowSchema.openapi({ description: "The span's first window" }),
          to: WindowSchema.openapi({ description: "The span's last window, ending on the evaluation date" }),
          movers: z
            .array(MoverSchema)
            .openapi({ description: "Economies with a share in both windows, largest rise first" }),
          missing: z.array(z.string()).openapi({ description: "Economies without a share in either window" }),
        }),
      ),
    }),
    meta: MetaSchema,
  })
  .openapi("RegionMovers");

const moversRoute = createRoute({
  method: "get",
  path: "/movers",
  tags: ["countries"],
  summary: "Economies whose users-weighted IPv6 share moved most over 90 days and over a year",
  description:
    "For a span of N days ending on the last measured day, compares each economy's users-weighted share " +
    "(the figure of /countries) pooled over the span's first 30 days with the same figure over its last 30 days.",
  responses: {
    200: { description: "Movers per span", content: { "application/json": { schema: MoversResponse } } },
    ...errorResponses,
  },
});

const StateCounts = z
  .object({
    eligible: z.number().int(),
    borderline: z.number().int(),
    below: z.number().int(),
    "insufficient-data": z.number().int(),
  })
  .openapi("StateCounts");

const JimBoundCountsResponse = z
  .object({
    data: z.object({
      evaluationDate: z.string(),
      window: WindowSchema,
      threshold: z.number(),
      metric: z.literal("preferred"),
      source: z.literal("apnic"),
      states: z.array(StateSchema),
      region: z.object({ networks: StateCounts, organisations: StateCounts }),
      subRegions: z.array(z.object({ subRegion: SubRegionSchema, name: z.string(), networks: StateCounts })),
      economies: z.array(z.object({ cc: z.string().length(2), networks: StateCounts })),
    }),
    meta: MetaSchema,
  })
  .openapi("JimBoundCounts");

const countsRoute = createRoute({
  method: "get",
  path: "/jim-bound",
  tags: ["awards"],
  summary: "Jim Bound board counts by state for the region, each sub-region and each economy",
  responses: {
    200: {
      description: "Counts of networks (and multi-network organisations) per state",
      content: { "application/json": { schema: JimBoundCountsResponse } },
    },
    ...errorResponses,
  },
});

const SUB_REGIONS = Object.keys(SUB_REGION_NAMES) as SubRegion[];

type Counts = { eligible: number; borderline: number; below: number; "insufficient-data": number };
const zero = (): Counts => ({ eligible: 0, borderline: 0, below: 0, "insufficient-data": 0 });

async function sharesOn(services: Services, evaluationDate: string) {
  const { version } = await services.dataset.state();
  return services.shares.get(version, evaluationDate, () =>
    economyShares(services.database, { ...DEFAULT_PARAMETERS, evaluationDate }),
  );
}

export const regionInsightRoutes = new OpenAPIHono<AppEnv>()
  .openapi(trendRoute, async (c) => {
    const { database, dataset } = c.var.services;
    const { meta, version } = await dataset.state();
    const { params } = await resolveParameters(database, {}, version);
    const days = trendDays(c.req.valid("query").days);
    const end = params.evaluationDate;
    const start = addDays(end, -(days - 1));
    const rows = await cachedEconomyDays(database, version, end, days);
    const dates = datesBetween(start, end);
    return c.json(
      {
        data: {
          source: "apnic" as const,
          metric: "preferred" as const,
          start,
          end,
          minDailySamples: MIN_DAILY_SAMPLES,
          method: TREND_METHOD,
          region: combineDays(rows.filter(inRegion), dates),
          subRegions: SUB_REGIONS.map((subRegion) => ({
            subRegion,
            name: SUB_REGION_NAMES[subRegion],
            series: combineDays(rows.filter(inSubRegion(subRegion)), dates),
          })),
        },
        meta,
      },
      200,
    );
  })
  .openapi(moversRoute, async (c) => {
    const services = c.var.services;
    const { params } = await resolveParameters(services.database, {});
    const end = params.evaluationDate;
    const windowDays = DEFAULT_PARAMETERS.windowDays;
    const now = await sharesOn(services, end);
    const periods = [];
    for (const days of MOVER_SPANS_DAYS) {
      const fromEnd = addDays(end, -(days - windowDays));
      const before = await sharesOn(services, fromEnd);
      const movers = [];
      const missing = [];
      for (const country of LACNIC_COUNTRIES) {
        const from = before.byCountry.get(country.cc)?.share ?? null;
        const to = now.byCountry.get(country.cc)?.share ?? null;
        if (from === null || to === null) missing.push(country.cc);
        else movers.push({ ...country, from, to, change: to - from });
      }
      movers.sort((a, b) => b.change - a.change || a.cc.localeCompare(b.cc));
      const fromWindow = windowEnding(fromEnd, windowDays);
      periods.push({
        days,
        from: { start: fromWindow.start, end: fromWindow.end },
        to: now.window,
        movers,
        missing,
      });
    }
    return c.json(
      {
        data: {
          source: "apnic" as const,
          metric: "preferred" as const,
          evaluationDate: end,
          windowDays,
          method:
            "Users-weighted share of each economy pooled over the span's first 30 days and over its last 30 days.",
          periods,
        },
        meta: await services.dataset.meta(),
      },
      200,
    );
  })
  .openapi(countsRoute, async (c) => {
    const { database, dataset, boards } = c.var.services;
    const { meta, version } = await dataset.state();
    const resolved = await resolveParameters(database, {}, version);
    const board = await boards.board(database, version, resolved.params, resolved.methodVersion);
    const region = { networks: zero(), organisations: zero() };
    const bySubRegion = new Map(SUB_REGIONS.map((s) => [s, zero()]));
    const byCc = new Map(LACNIC_COUNTRIES.map((country) => [country.cc, zero()]));
    const subRegionOf = new Map(LACNIC_COUNTRIES.map((country) => [country.cc, country.subRegion]));
    for (const n of board.networks) {
      region.networks[n.state]++;
      const sub = subRegionOf.get(n.cc);
      if (sub) (bySubRegion.get(sub) as Counts)[n.state]++;
      const cc = byCc.get(n.cc);
      if (cc) cc[n.state]++;
    }
    for (const o of board.providers) if (o.asns.length >= 2) region.organisations[o.state]++;
    const window = windowEnding(resolved.params.evaluationDate, resolved.params.windowDays);
    return c.json(
      {
        data: {
          evaluationDate: resolved.params.evaluationDate,
          window: { start: window.start, end: window.end },
          threshold: resolved.params.threshold,
          metric: "preferred" as const,
          source: "apnic" as const,
          states: ["eligible", "borderline", "below", "insufficient-data"] as Array<keyof Counts>,
          region,
          subRegions: SUB_REGIONS.map((subRegion) => ({
            subRegion,
            name: SUB_REGION_NAMES[subRegion],
            networks: bySubRegion.get(subRegion) as Counts,
          })),
          economies: [...byCc.entries()].map(([cc, networks]) => ({ cc, networks })),
        },
        meta,
      },
      200,
    );
  });
