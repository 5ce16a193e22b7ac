/**
 * Jim Bound decisions by the committee: nominate from the eligibility board (chair), vote
 * (members), decide (chair), release (chair or admin). Evidence is frozen by the server from its
 * own board, never taken from the request.
 */
import {
  CommitteeError,
  castVote,
  decide,
  evidencePack,
  getNomination,
  listNominations,
  mayReadNomination,
  nominate,
  releaseAward,
} from "@atalaya/committee";
import { OpenAPIHono, z } from "@hono/zod-openapi";
import { privateRoute } from "../../lib/auth";
import { IdParams, isoOrNull } from "../../lib/committee-schemas";
import type { AppEnv } from "../../lib/context";
import { ApiError, authErrorResponses } from "../../lib/errors";
import { EvidencePackQuery, evidencePackResponses, sendPack } from "../../lib/evidence-pack";
import { jimBoundEvidence } from "../../lib/jim-bound-evidence";
import { multiLine, singleLine } from "../../lib/params";

const json = <T extends z.ZodType>(schema: T) => ({ "application/json": { schema } });

const NominationSchema = z
  .object({
    id: z.number().int(),
    subjectKind: z.enum(["network", "organisation"]),
    subjectId: z.string(),
    name: z.string(),
    evidence: z.record(z.string(), z.unknown()),
    status: z.enum(["open", "awarded", "declined"]),
    nominatedAt: z.string(),
    decidedAt: z.string().nullable(),
    decisionNote: z.string().nullable(),
    decisionEvidence: z.record(z.string(), z.unknown()).nullable(),
    votes: z.object({ yes: z.number().int(), no: z.number().int(), abstain: z.number().int() }),
    myVote: z.enum(["yes", "no", "abstain"]).nullable(),
    conflict: z.boolean(),
    voters: z.array(
      z.object({ voter: z.string(), vote: z.enum(["yes", "no", "abstain"]), comment: z.string() }),
    ),
  })
  .openapi("JimBoundNomination");

const routes = {
  list: privateRoute(["committee", "admin"], {
    method: "get",
    path: "/cycles/{id}/nominations",
    tags: ["committee"],
    summary: "Nominations of an award cycle with votes and decisions (committee, admins)",
    request: { params: IdParams },
    responses: {
      200: {
        description: "Nominations",
        content: json(
          z.object({
            data: z.object({ releasedAt: z.string().nullable(), nominations: z.array(NominationSchema) }),
          }),
        ),
      },
      ...authErrorResponses,
    },
  }),
  nominate: privateRoute(["chair"], {
    method: "post",
    path: "/cycles/{id}/nominations",
    tags: ["committee"],
    summary: "Nominate a network or organisation from the cycle's eligibility board (chair)",
    request: {
      params: IdParams,
      body: {
        content: json(
          z.object({ kind: z.enum(["network", "organisation"]), id: singleLine(100).min(1) }).strict(),
        ),
        required: true,
      },
    },
    responses: {
      201: {
        description: "Nominated",
        content: json(z.object({ data: z.object({ id: z.number().int() }) })),
      },
      ...authErrorResponses,
    },
  }),
  vote: privateRoute(["committee"], {
    method: "put",
    path: "/nominations/{id}/vote",
    tags: ["committee"],
    summary: "Vote on a nomination (committee members without a conflict)",
    request: {
      params: IdParams,
      body: {
        content: json(
          z.object({ vote: z.enum(["yes", "no", "abstain"]), comment: multiLine(2000).default("") }).strict(),
        ),
        required: true,
      },
    },
    responses: {
      200: { description: "Stored", content: json(z.object({ data: z.object({ stored: z.boolean() }) })) },
      ...authErrorResponses,
    },
  }),
  decide: privateRoute(["chair"], {
    method: "post",
    path: "/nominations/{id}/decision",
    tags: ["committee"],
    summary: "Decide a nomination (chair); the evidence is frozen again at this moment",
    request: {
      params: IdParams,
      body: {
        content: json(
          z.object({ outcome: z.enum(["awarded", "declined"]), note: multiLine(5000).default("") }).strict(),
        ),
        required: true,
      },
    },
    responses: {
      200: {
        description: "Decided",
        content: json(
          z.object({
            data: z.object({ status: z.enum(["awarded", "declined"]), decidedAt: z.string().nullable() }),
          }),
        ),
      },
      ...authErrorResponses,
    },
  }),
  pack: privateRoute(["committee", "admin"], {
    method: "get",
    path: "/nominations/{id}/evidence-pack/{stage}",
    tags: ["committee"],
    summary:
      "The evidence pack frozen with a nomination or its decision (committee members without a conflict, admins)",
    request: {
      params: IdParams.extend({
        stage: z.enum(["nomination", "decision"]).openapi({ param: { name: "stage", in: "path" } }),
      }),
      query: EvidencePackQuery,
    },
    responses: { ...evidencePackResponses, ...authErrorResponses },
  }),
  release: privateRoute(["chair", "admin"], {
    method: "post",
    path: "/cycles/{id}/release",
    tags: ["committee"],
    summary: "Publish the cycle's Jim Bound results (chair or admin; every nomination decided)",
    request: { params: IdParams },
    responses: {
      200: {
        description: "Released",
        content: json(z.object({ data: z.object({ released: z.boolean() }) })),
      },
      ...authErrorResponses,
    },
  }),
};

export const jimBoundDecisionRoutes = new OpenAPIHono<AppEnv>()
  .openapi(routes.list, async (c) => {
    const account = c.var.account;
    const list = await listNominations(c.var.services.database, account, Number(c.req.valid("param").id));
    return c.json(
      {
        data: {
          releasedAt: isoOrNull(list.releasedAt),
          nominations: list.nominations.map((n) => ({
            ...n,
            evidence: n.evidence as Record<string, unknown>,
            decisionEvidence: n.decisionEvidence as Record<string, unknown> | null,
            nominatedAt: n.nominatedAt.toISOString(),
            decidedAt: isoOrNull(n.decidedAt),
          })),
        },
      },
      200,
    );
  })
  .openapi(routes.nominate, async (c) => {
    const account = c.var.account;
    const awardCycleId = Number(c.req.valid("param").id);
    const subject = c.req.valid("json");
    const frozen = await jimBoundEvidence(c.var.services, awardCycleId, subject);
    const row = await nominate(c.var.services.database, account, {
      awardCycleId,
      subjectKind: subject.kind,
      subjectId: subject.kind === "network" ? subject.id.replace(/^as/i, "") : subject.id,
      name: frozen.name,
      evidence: frozen.evidence,
      pack: frozen.pack,
    });
    return c.json({ data: { id: row.id } }, 201);
  })
  .openapi(routes.vote, async (c) => {
    const account = c.var.account;
    const body = c.req.valid("json");
    await castVote(
      c.var.services.database,
      account,
      Number(c.req.valid("param").id),
      body.vote,
      body.comment,
    );
    return c.json({ data: { stored: true } }, 200);
  })
  .openapi(routes.decide, async (c) => {
    const account = c.var.account;
    const id = Number(c.req.valid("param").id);
    const body = c.req.valid("json");
    const nomination = await getNomination(c.var.services.database, id);
    const frozen = await jimBoundEvidence(
      c.var.services,
      nomination.awardCycleId,
      { kind: nomination.subjectKind, id: nomination.subjectId },
      "decision",
    );
    const row = await decide(
      c.var.services.database,
      account,
      id,
      body.outcome,
      body.note,
      frozen.evidence,
      frozen.pack,
    );
    return c.json({ data: { status: body.outcome, decidedAt: isoOrNull(row.decidedAt) } }, 200);
  })
  .openapi(routes.pack, async (c) => {
    const { id, stage } = c.req.valid("param");
    const missing = new ApiError("NOT_FOUND", `no ${stage} evidence pack for nomination ${id}`);
    const nomination = await getNomination(c.var.services.database, Number(id)).catch((error: unknown) => {
      if (error instanceof CommitteeError && error.code === "NOT_FOUND") return null;
      throw error;
    });
    // A conflicted member learns no more than of a nomination that does not exist.
    if (!nomination || !mayReadNomination(c.var.account, nomination)) throw missing;
    const stored = await evidencePack(c.var.services.database, nomination.id, stage);
    if (!stored) throw missing;
    return sendPack(c, stored, c.req.valid("query")) as never;
  })
  .openapi(routes.release, async (c) => {
    const account = c.var.account;
    await releaseAward(c.var.services.database, account, Number(c.req.valid("param").id));
    return c.json({ data: { released: true } }, 200);
  });
