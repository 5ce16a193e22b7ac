/**
 * Liveness and database reachability, answered within HEALTH_LIMIT_MS whatever else the server
 * does: it asks the database on a connection of its own (server engine) or reads the PGlite
 * thread's state (embedded), never waiting behind a slow request or an ingest. Exempt from the
 * request time limit and the rate limit.
 *
 * `?ready=1` asks for readiness instead: whether this instance should take traffic now. Besides
 * reachability it is not while migrations run, or while the database's applied migrations differ
 * from those this code ships (an old instance beside a migrated database, or a new one before its
 * migration). It keeps liveness's limit and asks on the same connection of its own.
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../lib/context";
import { MetaSchema } from "../../lib/dataset";
import { ErrorSchema, errorBody } from "../../lib/errors";

/** Within the 2 s a load balancer's probe is usually given. */
const HEALTH_LIMIT_MS = 1500;

const HealthQuery = z.object({
  ready: z
    .enum(["0", "1"])
    .optional()
    .openapi({
      description:
        "1: readiness (may this instance take traffic?) instead of liveness: also 503 while migrations run " +
        "or when the database's applied migrations are behind or ahead of this version's",
    }),
});

const HealthSchema = z
  .object({
    status: z.literal("ok"),
    database: z.enum(["pglite", "postgres"]),
    detail: z.string().openapi({
      description: "How the database answered: its answer time, or what the embedded engine is doing",
    }),
    ready: z.literal(true).optional().openapi({
      description: "With `?ready=1`: the instance is ready (its database answers, migrated to this version)",
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
  summary: "Liveness and database reachability; readiness with ?ready=1",
  description:
    "Answered within 1.5 s and never behind other work, without rate limit. Liveness (no query): 200 while " +
    "the database answers. Readiness (`?ready=1`, for load balancers and orchestrators): 200 only when " +
    "the database answers, no migration is running (on a Postgres server: no session holds the migration " +
    "lock), and its applied migrations are exactly this version's; else 503 with the reason in the message.",
  request: { query: HealthQuery },
  responses: {
    200: {
      description: "The API and its database answer (and, with ?ready=1, the instance is ready)",
      content: { "application/json": { schema: HealthSchema } },
    },
    400: {
      description: "`ready` is neither 0 nor 1",
      content: { "application/json": { schema: ErrorSchema } },
    },
    503: {
      description:
        "The database does not answer, or (with ?ready=1) the instance is not ready: migrations are running, " +
        "or the database's migrations are behind or ahead of this version's. The message names the cause.",
      content: { "application/json": { schema: ErrorSchema } },
    },
  },
});

export const healthRoutes = new OpenAPIHono<AppEnv>().openapi(route, async (c) => {
  const { database, dataset, log } = c.var.services;
  const requestId = c.get("requestId");
  // The meta as last read: a fresh lookup could wait behind the work health must not wait for.
  const meta = dataset.lastKnown()?.meta ?? null;
  if (c.req.valid("query").ready === "1") {
    const readiness = await database.readiness(HEALTH_LIMIT_MS);
    if (!readiness.ready) {
      log.warn("health: not ready", { cause: readiness.reason, request_id: requestId });
      return c.json(errorBody("UNAVAILABLE", `not ready: ${readiness.reason}`, requestId), 503, {
        "Retry-After": "5",
      });
    }
    return c.json(
      {
        status: "ok" as const,
        database: database.engine,
        detail: readiness.detail,
        ready: true as const,
        meta,
      },
      200,
    );
  }
  const health = await database.health(HEALTH_LIMIT_MS);
  if (!health.ok) {
    log.warn("health: database unavailable", { cause: health.cause, request_id: requestId });
    return c.json(errorBody("UNAVAILABLE", `the database does not answer: ${health.cause}`, requestId), 503);
  }
  return c.json({ status: "ok" as const, database: database.engine, detail: health.detail, meta }, 200);
});
