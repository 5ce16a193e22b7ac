/**
 * Public results. A cycle's results exist here only once released: before that the answer is 404,
 * the same as for a cycle that does not exist, so nothing leaks through the API.
 */

import {
  CRITERIA,
  evidencePack,
  getNomination,
  publicChallengeResults,
  publicJimBoundResults,
} from "@atalaya/committee";
import { awardCycles, awardReleases, challengeCycles } from "@atalaya/db";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { asc, eq, isNotNull } from "drizzle-orm";
import { IdParams, iso, isoOrNull } from "../../lib/committee-schemas";
import type { AppEnv } from "../../lib/context";
import { ApiError, ErrorSchema, errorResponses } from "../../lib/errors";
import { EvidencePackQuery, evidencePackResponses, sendPack } from "../../lib/evidence-pack";
import { withPublicRunLocations } from "../../lib/public-location";

const json = <T extends z.ZodType>(schema: T) => ({ "application/json": { schema } });
const notReleased = { description: "No such cycle, or not released yet", content: json(ErrorSchema) };
const Means = z.object(
  Object.fromEntries(CRITERIA.map((c) => [c, z.number().nullable()])) as Record<
    (typeof CRITERIA)[number],
    z.ZodNullable<z.ZodNumber>
  >,
);

const routes = {
  index: createRoute({
    method: "get",
    path: "/",
    tags: ["results"],
    summary: "Released Challenge and Jim Bound cycles",
    responses: {
      200: {
        description: "Released cycles",
        content: json(
          z.object({
            data: z.object({
              challenge: z.array(
                z.object({ id: z.number().int(), name: z.string(), releasedAt: z.string() }),
              ),
              jimBound: z.array(z.object({ id: z.number().int(), name: z.string(), releasedAt: z.string() })),
            }),
          }),
        ),
      },
      ...errorResponses,
    },
  }),
  challenge: createRoute({
    method: "get",
    path: "/challenge/{id}",
    tags: ["results"],
    summary: "A released Challenge cycle: winners, finalists, mean scores per criterion, checks passed",
    request: { params: IdParams },
    responses: {
      200: {
        description: "Results",
        content: json(
          z
            .object({
              data: z.object({
                cycle: z.object({
                  id: z.number().int(),
                  name: z.string(),
                  windowStartsAt: z.string(),
                  windowDays: z.number().int(),
                  releasedAt: z.string().nullable(),
                }),
                entries: z.array(
                  z.object({
                    name: z.string(),
                    organisationId: z.string(),
                    cc: z.string().nullable(),
                    outcome: z.enum(["finalist", "winner"]).nullable(),
                    reviews: z.number().int(),
                    means: Means,
                    total: z.number().nullable(),
                    checks: z.object({ passed: z.number().int(), total: z.number().int() }),
                  }),
                ),
              }),
            })
            .openapi("ChallengeResults"),
        ),
      },
      404: notReleased,
      ...errorResponses,
    },
  }),
  jimBound: createRoute({
    method: "get",
    path: "/jim-bound/{id}",
    tags: ["results"],
    summary:
      "A released Jim Bound award cycle: the awarded networks and organisations with their frozen evidence",
    request: { params: IdParams },
    responses: {
      200: {
        description: "Results",
        content: json(
          z
            .object({
              data: z.object({
                cycle: z.object({
                  id: z.number().int(),
                  name: z.string(),
                  evaluationDate: z.string(),
                  threshold: z.number(),
                  metric: z.string(),
                }),
                releasedAt: z.string().nullable(),
                awarded: z.array(
                  z.object({
                    nominationId: z.number().int().openapi({
                      description:
                        "Its decision's evidence pack: /api/v1/results/jim-bound/{id}/evidence/{nominationId}",
                    }),
                    subjectKind: z.enum(["network", "organisation"]),
                    subjectId: z.string(),
                    name: z.string(),
                    decidedAt: z.string().nullable(),
                    evidence: z.record(z.string(), z.unknown()).nullable(),
                  }),
                ),
              }),
            })
            .openapi("JimBoundResults"),
        ),
      },
      404: notReleased,
      ...errorResponses,
    },
  }),
};

const packRoute = createRoute({
  method: "get",
  path: "/jim-bound/{id}/evidence/{nomination}",
  tags: ["results"],
  summary: "The evidence pack of an award in a released Jim Bound cycle, frozen at its decision",
  request: {
    params: IdParams.extend({
      nomination: z
        .string()
        .regex(/^\d{1,9}$/, "a numeric id")
        .openapi({ param: { name: "nomination", in: "path" }, example: "1" }),
    }),
    query: EvidencePackQuery,
  },
  responses: { ...evidencePackResponses, ...errorResponses },
});

export const resultRoutes = new OpenAPIHono<AppEnv>()
  .openapi(routes.index, async (c) => {
    const { db } = c.var.services.database;
    const challenge = await db
      .select({ id: challengeCycles.id, name: challengeCycles.name, releasedAt: challengeCycles.releasedAt })
      .from(challengeCycles)
      .where(isNotNull(challengeCycles.releasedAt))
      .orderBy(asc(challengeCycles.releasedAt));
    const jimBound = await db
      .select({ id: awardCycles.id, name: awardCycles.name, releasedAt: awardReleases.releasedAt })
      .from(awardReleases)
      .innerJoin(awardCycles, eq(awardCycles.id, awardReleases.awardCycleId))
      .orderBy(asc(awardReleases.releasedAt));
    return c.json(
      {
        data: {
          challenge: challenge.map((r) => ({
            id: r.id,
            name: r.name,
            releasedAt: iso(r.releasedAt as Date),
          })),
          jimBound: jimBound.map((r) => ({ ...r, releasedAt: iso(r.releasedAt) })),
        },
      },
      200,
    );
  })
  .openapi(routes.challenge, async (c) => {
    const results = await publicChallengeResults(c.var.services.database, Number(c.req.valid("param").id));
    return c.json(
      {
        data: {
          ...results,
          cycle: {
            ...results.cycle,
            windowStartsAt: iso(results.cycle.windowStartsAt),
            releasedAt: isoOrNull(results.cycle.releasedAt),
          },
        },
      },
      200,
    );
  })
  .openapi(routes.jimBound, async (c) => {
    const results = await publicJimBoundResults(c.var.services.database, Number(c.req.valid("param").id));
    return c.json(
      {
        data: {
          ...results,
          releasedAt: isoOrNull(results.releasedAt),
          awarded: results.awarded.map((a) => ({
            ...a,
            decidedAt: isoOrNull(a.decidedAt),
            evidence:
              a.evidence === null ? null : withPublicRunLocations(a.evidence as Record<string, unknown>),
          })),
        },
      },
      200,
    );
  })
  .openapi(packRoute, async (c) => {
    const { id, nomination: nominationId } = c.req.valid("param");
    const database = c.var.services.database;
    // Released cycles only (publicJimBoundResults answers 404 otherwise), awarded subjects only.
    const results = await publicJimBoundResults(database, Number(id));
    const missing = new ApiError("NOT_FOUND", `no published evidence pack ${nominationId} in cycle ${id}`);
    if (!results.awarded.some((a) => a.nominationId === Number(nominationId))) throw missing;
    const nomination = await getNomination(database, Number(nominationId));
    const stored = await evidencePack(database, nomination.id, "decision");
    if (!stored) throw missing;
    return sendPack(c, stored, c.req.valid("query")) as never;
  });
