import { measurementQueries } from "@atalaya/db";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { resolveParameters } from "../../lib/award-params";
import type { AppEnv } from "../../lib/context";
import { MetaSchema } from "../../lib/dataset";
import { ApiError, ErrorSchema, errorResponses } from "../../lib/errors";
import { LadderSchema, readinessLadder } from "../../lib/ladder";
import { EvaluationQuery } from "../../lib/params";
import { RoutingSchema, routingFor } from "../../lib/routing-standing";
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

export const asnRoutes = new OpenAPIHono<AppEnv>().openapi(route, async (c) => {
  const { database, dataset, boards } = c.var.services;
  const asn = Number(c.req.valid("param").asn.replace(/^as/i, ""));
  if (asn > 4294967295) throw new ApiError("BAD_REQUEST", `asn: AS${asn} is out of range`);
  const { meta, version } = await dataset.state();
  const resolved = await resolveParameters(database, c.req.valid("query"), version);
  const board = await boards.board(database, version, resolved.params);
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
