import { SUB_REGION_NAMES, type SubRegion } from "@atalaya/net";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../lib/context";
import { MetaSchema } from "../../lib/dataset";
import { currentShares } from "../../lib/economy-shares";
import { errorResponses } from "../../lib/errors";
import { ShareFigureSchema, SubRegionSchema } from "../countries/schemas";

const RegionResponse = z
  .object({
    data: z.object({
      evaluationDate: z.string(),
      window: z.object({ start: z.string(), end: z.string() }),
      metric: z.literal("preferred"),
      source: z.literal("apnic"),
      region: ShareFigureSchema,
      subRegions: z.array(ShareFigureSchema.extend({ subRegion: SubRegionSchema, name: z.string() })),
    }),
    meta: MetaSchema,
  })
  .openapi("RegionSummary");

const route = createRoute({
  method: "get",
  path: "/",
  tags: ["countries"],
  summary: "IPv6 share of the whole LACNIC region and of each sub-region, weighted by users",
  responses: {
    200: {
      description: "Region and sub-region figures",
      content: { "application/json": { schema: RegionResponse } },
    },
    ...errorResponses,
  },
});

export const regionRoutes = new OpenAPIHono<AppEnv>().openapi(route, async (c) => {
  const shares = await currentShares(c.var.services);
  const subRegions = (Object.keys(SUB_REGION_NAMES) as SubRegion[]).map((subRegion) => ({
    subRegion,
    name: SUB_REGION_NAMES[subRegion],
    ...(shares.bySubRegion.get(subRegion) ?? { share: null, weightedBy: null, networks: 0 }),
  }));
  return c.json(
    {
      data: {
        evaluationDate: shares.evaluationDate,
        window: shares.window,
        metric: "preferred" as const,
        source: "apnic" as const,
        region: shares.region,
        subRegions,
      },
      meta: await c.var.services.dataset.meta(),
    },
    200,
  );
});
