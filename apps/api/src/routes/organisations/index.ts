import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { resolveParameters } from "../../lib/award-params";
import type { AppEnv } from "../../lib/context";
import { MetaSchema } from "../../lib/dataset";
import { ApiError, ErrorSchema, errorResponses } from "../../lib/errors";
import { LadderSchema, readinessLadder } from "../../lib/ladder";
import { EvaluationQuery } from "../../lib/params";
import { RoutingSchema, routingFor } from "../../lib/routing-standing";
import { networkOf, providerOf, standingFor } from "../../lib/standing";
import { StandingSchema } from "../../lib/standing-schema";
import { StateSchema } from "../awards/schemas";
import { OrganisationParams } from "./schemas";

const OrganisationResponse = z
  .object({
    data: z.object({
      id: z.string(),
      name: z.string().nullable(),
      cc: z.string().nullable(),
      asns: z
        .array(
          z.object({
            asn: z.number().int(),
            name: z.string().nullable(),
            cc: z.string(),
            state: StateSchema,
            share: z.number().nullable(),
            lo: z.number().nullable().openapi({ description: "Lower bound of the 95% Wilson interval" }),
            hi: z.number().nullable().openapi({ description: "Upper bound of the 95% Wilson interval" }),
            samples: z.number(),
            days: z.number().int(),
            rankInCountry: z.number().int().nullable(),
            rankInRegion: z.number().int().nullable(),
          }),
        )
        .openapi({ description: "Member networks, each evaluated on its own over the same window" }),
      standing: StandingSchema,
      routing: RoutingSchema,
      ladder: LadderSchema,
    }),
    meta: MetaSchema,
  })
  .openapi("OrganisationStanding");

const route = createRoute({
  method: "get",
  path: "/{id}",
  tags: ["networks"],
  summary: "An organisation's standing, pooled over its ASNs",
  request: {
    params: OrganisationParams,
    query: EvaluationQuery,
  },
  responses: {
    200: {
      description: "The organisation",
      content: { "application/json": { schema: OrganisationResponse } },
    },
    404: {
      description: "No such holder in the region",
      content: { "application/json": { schema: ErrorSchema } },
    },
    ...errorResponses,
  },
});

export const organisationRoutes = new OpenAPIHono<AppEnv>().openapi(route, async (c) => {
  const { database, dataset, boards } = c.var.services;
  const { id } = c.req.valid("param");
  const { meta, version } = await dataset.state();
  const resolved = await resolveParameters(database, c.req.valid("query"), version);
  const board = await boards.board(database, version, resolved.params, resolved.methodVersion);
  const provider = providerOf(board, id);
  if (!provider) throw new ApiError("NOT_FOUND", `${id} holds no ASN in the LACNIC region`);
  const members = provider.asns.flatMap((asn) => networkOf(board, asn) ?? []);
  const [registry, holderId] = provider.id.split(":") as [string, string];
  const [standing, routing] = await Promise.all([
    standingFor(database, board, provider.asns, provider, board.providers),
    routingFor(database, provider.asns, { registry, holderId }),
  ]);
  return c.json(
    {
      data: {
        id: provider.id,
        name: provider.name,
        cc: provider.cc,
        asns: members.map((m) => ({
          asn: m.asn,
          name: m.name,
          cc: m.cc,
          state: m.state,
          share: m.share,
          lo: m.lo,
          hi: m.hi,
          samples: m.samples,
          days: m.days,
          rankInCountry: m.rankInCountry,
          rankInRegion: m.rankInRegion,
        })),
        standing,
        routing,
        ladder: readinessLadder(routing, standing),
      },
      meta,
    },
    200,
  );
});
