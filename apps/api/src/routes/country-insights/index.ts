/**
 * An economy's page beyond its registry figures (routes/countries): its daily users-weighted
 * trend, its networks with their award standing and ROA coverage, and how much of the space the
 * registry holds for it is announced in BGP.
 */
import { measurementQueries, registryQueries, routingQueries } from "@atalaya/db";
import { BEACON_SOURCE } from "@atalaya/ingest";
import { addDays } from "@atalaya/metrics";
import { lacnicCountry } from "@atalaya/net";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { sql } from "drizzle-orm";
import { resolveParameters } from "../../lib/award-params";
import type { AppEnv } from "../../lib/context";
import { MetaSchema } from "../../lib/dataset";
import { ApiError, ErrorSchema, errorResponses } from "../../lib/errors";
import { PageSchema } from "../../lib/paging";
import { StateSchema } from "../awards/schemas";
import { CountryParams } from "../countries/schemas";
import {
  cachedEconomyDays,
  combineDays,
  DailyShareSchema,
  datesBetween,
  MIN_DAILY_SAMPLES,
} from "../region-insights/daily-shares";
import { TREND_METHOD, TrendMethodSchema, TrendQuery, trendDays } from "../region-insights/index";

/** Networks per page of `/{cc}/networks` unless `limit` says otherwise (Brazil has thousands). */
const NETWORKS_PER_PAGE = 1000;

const notFound = {
  404: {
    description: "Not an economy of the LACNIC region",
    content: { "application/json": { schema: ErrorSchema } },
  },
};

function regionCc(cc: string): string {
  const upper = cc.toUpperCase();
  if (!lacnicCountry(upper))
    throw new ApiError("NOT_FOUND", `${upper} is not an economy of the LACNIC region`);
  return upper;
}

/** One day of Atalaya's own beacon in an economy: its tests (network-days under k withheld) and their share. */
const BeaconDaySchema = z
  .object({
    date: z.string(),
    tests: z.number().int(),
    capable: z.number().int(),
    preferred: z.number().int(),
    share: z.number().openapi({ description: "Tests whose dual-stack fetch came over IPv6 (0–1)" }),
  })
  .openapi("BeaconDay");

const CountryTrendResponse = z
  .object({
    data: TrendMethodSchema.extend({
      cc: z.string().length(2),
      series: z.array(DailyShareSchema),
      beacon: z.array(BeaconDaySchema).openapi({
        description:
          "Atalaya's own beacon as a separate series (source atalaya-beacon): the days it has tests here, " +
          "not weighted by users; empty where no site embeds it",
      }),
    }),
    meta: MetaSchema,
  })
  .openapi("CountryTrend");

const trendRoute = createRoute({
  method: "get",
  path: "/{cc}/trend",
  tags: ["countries"],
  summary: "An economy's daily users-weighted IPv6 share",
  request: { params: CountryParams, query: TrendQuery },
  responses: {
    200: { description: "Daily series", content: { "application/json": { schema: CountryTrendResponse } } },
    ...notFound,
    ...errorResponses,
  },
});

const RoaCountsSchema = z
  .object({
    announced: z.number().int().openapi({ description: "Announced routes (prefix, origin) it originates" }),
    valid: z.number().int(),
    invalid: z.number().int(),
    notFound: z.number().int().openapi({ description: "Routes no ROA covers" }),
  })
  .openapi("RoaCounts");

const CountryNetworkSchema = z
  .object({
    asn: z.number().int(),
    name: z.string().nullable(),
    state: StateSchema,
    share: z
      .number()
      .nullable()
      .openapi({ description: "Pooled IPv6-preferred share over the window (0–1)" }),
    lo: z.number().nullable().openapi({ description: "Lower bound of the 95% Wilson interval" }),
    hi: z.number().nullable(),
    samples: z.number(),
    days: z.number().int(),
    users: z.number().nullable().openapi({ description: "APNIC's estimated users in this economy" }),
    rankInCountry: z.number().int().nullable(),
    roa: RoaCountsSchema,
  })
  .openapi("CountryNetwork");

const CountryNetworksResponse = z
  .object({
    data: z.object({
      cc: z.string().length(2),
      evaluationDate: z.string(),
      window: z.object({ start: z.string(), end: z.string() }),
      metric: z.literal("preferred"),
      source: z.literal("apnic"),
      threshold: z.number(),
      pagination: PageSchema,
      networks: z
        .array(CountryNetworkSchema)
        .openapi({ description: "One page of the economy's networks, ordered by AS number" }),
    }),
    meta: MetaSchema,
  })
  .openapi("CountryNetworks");

const networksRoute = createRoute({
  method: "get",
  path: "/{cc}/networks",
  tags: ["countries"],
  summary: "The economy's networks (registry country) with share, interval, samples, state and ROA coverage",
  request: {
    params: CountryParams,
    query: z.object({
      page: z
        .string()
        .regex(/^[1-9]\d{0,5}$/, "a page number from 1")
        .optional()
        .openapi({ description: "Page (default 1)", example: "1" }),
      limit: z
        .string()
        .regex(/^([1-9]\d{0,2}|1000)$/, "a whole number from 1 to 1000")
        .optional()
        .openapi({ description: "Networks per page (1–1000, default 1000)", example: "1000" }),
    }),
  },
  responses: {
    200: {
      description: "The region ASNs registered in the economy, a page at a time",
      content: { "application/json": { schema: CountryNetworksResponse } },
    },
    ...notFound,
    ...errorResponses,
  },
});

const FamilyFiguresSchema = z
  .object({
    family: z.enum(["ipv4", "ipv6"]),
    heldPrefixes: z.number().int().openapi({ description: "Registry prefixes allocated or assigned" }),
    heldSpace: z.number().openapi({ description: "Their space: addresses (IPv4) or /32 equivalents (IPv6)" }),
    announcedPrefixes: z
      .number()
      .int()
      .openapi({ description: "Registry prefixes some BGP route overlaps (itself, a part or a cover)" }),
    announcedSpace: z.number().openapi({ description: "Space of those prefixes, in the same unit" }),
    routes: z
      .number()
      .int()
      .openapi({ description: "Routes of this family originated by the economy's ASNs" }),
  })
  .openapi("FamilyFigures");

const ResourcesResponse = z
  .object({
    data: z.object({
      cc: z.string().length(2),
      families: z.array(FamilyFiguresSchema),
      spaceUnits: z.object({ ipv4: z.literal("addresses"), ipv6: z.literal("/32 equivalents") }),
    }),
    meta: MetaSchema,
  })
  .openapi("CountryResources");

const resourcesRoute = createRoute({
  method: "get",
  path: "/{cc}/resources",
  tags: ["countries"],
  summary: "Registry-held vs announced prefixes per address family",
  request: { params: CountryParams },
  responses: {
    200: {
      description: "Allocation vs announcement per family",
      content: { "application/json": { schema: ResourcesResponse } },
    },
    ...notFound,
    ...errorResponses,
  },
});

export const countryInsightRoutes = new OpenAPIHono<AppEnv>()
  .openapi(trendRoute, async (c) => {
    const { database, dataset } = c.var.services;
    const cc = regionCc(c.req.valid("param").cc);
    const { meta, version } = await dataset.state();
    const { params } = await resolveParameters(database, {}, version);
    const days = trendDays(c.req.valid("query").days);
    const end = params.evaluationDate;
    const start = addDays(end, -(days - 1));
    const rows = await cachedEconomyDays(database, version, end, days);
    const beacon = await database.rows<{
      date: string;
      tests: number;
      capable: number;
      preferred: number;
    }>(sql`
      select to_char(date, 'YYYY-MM-DD') as date, sum(samples)::int as tests,
        sum(capable)::int as capable, sum(preferred)::int as preferred
      from daily_measurements
      where source = ${BEACON_SOURCE} and cc = ${cc} and date between ${start}::date and ${end}::date
      group by date order by date`);
    return c.json(
      {
        data: {
          cc,
          source: "apnic" as const,
          metric: "preferred" as const,
          start,
          end,
          minDailySamples: MIN_DAILY_SAMPLES,
          method: TREND_METHOD,
          series: combineDays(
            rows.filter((r) => r.cc === cc),
            datesBetween(start, end),
          ),
          beacon: beacon.map((d) => ({ ...d, share: d.tests > 0 ? d.preferred / d.tests : 0 })),
        },
        meta,
      },
      200,
    );
  })
  .openapi(networksRoute, async (c) => {
    const { database, dataset, boards } = c.var.services;
    const cc = regionCc(c.req.valid("param").cc);
    const { meta, version } = await dataset.state();
    const resolved = await resolveParameters(database, {}, version);
    const board = await boards.board(database, version, resolved.params, resolved.methodVersion);
    // AS-number order (the board's), a unique key: pages are stable within a data version.
    const all = board.networks.filter((n) => n.cc === cc);
    const { page, limit } = c.req.valid("query");
    const size = limit === undefined ? NETWORKS_PER_PAGE : Number(limit);
    const number = page === undefined ? 1 : Number(page);
    const mine = all.slice((number - 1) * size, number * size);
    const asns = mine.map((n) => n.asn);
    const roa = await routingQueries.roaCountsOf(database, asns);
    const population = await measurementQueries.populationIn(database, cc, asns);
    const window = board.networks[0]?.window ?? {
      start: addDays(resolved.params.evaluationDate, -(resolved.params.windowDays - 1)),
      end: resolved.params.evaluationDate,
    };
    return c.json(
      {
        data: {
          cc,
          evaluationDate: resolved.params.evaluationDate,
          window: { start: window.start, end: window.end },
          metric: "preferred" as const,
          source: "apnic" as const,
          threshold: resolved.params.threshold,
          pagination: {
            page: number,
            limit: size,
            total: all.length,
            pages: Math.max(1, Math.ceil(all.length / size)),
          },
          networks: mine.map((n) => {
            const r = roa.get(n.asn);
            return {
              asn: n.asn,
              name: n.name,
              state: n.state,
              share: n.share,
              lo: n.lo,
              hi: n.hi,
              samples: n.samples,
              days: n.days,
              users: population.get(n.asn) ?? null,
              rankInCountry: n.rankInCountry,
              roa: {
                announced: r?.announced ?? 0,
                valid: r?.valid ?? 0,
                invalid: r?.invalid ?? 0,
                notFound: r?.not_found ?? 0,
              },
            };
          }),
        },
        meta,
      },
      200,
    );
  })
  .openapi(resourcesRoute, async (c) => {
    const { database, dataset } = c.var.services;
    const cc = regionCc(c.req.valid("param").cc);
    const figures = await registryQueries.familyHoldings(database, cc);
    const routes = await routingQueries.routesPerFamilyOfEconomy(database, cc);
    const families = (["ipv4", "ipv6"] as const).map((family) => {
      const f = figures.find((x) => x.family === family);
      return {
        family,
        heldPrefixes: f?.held_prefixes ?? 0,
        heldSpace: f?.held_space ?? 0,
        announcedPrefixes: f?.announced_prefixes ?? 0,
        announcedSpace: f?.announced_space ?? 0,
        routes: routes.find((r) => r.family === family)?.routes ?? 0,
      };
    });
    return c.json(
      {
        data: {
          cc,
          families,
          spaceUnits: { ipv4: "addresses" as const, ipv6: "/32 equivalents" as const },
        },
        meta: await dataset.meta(),
      },
      200,
    );
  });
