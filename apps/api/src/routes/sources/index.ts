import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../lib/context";
import { MetaSchema } from "../../lib/dataset";
import { errorResponses } from "../../lib/errors";

const SourceSchema = z
  .object({
    name: z.string(),
    title: z.string(),
    cadenceHours: z.number().int(),
    freshness: z.enum(["fresh", "stale", "never", "demo"]),
    lastGoodRun: z
      .object({
        id: z.number().int(),
        finishedAt: z.string(),
        dataDate: z.string().nullable(),
        location: z.string(),
      })
      .nullable(),
    lastRun: z
      .object({
        id: z.number().int(),
        status: z.string(),
        startedAt: z.string(),
        error: z.string().nullable(),
      })
      .nullable(),
  })
  .openapi("SourceStatus");

const route = createRoute({
  method: "get",
  path: "/",
  tags: ["service"],
  summary: "Each data source's last run, data date and freshness",
  responses: {
    200: {
      description: "Sources in ingest order",
      content: {
        "application/json": { schema: z.object({ data: z.array(SourceSchema), meta: MetaSchema }) },
      },
    },
    ...errorResponses,
  },
});

export const sourceRoutes = new OpenAPIHono<AppEnv>().openapi(route, async (c) => {
  const { dataset } = c.var.services;
  return c.json({ data: await dataset.sources(), meta: await dataset.meta() }, 200);
});
