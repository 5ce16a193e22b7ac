/**
 * Committee review of Challenge entries: scores on the five FLIP6 criteria, declared conflicts,
 * the discussion thread, the chair's table and finalist/winner marks. Entries a member has a
 * conflict with answer 404 here, like entries that do not exist.
 */
import {
  addComment,
  CRITERIA,
  declareConflict,
  listComments,
  scoresForReviewer,
  scoreTable,
  setOutcome,
  submitScore,
} from "@atalaya/committee";
import { OpenAPIHono, z } from "@hono/zod-openapi";
import { privateRoute } from "../../lib/auth";
import { IdParams, iso } from "../../lib/committee-schemas";
import type { AppEnv } from "../../lib/context";
import { authErrorResponses } from "../../lib/errors";
import { multiLine } from "../../lib/params";

const json = <T extends z.ZodType>(schema: T) => ({ "application/json": { schema } });
const score = z.number().int().min(1).max(5);
const comment = multiLine(5000).optional();

const ScoreInput = z
  .object({
    originality: score,
    experience: score,
    applicability: score,
    replicability: score,
    development: score,
    comments: z
      .object({
        originality: comment,
        experience: comment,
        applicability: comment,
        replicability: comment,
        development: comment,
        overall: comment,
      })
      .strict()
      .default({}),
  })
  .strict()
  .openapi("ScoreInput");

const Scores = z.object({
  originality: z.number().int(),
  experience: z.number().int(),
  applicability: z.number().int(),
  replicability: z.number().int(),
  development: z.number().int(),
});
const ScoreView = z
  .object({
    reviewerId: z.number().int(),
    reviewer: z.string(),
    scores: Scores,
    total: z.number().int(),
    comments: z.record(z.string(), z.string()),
    submittedAt: z.string(),
  })
  .openapi("Score");
const Means = z.object(
  Object.fromEntries(CRITERIA.map((c) => [c, z.number().nullable()])) as Record<
    (typeof CRITERIA)[number],
    z.ZodNullable<z.ZodNumber>
  >,
);

type View = Awaited<ReturnType<typeof scoresForReviewer>>["others"][number];
const viewBody = (v: View) => ({ ...v, submittedAt: iso(v.submittedAt) });

const routes = {
  scores: privateRoute(["committee"], {
    method: "get",
    path: "/entries/{id}/scores",
    tags: ["review"],
    summary: "Your score for an entry, and the others' once yours is in (the chair sees all)",
    request: { params: IdParams },
    responses: {
      200: {
        description: "Scores",
        content: json(
          z.object({
            data: z.object({
              own: ScoreView.nullable(),
              othersHidden: z.boolean(),
              others: z.array(ScoreView),
              count: z.number().int(),
            }),
          }),
        ),
      },
      ...authErrorResponses,
    },
  }),
  score: privateRoute(["committee"], {
    method: "put",
    path: "/entries/{id}/score",
    tags: ["review"],
    summary: "Submit or change your score (1–5 on each FLIP6 criterion, with comments)",
    request: { params: IdParams, body: { content: json(ScoreInput), required: true } },
    responses: {
      200: { description: "Stored", content: json(z.object({ data: z.object({ stored: z.boolean() }) })) },
      ...authErrorResponses,
    },
  }),
  conflict: privateRoute(["committee"], {
    method: "post",
    path: "/entries/{id}/conflict",
    tags: ["review"],
    summary: "Declare a conflict of interest with an entry (withdraws your score; you stop seeing it)",
    request: {
      params: IdParams,
      body: { content: json(z.object({ note: multiLine(2000).min(1) }).strict()), required: true },
    },
    responses: {
      200: {
        description: "Declared",
        content: json(z.object({ data: z.object({ declared: z.boolean() }) })),
      },
      ...authErrorResponses,
    },
  }),
  comments: privateRoute(["committee"], {
    method: "get",
    path: "/entries/{id}/comments",
    tags: ["review"],
    summary: "The committee's discussion of an entry",
    request: { params: IdParams },
    responses: {
      200: {
        description: "Thread",
        content: json(
          z.object({
            data: z.array(
              z.object({ id: z.number().int(), author: z.string(), body: z.string(), createdAt: z.string() }),
            ),
          }),
        ),
      },
      ...authErrorResponses,
    },
  }),
  comment: privateRoute(["committee"], {
    method: "post",
    path: "/entries/{id}/comments",
    tags: ["review"],
    summary: "Add to the discussion",
    request: {
      params: IdParams,
      body: { content: json(z.object({ body: multiLine(10_000).min(1) }).strict()), required: true },
    },
    responses: {
      201: { description: "Added", content: json(z.object({ data: z.object({ id: z.number().int() }) })) },
      ...authErrorResponses,
    },
  }),
  table: privateRoute(["chair"], {
    method: "get",
    path: "/cycles/{id}/table",
    tags: ["review"],
    summary:
      "The chair's table: every entry with mean scores and outcome (conflicted entries without scores)",
    request: { params: IdParams },
    responses: {
      200: {
        description: "Table",
        content: json(
          z.object({
            data: z.array(
              z.object({
                entryId: z.number().int(),
                name: z.string(),
                organisationId: z.string(),
                cc: z.string().nullable(),
                conflicts: z.array(z.enum(["organisation", "declared", "country"])),
                reviews: z.number().int().nullable(),
                means: Means.nullable(),
                total: z.number().nullable(),
                outcome: z.enum(["finalist", "winner"]).nullable(),
              }),
            ),
          }),
        ),
      },
      ...authErrorResponses,
    },
  }),
  outcome: privateRoute(["chair"], {
    method: "put",
    path: "/entries/{id}/outcome",
    tags: ["review"],
    summary: "Mark an entry finalist or winner, or clear the mark (chair)",
    request: {
      params: IdParams,
      body: {
        content: json(z.object({ outcome: z.enum(["finalist", "winner"]).nullable() }).strict()),
        required: true,
      },
    },
    responses: {
      200: {
        description: "Stored",
        content: json(z.object({ data: z.object({ outcome: z.enum(["finalist", "winner"]).nullable() }) })),
      },
      ...authErrorResponses,
    },
  }),
};

export const reviewRoutes = new OpenAPIHono<AppEnv>()
  .openapi(routes.scores, async (c) => {
    const account = c.var.account;
    const view = await scoresForReviewer(c.var.services.database, account, Number(c.req.valid("param").id));
    return c.json(
      { data: { ...view, own: view.own ? viewBody(view.own) : null, others: view.others.map(viewBody) } },
      200,
    );
  })
  .openapi(routes.score, async (c) => {
    const account = c.var.account;
    await submitScore(c.var.services.database, account, Number(c.req.valid("param").id), c.req.valid("json"));
    return c.json({ data: { stored: true } }, 200);
  })
  .openapi(routes.conflict, async (c) => {
    const account = c.var.account;
    await declareConflict(
      c.var.services.database,
      account,
      Number(c.req.valid("param").id),
      c.req.valid("json").note,
    );
    return c.json({ data: { declared: true } }, 200);
  })
  .openapi(routes.comments, async (c) => {
    const account = c.var.account;
    const rows = await listComments(c.var.services.database, account, Number(c.req.valid("param").id));
    return c.json({ data: rows.map((r) => ({ ...r, createdAt: iso(r.createdAt) })) }, 200);
  })
  .openapi(routes.comment, async (c) => {
    const account = c.var.account;
    const row = await addComment(
      c.var.services.database,
      account,
      Number(c.req.valid("param").id),
      c.req.valid("json").body,
    );
    return c.json({ data: { id: row?.id ?? 0 } }, 201);
  })
  .openapi(routes.table, async (c) => {
    const account = c.var.account;
    return c.json(
      { data: await scoreTable(c.var.services.database, account, Number(c.req.valid("param").id)) },
      200,
    );
  })
  .openapi(routes.outcome, async (c) => {
    const account = c.var.account;
    const { outcome } = c.req.valid("json");
    await setOutcome(c.var.services.database, account, Number(c.req.valid("param").id), outcome);
    return c.json({ data: { outcome } }, 200);
  });
