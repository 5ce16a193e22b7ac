/**
 * `GET /api/v1/validity/{asn}/{prefix}` in Routinator's validity-API shape, so tools built for
 * Routinator work against Atalaya: `/api/v1/validity/AS64496/2001:db8::/32` (the prefix keeps its
 * slash). Answers come from the live VRPs through the same engine the stored states come from.
 */

import { coveringVrpIndex } from "@atalaya/ingest";
import { formatPrefix, parsePrefix, validatedRouteJson } from "@atalaya/net";
import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../lib/context";
import { MetaSchema } from "../../lib/dataset";
import { ApiError, ErrorSchema } from "../../lib/errors";

const VrpJson = z
  .object({ asn: z.string(), prefix: z.string(), max_length: z.string() })
  .openapi("RoutinatorVrp");

export const ValidityResponse = z
  .object({
    validated_route: z.object({
      route: z.object({ origin_asn: z.string(), prefix: z.string() }),
      validity: z.object({
        state: z.enum(["valid", "invalid", "not-found"]),
        reason: z.enum(["as", "length"]).optional(),
        description: z.string(),
        VRPs: z.object({
          matched: z.array(VrpJson),
          unmatched_as: z.array(VrpJson),
          unmatched_length: z.array(VrpJson),
        }),
      }),
    }),
    meta: MetaSchema,
  })
  .openapi("RouteValidity");

const app = new OpenAPIHono<AppEnv>();

// Registered by hand: the prefix parameter contains a slash, which OpenAPI path templates cannot express.
app.openAPIRegistry.registerPath({
  method: "get",
  path: "/{asn}/{prefix}",
  tags: ["routing"],
  summary: "RPKI origin validation of one route (Routinator-compatible)",
  description:
    "The prefix keeps its slash: `/api/v1/validity/AS64496/2001:db8::/32`. ASN as `AS64496` or `64496`.",
  request: {
    params: z.object({
      asn: z.string().openapi({ example: "AS64496" }),
      prefix: z.string().openapi({ example: "2001:db8::/32" }),
    }),
  },
  responses: {
    200: {
      description: "The route's state and the VRPs behind it",
      content: { "application/json": { schema: ValidityResponse } },
    },
    400: {
      description: "Not an ASN or not a prefix",
      content: { "application/json": { schema: ErrorSchema } },
    },
  },
});

export const validityRoutes = app.get("/:asn/:prefix{.+}", async (c) => {
  const { database, dataset } = c.var.services;
  const asnText = c.req.param("asn");
  if (!/^(AS)?\d{1,10}$/i.test(asnText) || Number(asnText.replace(/^AS/i, "")) > 4294967295) {
    throw new ApiError("BAD_REQUEST", `asn: "${asnText}" is not an AS number`);
  }
  // Already decoded by the router: decoding again would read `%` as an escape (and throw on it).
  const prefixText = c.req.param("prefix");
  const parsed = parsePrefix(prefixText);
  if (!("prefix" in parsed)) throw new ApiError("BAD_REQUEST", `prefix: "${prefixText}" is not an IP prefix`);
  const { meta } = await dataset.state();
  const index = await coveringVrpIndex(database, [parsed.prefix]);
  const origin = Number(asnText.replace(/^AS/i, ""));
  const route = { prefix: parsed.prefix, origin };
  const row = {
    prefix: formatPrefix(parsed.prefix),
    origin: String(origin),
    route,
    validity: index.validate(route),
  };
  return c.json(
    { validated_route: validatedRouteJson(row) as z.infer<typeof ValidityResponse>["validated_route"], meta },
    200,
  );
});
