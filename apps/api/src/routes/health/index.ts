import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { sql } from "drizzle-orm";
import type { AppEnv } from "../../lib/context";
import { MetaSchema } from "../../lib/dataset";
import { ErrorSchema } from "../../lib/errors";

const HealthSchema = z
  .object({
    status: z.literal("ok"),
    database: z.enum(["pglite", "postgres"]),
    meta: MetaSchema,
  })
  .openapi("Health");

const route = createRoute({
  method: "get",
  path: "/",
  tags: ["service"],
  summary: "Liveness and database reachability",
  responses: {
    200: {
      description: "The API and its database answer",
      content: { "application/json": { schema: HealthSchema } },
    },
    503: {
      description: "The database does not answer",
      content: { "application/json": { schema: ErrorSchema } },
    },
  },
});

export const healthRoutes = new OpenAPIHono<AppEnv>().openapi(route, async (c) => {
  const { database, dataset } = c.var.services;
  await database.rows(sql`select 1`);
  return c.json({ status: "ok" as const, database: database.engine, meta: await dataset.meta() }, 200);
});
