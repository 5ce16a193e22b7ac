/**
 * Admin: accounts and invitations, Challenge cycles, the audit log with its chain check, and
 * whether outgoing e-mail is configured and flowing.
 */
import { createUser, listAccounts, reinvite } from "@atalaya/accounts";
import { outboxCounts } from "@atalaya/alerts";
import { auditEntries, verifyAuditLog } from "@atalaya/audit";
import { createAwardCycle, createCycle } from "@atalaya/committee";
import { OpenAPIHono, z } from "@hono/zod-openapi";
import { privateRoute } from "../../lib/auth";
import { AccountSchema, accountBody, CycleSchema, IdParams, RoleSchema } from "../../lib/committee-schemas";
import type { AppEnv } from "../../lib/context";
import { cycleBody } from "../../lib/cycle-body";
import { authErrorResponses, ErrorSchema } from "../../lib/errors";
import { singleLine } from "../../lib/params";
import { invitationBase } from "../../lib/public-origin";
import { AwardCycleSchema, awardCycleBody } from "../awards/schemas";

const json = <T extends z.ZodType>(schema: T) => ({ "application/json": { schema } });

const NewUser = z
  .object({
    email: singleLine(320),
    role: RoleSchema,
    displayName: singleLine(200).optional(),
    organisations: z.array(singleLine(100)).max(50).optional(),
    asns: z.array(z.number().int()).max(500).optional(),
    isChair: z.boolean().optional(),
    country: z.string().length(2).nullable().optional(),
  })
  .strict()
  .openapi("NewUser");

const Invitation = z
  .object({ data: z.object({ account: AccountSchema, invitationUrl: z.string() }) })
  .openapi("Invitation");

const NewCycle = z
  .object({
    name: singleLine(200).min(1),
    registrationOpensAt: z.iso.datetime({ offset: true }),
    registrationClosesAt: z.iso.datetime({ offset: true }),
    windowStartsAt: z.iso.datetime({ offset: true }),
    windowDays: z.number().int().min(1).max(366).optional(),
    reportDeadlineAt: z.iso.datetime({ offset: true }),
    reviewEndsAt: z.iso.datetime({ offset: true }),
    releaseAt: z.iso.datetime({ offset: true }),
    countryConflicts: z.boolean().optional(),
  })
  .strict()
  .openapi("NewChallengeCycle");

const NewAwardCycle = z
  .object({
    name: singleLine(200).min(1),
    evaluationDate: z.iso.date().openapi({ description: "The last day of the evaluation window" }),
    metric: z.enum(["capable", "preferred", "traffic"]).optional(),
    threshold: z.number().gt(0).lt(1).optional().openapi({ description: "Share in 0…1 (0.2 = 20%)" }),
    windowDays: z.number().int().min(1).max(366).optional(),
    minDays: z.number().int().min(1).max(366).optional(),
    minSamples: z.number().int().min(0).optional(),
    source: z.enum(["apnic", "atalaya-beacon", "self-reported"]).optional().openapi({
      description:
        "The source whose counts decide; absent: the metric's usual one (APNIC, or self-reported for traffic)",
    }),
    additionalSources: z
      .array(z.enum(["apnic", "atalaya-beacon"]))
      .max(2)
      .optional()
      .openapi({ description: "Sources whose counts are pooled with the deciding source's, day by day" }),
  })
  .strict()
  .openapi("NewAwardCycle");

const AuditRow = z
  .object({
    id: z.number().int(),
    at: z.string(),
    actorId: z.number().int().nullable(),
    action: z.string(),
    subjectKind: z.string(),
    subjectId: z.string(),
    detail: z.record(z.string(), z.unknown()),
    hash: z.string(),
  })
  .openapi("AuditRow");

// The token is in the fragment, so it never reaches a server log or a Referer header.
const invitationUrl = (base: string, token: string) => `${base}/sign-in/invitation#token=${token}`;

const noInvitationBase = {
  503: {
    description:
      "No address to put in the link: ATALAYA_PUBLIC_URL is unset and the request did not come over loopback",
    content: json(ErrorSchema),
  },
} as const;

const MailStatus = z
  .object({
    data: z.object({
      /** Whether ATALAYA_SMTP_URL is set. */
      configured: z.boolean(),
      /** Outgoing messages per status. */
      messages: z.object({
        queued: z.number().int(),
        sending: z.number().int(),
        sent: z.number().int(),
        failed: z.number().int(),
        "not-configured": z.number().int(),
      }),
    }),
  })
  .openapi("MailStatus");

const routes = {
  mail: privateRoute(["admin"], {
    method: "get",
    path: "/mail",
    tags: ["admin"],
    summary: "Whether e-mail is configured, and the outgoing messages per status (waiting, sent, failed)",
    responses: {
      200: { description: "E-mail status", content: json(MailStatus) },
      ...authErrorResponses,
    },
  }),
  listUsers: privateRoute(["admin"], {
    method: "get",
    path: "/users",
    tags: ["admin"],
    summary: "Every account",
    responses: {
      200: {
        description: "Accounts",
        content: json(z.object({ data: z.array(AccountSchema.extend({ hasPassword: z.boolean() })) })),
      },
      ...authErrorResponses,
    },
  }),
  addUser: privateRoute(["admin"], {
    method: "post",
    path: "/users",
    tags: ["admin"],
    summary: "Create an account; answers a one-time invitation link (no password is ever set by an admin)",
    request: { body: { content: json(NewUser), required: true } },
    responses: {
      201: { description: "Created", content: json(Invitation) },
      ...authErrorResponses,
      ...noInvitationBase,
    },
  }),
  reinvite: privateRoute(["admin"], {
    method: "post",
    path: "/users/{id}/invitation",
    tags: ["admin"],
    summary: "A new invitation link for an account (earlier unused links stop working)",
    request: { params: IdParams },
    responses: {
      200: {
        description: "New link",
        content: json(z.object({ data: z.object({ invitationUrl: z.string() }) })),
      },
      ...authErrorResponses,
      ...noInvitationBase,
    },
  }),
  addCycle: privateRoute(["admin"], {
    method: "post",
    path: "/challenge-cycles",
    tags: ["admin"],
    summary: "Create an IPv6 Challenge cycle",
    request: { body: { content: json(NewCycle), required: true } },
    responses: {
      201: { description: "Created", content: json(z.object({ data: CycleSchema })) },
      ...authErrorResponses,
    },
  }),
  addAwardCycle: privateRoute(["admin"], {
    method: "post",
    path: "/award-cycles",
    tags: ["admin"],
    summary: "Create a Jim Bound award cycle: its parameters, and the sources that decide it",
    request: { body: { content: json(NewAwardCycle), required: true } },
    responses: {
      201: { description: "Created", content: json(z.object({ data: AwardCycleSchema })) },
      ...authErrorResponses,
    },
  }),
  audit: privateRoute(["admin"], {
    method: "get",
    path: "/audit",
    tags: ["admin"],
    summary: "The audit log, newest first, and whether its hash chain holds",
    request: {
      query: z.object({
        subjectKind: singleLine(50).optional(),
        subjectId: singleLine(100).optional(),
        limit: z.coerce.number().int().min(1).max(1000).optional(),
      }),
    },
    responses: {
      200: {
        description: "Rows and the chain check",
        content: json(
          z.object({
            data: z.array(AuditRow),
            chain: z.object({
              rows: z.number().int(),
              intact: z.boolean(),
              problems: z.array(z.object({ id: z.number().int(), problem: z.string() })),
            }),
          }),
        ),
      },
      ...authErrorResponses,
    },
  }),
};

export const adminRoutes = new OpenAPIHono<AppEnv>()
  .openapi(routes.mail, async (c) => {
    const { database, mailConfigured } = c.var.services;
    return c.json({ data: { configured: mailConfigured, messages: await outboxCounts(database) } }, 200);
  })
  .openapi(routes.listUsers, async (c) => {
    const accounts = await listAccounts(c.var.services.database);
    return c.json({ data: accounts.map((a) => ({ ...accountBody(a), hasPassword: a.hasPassword })) }, 200);
  })
  .openapi(routes.addUser, async (c) => {
    const admin = c.var.account;
    // Before the account exists: a refusal must not leave an account without a link behind.
    const base = invitationBase(c);
    const { account, invitationToken } = await createUser(
      c.var.services.database,
      c.req.valid("json"),
      admin.id,
    );
    return c.json(
      {
        data: {
          account: accountBody(account),
          invitationUrl: invitationUrl(base, invitationToken),
        },
      },
      201,
    );
  })
  .openapi(routes.reinvite, async (c) => {
    const admin = c.var.account;
    // Before the new token: reinviting invalidates the earlier links.
    const base = invitationBase(c);
    const token = await reinvite(c.var.services.database, Number(c.req.valid("param").id), admin.id);
    return c.json({ data: { invitationUrl: invitationUrl(base, token) } }, 200);
  })
  .openapi(routes.addCycle, async (c) => {
    const admin = c.var.account;
    const body = c.req.valid("json");
    const cycle = await createCycle(
      c.var.services.database,
      {
        name: body.name,
        registrationOpensAt: new Date(body.registrationOpensAt),
        registrationClosesAt: new Date(body.registrationClosesAt),
        windowStartsAt: new Date(body.windowStartsAt),
        windowDays: body.windowDays,
        reportDeadlineAt: new Date(body.reportDeadlineAt),
        reviewEndsAt: new Date(body.reviewEndsAt),
        releaseAt: new Date(body.releaseAt),
        countryConflicts: body.countryConflicts,
      },
      admin,
    );
    return c.json({ data: cycleBody(cycle) }, 201);
  })
  .openapi(routes.addAwardCycle, async (c) => {
    const cycle = await createAwardCycle(c.var.services.database, c.req.valid("json"), c.var.account);
    return c.json({ data: awardCycleBody(cycle, null) }, 201);
  })
  .openapi(routes.audit, async (c) => {
    const { database } = c.var.services;
    const query = c.req.valid("query");
    const rows = await auditEntries(database, query);
    const chain = await verifyAuditLog(database);
    return c.json(
      {
        data: rows.map((r) => ({
          id: r.id,
          at: r.at.toISOString(),
          actorId: r.actorId,
          action: r.action,
          subjectKind: r.subjectKind,
          subjectId: r.subjectId,
          detail: r.detail as Record<string, unknown>,
          hash: r.hash,
        })),
        chain: { rows: chain.rows, intact: chain.problems.length === 0, problems: chain.problems },
      },
      200,
    );
  });
