/**
 * `GET /api/v1/search?q=`: networks, organisations and economies matching a query, best first,
 * for the dashboard's search box and for anyone who knows a name but not a number.
 */
import { registryQueries } from "@atalaya/db";
import { SUB_REGION_NAMES, type SubRegion } from "@atalaya/net";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { resolveParameters } from "../../lib/award-params";
import type { AppEnv } from "../../lib/context";
import { MetaSchema } from "../../lib/dataset";
import { errorResponses } from "../../lib/errors";
import { search } from "../../lib/search";
import { StateSchema } from "../awards/schemas";

const SearchQuery = z.object({
  q: z.string().trim().min(1, "give something to search for").max(100).openapi({
    description:
      "An AS number (`AS64496` or `64496`, or its first digits), part of an AS or organisation name, an organisation id (`lacnic:900001`), or an economy's code or name. Case and accents are ignored.",
    example: "AS64496",
  }),
  limit: z
    .string()
    .regex(/^([1-9]|[1-4]\d|50)$/, "a whole number from 1 to 50")
    .optional()
    .openapi({ description: "Most results to return (1–50, default 10)", example: "10" }),
});

const SearchResultSchema = z
  .discriminatedUnion("kind", [
    z.object({
      kind: z.literal("asn"),
      asn: z.number().int(),
      name: z.string().nullable(),
      cc: z.string().openapi({ description: "Registry country" }),
      organisationId: z.string().nullable(),
      state: StateSchema,
      share: z.number().nullable().openapi({ description: "Pooled IPv6-preferred share (0–1)" }),
    }),
    z.object({
      kind: z.literal("organisation"),
      id: z.string().openapi({ example: "lacnic:900001" }),
      name: z.string().nullable(),
      cc: z.string().nullable(),
      asns: z.array(z.number().int()),
      state: StateSchema,
      share: z.number().nullable(),
    }),
    z.object({
      kind: z.literal("country"),
      cc: z.string(),
      name: z.string(),
      subRegionName: z.string(),
    }),
  ])
  .openapi("SearchResult");

const SearchResponse = z
  .object({
    data: z.object({
      query: z.string(),
      results: z.array(SearchResultSchema).openapi({
        description:
          "Best first: exact AS number, code or id; then names that equal, start with, have a word starting with, or contain the query",
      }),
      more: z.boolean().openapi({ description: "More matched than the limit let through" }),
    }),
    meta: MetaSchema,
  })
  .openapi("SearchResults");

const route = createRoute({
  method: "get",
  path: "/",
  tags: ["networks"],
  summary: "Find networks, organisations and economies by number, code or name",
  request: { query: SearchQuery },
  responses: {
    200: { description: "Matches, best first", content: { "application/json": { schema: SearchResponse } } },
    ...errorResponses,
  },
});

export const searchRoutes = new OpenAPIHono<AppEnv>().openapi(route, async (c) => {
  const { database, dataset, boards } = c.var.services;
  const { q, limit } = c.req.valid("query");
  const { meta, version } = await dataset.state();
  const resolved = await resolveParameters(database, {}, version);
  const board = await boards.board(database, version, resolved.params, resolved.methodVersion);
  const economies = await registryQueries.regionEconomies(database);
  const answer = search(
    board,
    economies.map((e) => ({
      cc: e.cc,
      name: e.name,
      subRegionName: SUB_REGION_NAMES[e.subRegion as SubRegion],
    })),
    q,
    limit === undefined ? 10 : Number(limit),
  );
  return c.json({ data: { query: q, ...answer }, meta }, 200);
});
