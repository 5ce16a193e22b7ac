import { measurementQueries, routingQueries } from "@atalaya/db";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { resolveParameters } from "../../lib/award-params";
import type { AppEnv } from "../../lib/context";
import { csvLine } from "../../lib/csv";
import { MetaSchema } from "../../lib/dataset";
import { ApiError, ErrorSchema, errorResponses } from "../../lib/errors";
import { LadderSchema, readinessLadder } from "../../lib/ladder";
import { PageSchema, paged, pageLimit, pageNumber } from "../../lib/paging";
import { EvaluationQuery } from "../../lib/params";
import {
  AnnouncedRouteSchema,
  byUrgency,
  RoutingSchema,
  routingFor,
  withVrps,
} from "../../lib/routing-standing";
import { MEASURED_SOURCES, networkOf, providerOf, standingFor } from "../../lib/standing";
import { StandingSchema } from "../../lib/standing-schema";

const AsnParams = z.object({
  asn: z
    .string()
    .regex(/^(AS|as)?\d{1,10}$/, "an AS number, e.g. 64496 or AS64496")
    .openapi({ param: { name: "asn", in: "path" }, example: "AS64496" }),
});

const AsnResponse = z
  .object({
    data: z.object({
      asn: z.number().int(),
      name: z.string().nullable(),
      cc: z.string().nullable().openapi({ description: "Registry country" }),
      organisation: z
        .object({ id: z.string(), name: z.string().nullable(), asns: z.array(z.number().int()) })
        .nullable(),
      standing: StandingSchema,
      routing: RoutingSchema,
      ladder: LadderSchema,
    }),
    meta: MetaSchema,
  })
  .openapi("AsnStanding");

const route = createRoute({
  method: "get",
  path: "/{asn}",
  tags: ["networks"],
  summary: "A network's standing: IPv6 share per metric, series, ranks, distance to the award line",
  request: {
    params: AsnParams,
    query: EvaluationQuery,
  },
  responses: {
    200: { description: "The network", content: { "application/json": { schema: AsnResponse } } },
    404: {
      description: "Unknown to the registry data and to every measurement",
      content: { "application/json": { schema: ErrorSchema } },
    },
    ...errorResponses,
  },
});

const RoutesQuery = z.object({
  state: z
    .enum(["valid", "invalid", "not-found"])
    .optional()
    .openapi({ description: "Only routes in this RFC 6811 state" }),
  page: pageNumber.openapi({ description: "Page (default 1)", example: "1" }),
  limit: pageLimit.openapi({ description: "Routes per page (1–1000, default 100)", example: "100" }),
  format: z
    .enum(["json", "csv"])
    .optional()
    .openapi({ description: "`csv` downloads every matching route (not paged)" }),
});

const RoutesResponse = z
  .object({
    data: z.object({
      asn: z.number().int(),
      routes: z.array(AnnouncedRouteSchema),
      pagination: PageSchema,
    }),
    meta: MetaSchema,
  })
  .openapi("AsnRoutes");

const routesRoute = createRoute({
  method: "get",
  path: "/{asn}/routes",
  tags: ["networks"],
  summary: "Every route a network announces, most urgent first, with its RFC 6811 state (paged, or CSV)",
  request: { params: AsnParams, query: RoutesQuery },
  responses: {
    200: {
      description: "The routes (text/csv with format=csv)",
      content: { "application/json": { schema: RoutesResponse } },
    },
    ...errorResponses,
  },
});

const vrpText = (v: { asn: string; prefix: string; max_length: string }) =>
  `${v.asn} ${v.prefix}-${v.max_length}`;

const asnOf = (text: string) => {
  const asn = Number(text.replace(/^as/i, ""));
  if (asn > 4294967295) throw new ApiError("BAD_REQUEST", `asn: AS${asn} is out of range`);
  return asn;
};

export const asnRoutes = new OpenAPIHono<AppEnv>()
  .openapi(routesRoute, async (c) => {
    const { database, dataset } = c.var.services;
    const asn = asnOf(c.req.valid("param").asn);
    const query = c.req.valid("query");
    const { meta } = await dataset.state();
    // A network that announces nothing has no routes: an empty list, not an error (its standing
    // page says whether Atalaya knows it).
    const all = byUrgency(await routingQueries.routeStatesOf(database, [asn]));
    const rows = query.state ? all.filter((r) => r.state === query.state) : all;
    if (query.format === "csv") {
      const lines = [csvLine(["prefix", "origin", "state", "reason", "peers", "vrps"])];
      for (const r of rows) {
        const { vrps } = withVrps(r);
        const involved = vrps
          ? [...vrps.unmatched_as, ...vrps.unmatched_length].map(vrpText).join("; ")
          : null;
        lines.push(csvLine([r.prefix, r.origin, r.state, r.reason, r.peers, involved]));
      }
      return c.body(lines.join(""), 200, {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="AS${asn}-routes${query.state ? `-${query.state}` : ""}.csv"`,
      }) as never;
    }
    const page = paged(rows, query.page, query.limit);
    return c.json({ data: { asn, routes: page.rows.map(withVrps), pagination: page.page }, meta }, 200);
  })
  .openapi(route, async (c) => {
    const { database, dataset, boards } = c.var.services;
    const asn = asnOf(c.req.valid("param").asn);
    const { meta, version } = await dataset.state();
    const resolved = await resolveParameters(database, c.req.valid("query"), version);
    const board = await boards.board(database, version, resolved.params, resolved.methodVersion);
    const row = networkOf(board, asn);
    // Only a network off the board (not a region ASN) needs looking up: measured anywhere at all?
    // Each source's series is a prefix of the key (source, asn, …), hence the sources named.
    const known = row ? null : await measurementQueries.measuredAsn(database, asn, MEASURED_SOURCES);
    if (!row && !known?.measured)
      throw new ApiError("NOT_FOUND", `AS${asn} is not a LACNIC-region network with data here`);
    const organisation = row?.organisationId ? providerOf(board, row.organisationId) : null;
    const [registry, holderId] = (row?.organisationId ?? "").split(":");
    // Independent queries: asked together, so a request waits for the slower one only.
    const [standing, routing] = await Promise.all([
      standingFor(database, board, [asn], row, board.networks),
      routingFor(database, [asn], registry && holderId ? { registry, holderId } : null),
    ]);
    return c.json(
      {
        data: {
          asn,
          name: row?.name ?? known?.name ?? null,
          cc: row?.cc ?? null,
          organisation: organisation
            ? { id: organisation.id, name: organisation.name, asns: organisation.asns }
            : null,
          standing,
          routing,
          ladder: readinessLadder(routing, standing),
        },
        meta,
      },
      200,
    );
  });
