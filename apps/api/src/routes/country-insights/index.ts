/**
 * An economy's page beyond its registry figures (routes/countries): its daily users-weighted
 * trend, its networks with their award standing and ROA coverage, and how much of the space the
 * registry holds for it is announced in BGP.
 */
import type { Database } from "@atalaya/db";
import { addDays } from "@atalaya/metrics";
import { lacnicCountry } from "@atalaya/net";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { sql } from "drizzle-orm";
import { resolveParameters } from "../../lib/award-params";
import type { AppEnv } from "../../lib/context";
import { MetaSchema } from "../../lib/dataset";
import { ApiError, ErrorSchema, errorResponses } from "../../lib/errors";
import { PageSchema, StateSchema } from "../awards/schemas";
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

const CountryTrendResponse = z
  .object({
    data: TrendMethodSchema.extend({ cc: z.string().length(2), series: z.array(DailyShareSchema) }),
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

interface RoaRow {
  asn: number;
  announced: number;
  valid: number;
  invalid: number;
  not_found: number;
}

async function roaCounts(database: Database, asns: number[]): Promise<Map<number, RoaRow>> {
  if (asns.length === 0) return new Map();
  const rows = await database.rows<RoaRow>(sql`
    select origin_asn::float8 as asn, count(*)::int as announced,
      count(*) filter (where state = 'valid')::int as valid,
      count(*) filter (where state = 'invalid')::int as invalid,
      count(*) filter (where state = 'not-found')::int as not_found
    from route_validity where origin_asn in ${asns} group by origin_asn`);
  return new Map(rows.map((r) => [Number(r.asn), r]));
}

interface FamilyRow {
  family: "ipv4" | "ipv6";
  held_prefixes: number;
  held_space: number;
  announced_prefixes: number;
  announced_space: number;
}

/**
 * A registry prefix counts as announced when a route of any source is the prefix itself, a part
 * of it, or a cover of it: answered per prefix by each validation run (registry_prefix_routing).
 * Uses registry_resources_cc_idx (cc, type, status) and the answers' primary key.
 */
async function familyFigures(database: Database, cc: string): Promise<FamilyRow[]> {
  return database.rows<FamilyRow>(sql`
    select rr.type as family, count(*)::int as held_prefixes,
      sum(power(2, 32 - masklen(rr.prefix)))::float8 as held_space,
      count(*) filter (where a.announced)::int as announced_prefixes,
      coalesce(sum(power(2, 32 - masklen(rr.prefix))) filter (where a.announced), 0)::float8 as announced_space
    from registry_resources rr
    left join registry_prefix_routing a on a.prefix = rr.prefix
    where rr.cc = ${cc} and rr.type in ('ipv4', 'ipv6') and rr.status in ('allocated', 'assigned')
    group by rr.type`);
}

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
    const board = await boards.board(database, version, resolved.params);
    // AS-number order (the board's), a unique key: pages are stable within a data version.
    const all = board.networks.filter((n) => n.cc === cc);
    const { page, limit } = c.req.valid("query");
    const size = limit === undefined ? NETWORKS_PER_PAGE : Number(limit);
    const number = page === undefined ? 1 : Number(page);
    const mine = all.slice((number - 1) * size, number * size);
    const asns = mine.map((n) => n.asn);
    const roa = await roaCounts(database, asns);
    const population =
      asns.length === 0
        ? new Map<number, number>()
        : new Map(
            (
              await database.rows<{ asn: number; users: number }>(sql`
                select asn::float8 as asn, users::float8 as users from as_population
                where cc = ${cc} and asn in ${asns}`)
            ).map((r) => [Number(r.asn), Number(r.users)]),
          );
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
    const figures = await familyFigures(database, cc);
    const routes = await database.rows<{ family: "ipv4" | "ipv6"; routes: number }>(sql`
      with mine as (
        select distinct rr.asn from registry_resources rr
        where rr.cc = ${cc} and rr.type = 'asn' and rr.status in ('allocated', 'assigned')
      )
      select case when family(v.prefix) = 4 then 'ipv4' else 'ipv6' end as family, count(*)::int as routes
      from route_validity v join mine on mine.asn = v.origin_asn group by 1`);
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
