import { measurementQueries } from "@atalaya/db";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../lib/context";
import { MetaSchema } from "../../lib/dataset";
import { errorResponses } from "../../lib/errors";
import { isoDate } from "../../lib/params";

const GoogleResponse = z
  .object({
    data: z.object({
      source: z.literal("google"),
      scope: z.literal("global"),
      description: z.string(),
      series: z.array(
        z
          .object({ date: z.string(), total: z.number(), native: z.number().nullable() })
          .openapi("ContextPoint"),
      ),
    }),
    meta: MetaSchema,
  })
  .openapi("GoogleContext");

const route = createRoute({
  method: "get",
  path: "/google",
  tags: ["countries"],
  summary: "Google's global IPv6 adoption, as context for the region's figures",
  request: {
    query: z.object({
      since: isoDate.optional().openapi({ description: "First day to return (default: all)" }),
    }),
  },
  responses: {
    200: { description: "Daily shares (0–1)", content: { "application/json": { schema: GoogleResponse } } },
    ...errorResponses,
  },
});

export const contextRoutes = new OpenAPIHono<AppEnv>().openapi(route, async (c) => {
  const { database, dataset } = c.var.services;
  const { since } = c.req.valid("query");
  const series = await measurementQueries.googleSeries(database, since);
  return c.json(
    {
      data: {
        source: "google" as const,
        scope: "global" as const,
        description:
          "Share of users reaching Google over IPv6 (total, and native only). A traffic-side view; not per network.",
        series,
      },
      meta: await dataset.meta(),
    },
    200,
  );
});
