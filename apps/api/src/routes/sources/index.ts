import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../lib/context";
import { MetaSchema } from "../../lib/dataset";
import { errorResponses } from "../../lib/errors";
import { publicLocation, withoutServerPaths } from "../../lib/public-location";

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
        location: z.string().openapi({
          description:
            "Where the data came from: the URL fetched, or only the base name of a local file (server paths are not shown)",
          example: "https://ftp.lacnic.net/pub/stats/lacnic/delegated-lacnic-extended-latest",
        }),
        locationKind: z
          .enum(["url", "file"])
          .openapi({ description: "Whether `location` is a URL or a file name" }),
      })
      .nullable(),
    lastRun: z
      .object({
        id: z.number().int(),
        status: z.string(),
        startedAt: z.string(),
        error: z
          .string()
          .nullable()
          .openapi({ description: "Why the run failed; file paths in it are cut to their base names" }),
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
  // Anonymous clients read this: runs keep the path an operator gave, which is theirs to see
  // (`atalaya runs`), not the public's.
  const data = (await dataset.sources()).map((source) => {
    const { lastGoodRun, lastRun } = source;
    const shown = lastGoodRun ? publicLocation(lastGoodRun.location) : null;
    return {
      ...source,
      lastGoodRun:
        lastGoodRun && shown ? { ...lastGoodRun, location: shown.location, locationKind: shown.kind } : null,
      lastRun: lastRun
        ? { ...lastRun, error: lastRun.error === null ? null : withoutServerPaths(lastRun.error) }
        : null,
    };
  });
  return c.json({ data, meta: await dataset.meta() }, 200);
});
