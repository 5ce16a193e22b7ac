/**
 * Disputes of a Jim Bound standing. ISP accounts file them (multipart: the fields and an optional
 * `file`) for the networks and organisations they act for and read their own; the committee reads
 * a cycle's disputes beside its nominations (without those it has a conflict with); the chair
 * resolves each with a reason. No public route shows a dispute before release (released.ts: after).
 */
import {
  cycleDisputes,
  type DisputeView,
  disputeAttachment,
  disputeSubjects,
  fileDispute,
  getDispute,
  ownDisputes,
  resolveDispute,
} from "@atalaya/committee";
import { OpenAPIHono, z } from "@hono/zod-openapi";
import { privateRoute } from "../../lib/auth";
import { IdParams, iso, isoOrNull } from "../../lib/committee-schemas";
import type { AppEnv } from "../../lib/context";
import { ApiError, authErrorResponses, ErrorSchema } from "../../lib/errors";
import { multiLine, singleLine } from "../../lib/params";

const json = <T extends z.ZodType>(schema: T) => ({ "application/json": { schema } });

const SubjectKindSchema = z.enum(["network", "organisation"]);
const AttachmentKindSchema = z.enum(["self-reported", "source-export"]);

const DisputeSchema = z
  .object({
    id: z.number().int(),
    awardCycleId: z.number().int(),
    cycleName: z.string(),
    subjectKind: SubjectKindSchema,
    subjectId: z.string(),
    name: z.string(),
    organisationId: z.string().nullable(),
    text: z.string(),
    filedBy: z.string(),
    filedAt: z.string(),
    status: z.enum(["open", "upheld", "rejected"]),
    resolvedBy: z.string().nullable(),
    resolvedAt: z.string().nullable(),
    reason: z.string().nullable(),
    attachment: z
      .object({
        kind: AttachmentKindSchema,
        fileName: z.string(),
        mediaType: z.string(),
        bytes: z.number().int(),
        sha256: z.string(),
        summary: z.record(z.string(), z.unknown()),
      })
      .nullable(),
  })
  .openapi("JimBoundDispute");

const NewDisputeForm = z
  .object({
    awardCycleId: z.string().regex(/^\d{1,9}$/, "a numeric id"),
    subjectKind: SubjectKindSchema,
    subjectId: singleLine(100).min(1),
    text: multiLine(5000).min(1),
    attachmentKind: AttachmentKindSchema.optional().openapi({
      description:
        "What `file` holds (required with a file): self-reported traffic or another source's export",
    }),
    file: z.any().optional().openapi({
      type: "string",
      format: "binary",
      description:
        "Optional: self-reported traffic (CSV `date,ipv4_bytes,ipv6_bytes`) or another source's export (CSV with a header, or JSON), at most 1 MiB",
    }),
  })
  .openapi("NewJimBoundDispute");

const errorContent = json(ErrorSchema);

function disputeBody(d: DisputeView) {
  return {
    ...d,
    filedAt: iso(d.filedAt),
    resolvedAt: isoOrNull(d.resolvedAt),
    attachment: d.attachment && { ...d.attachment, summary: d.attachment.summary as Record<string, unknown> },
  };
}

const routes = {
  subjects: privateRoute(["isp"], {
    method: "get",
    path: "/subjects",
    tags: ["disputes"],
    summary: "The networks and organisations this ISP account may file disputes for",
    responses: {
      200: {
        description: "Subjects",
        content: json(
          z.object({
            data: z.array(
              z.object({
                kind: SubjectKindSchema,
                id: z.string(),
                name: z.string(),
                organisationId: z.string().nullable(),
              }),
            ),
          }),
        ),
      },
      ...authErrorResponses,
    },
  }),
  mine: privateRoute(["isp"], {
    method: "get",
    path: "/mine",
    tags: ["disputes"],
    summary: "Disputes of the networks and organisations this ISP account acts for, with resolutions",
    responses: {
      200: {
        description: "Disputes, newest first",
        content: json(z.object({ data: z.array(DisputeSchema) })),
      },
      ...authErrorResponses,
    },
  }),
  file: privateRoute(["isp"], {
    method: "post",
    path: "/",
    tags: ["disputes"],
    summary:
      "Dispute a network's or organisation's Jim Bound standing in an unreleased award cycle (ISP accounts, for what they act for)",
    request: { body: { content: { "multipart/form-data": { schema: NewDisputeForm } }, required: true } },
    responses: {
      201: { description: "Filed", content: json(z.object({ data: DisputeSchema })) },
      ...authErrorResponses,
      413: { description: "The attachment is larger than 1 MiB", content: errorContent },
      415: { description: "The attachment is not a CSV or JSON text file", content: errorContent },
    },
  }),
  cycle: privateRoute(["committee", "admin"], {
    method: "get",
    path: "/cycles/{id}",
    tags: ["disputes"],
    summary: "An award cycle's disputes (committee members see those without a conflict; admins all)",
    request: { params: IdParams },
    responses: {
      200: { description: "Disputes", content: json(z.object({ data: z.array(DisputeSchema) })) },
      ...authErrorResponses,
    },
  }),
  one: privateRoute([], {
    method: "get",
    path: "/{id}",
    tags: ["disputes"],
    summary: "One dispute (its organisation, committee members without a conflict, admins)",
    request: { params: IdParams },
    responses: {
      200: { description: "The dispute", content: json(z.object({ data: DisputeSchema })) },
      ...authErrorResponses,
    },
  }),
  attachment: privateRoute([], {
    method: "get",
    path: "/{id}/attachment",
    tags: ["disputes"],
    summary: "Download a dispute's attachment (whoever may see the dispute)",
    request: { params: IdParams },
    responses: {
      200: {
        description: "The file as filed (text/csv or application/json)",
        content: {
          "application/octet-stream": { schema: z.any().openapi({ type: "string", format: "binary" }) },
        },
      },
      ...authErrorResponses,
    },
  }),
  resolve: privateRoute(["chair"], {
    method: "post",
    path: "/{id}/resolution",
    tags: ["disputes"],
    summary: "Uphold or reject an open dispute with a reason the filer reads (chair without a conflict)",
    request: {
      params: IdParams,
      body: {
        content: json(
          z.object({ outcome: z.enum(["upheld", "rejected"]), reason: multiLine(5000).min(1) }).strict(),
        ),
        required: true,
      },
    },
    responses: {
      200: { description: "Resolved", content: json(z.object({ data: DisputeSchema })) },
      ...authErrorResponses,
    },
  }),
};

export const disputeRoutes = new OpenAPIHono<AppEnv>()
  .openapi(routes.subjects, async (c) => {
    const subjects = await disputeSubjects(c.var.services.database, c.var.account);
    return c.json({ data: subjects }, 200);
  })
  .openapi(routes.mine, async (c) => {
    const disputes = await ownDisputes(c.var.services.database, c.var.account);
    return c.json({ data: disputes.map(disputeBody) }, 200);
  })
  .openapi(routes.file, async (c) => {
    const account = c.var.account;
    const { database } = c.var.services;
    // The body limit (lib/body-limit.ts) refused anything past the attachment's limit, unread.
    const form = c.req.valid("form");
    const file: unknown = form.file;
    // A form whose file input was left empty still sends a nameless, empty part.
    const attached = file instanceof File && !(file.name === "" && file.size === 0) ? file : null;
    if (file !== undefined && !(file instanceof File))
      throw new ApiError("BAD_REQUEST", "file: send the attachment as a file part");
    if (attached && !form.attachmentKind)
      throw new ApiError(
        "BAD_REQUEST",
        "attachmentKind: say what the file holds (self-reported or source-export)",
      );
    const row = await fileDispute(database, account, {
      awardCycleId: Number(form.awardCycleId),
      subjectKind: form.subjectKind,
      subjectId: form.subjectId,
      text: form.text,
      attachment:
        attached && form.attachmentKind
          ? {
              kind: form.attachmentKind,
              fileName: attached.name || "attachment",
              bytes: new Uint8Array(await attached.arrayBuffer()),
            }
          : undefined,
    });
    return c.json({ data: disputeBody(await getDispute(database, account, row.id)) }, 201);
  })
  .openapi(routes.cycle, async (c) => {
    const list = await cycleDisputes(c.var.services.database, c.var.account, Number(c.req.valid("param").id));
    return c.json({ data: list.map(disputeBody) }, 200);
  })
  .openapi(routes.one, async (c) => {
    const dispute = await getDispute(c.var.services.database, c.var.account, Number(c.req.valid("param").id));
    return c.json({ data: disputeBody(dispute) }, 200);
  })
  .openapi(routes.attachment, async (c) => {
    const file = await disputeAttachment(
      c.var.services.database,
      c.var.account,
      Number(c.req.valid("param").id),
    );
    return c.body(Buffer.from(file.content), 200, {
      "content-type": file.mediaType,
      "content-disposition": `attachment; filename="${file.fileName}"`,
      "x-content-type-options": "nosniff",
    }) as never;
  })
  .openapi(routes.resolve, async (c) => {
    const account = c.var.account;
    const { database } = c.var.services;
    const id = Number(c.req.valid("param").id);
    const body = c.req.valid("json");
    await resolveDispute(database, account, id, body.outcome, body.reason);
    return c.json({ data: disputeBody(await getDispute(database, account, id)) }, 200);
  });
