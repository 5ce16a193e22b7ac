/**
 * Liveness and database reachability, answered within HEALTH_LIMIT_MS whatever else the server
 * does: it asks the database on a connection of its own (server engine) or reads the PGlite
 * thread's state (embedded), never waiting behind a slow request or an ingest. Exempt from the
 * request time limit and the rate limit.
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../lib/context";
import { MetaSchema } from "../../lib/dataset";
import { ErrorSchema, errorBody } from "../../lib/errors";

/** Within the 2 s a load balancer's probe is usually given. */
const HEALTH_LIMIT_MS = 1500;

const HealthSchema = z
  .object({
    status: z.literal("ok"),
    database: z.enum(["pglite", "postgres"]),
    detail: z.string().openapi({
      description: "How the database answered: its answer time, or what the embedded engine is doing",
    }),
    meta: MetaSchema.nullable().openapi({
      description: "The data version's meta as last read (null before the first read)",
    }),
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
      description: "The database does not answer; the message names the cause",
      content: { "application/json": { schema: ErrorSchema } },
    },
  },
});

export const healthRoutes = new OpenAPIHono<AppEnv>().openapi(route, async (c) => {
  const { database, dataset, log } = c.var.services;
  const health = await database.health(HEALTH_LIMIT_MS);
  if (!health.ok) {
    log.warn("health: database unavailable", { cause: health.cause, request_id: c.get("requestId") });
    return c.json(
      errorBody("UNAVAILABLE", `the database does not answer: ${health.cause}`, c.get("requestId")),
      503,
    );
  }
  // The meta as last read: a fresh lookup could wait behind the work health must not wait for.
  const meta = dataset.lastKnown()?.meta ?? null;
  return c.json({ status: "ok" as const, database: database.engine, detail: health.detail, meta }, 200);
});
